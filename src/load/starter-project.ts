import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from './package-info.js';

/** The CI systems `init --ci` writes a workflow for. */
export const CI_SYSTEMS = ['github', 'gitlab'] as const;
export type CiSystem = (typeof CI_SYSTEMS)[number];

/** The JSON Schema of organisation files, as a path inside the policymark package. */
export const SCHEMA_IN_PACKAGE = 'src/schema/organisation.schema.json';

/** What `init` copies from this installation: the starter organisation file, its schema, this package's name, version and whether it is published. */
export interface StarterProject {
  readonly organisation: string;
  readonly schemaFile: string;
  readonly version: string;
  /** True while the package is marked `private` (not on the npm registry): a registry spec could fetch someone else's package. */
  readonly unpublished: boolean;
}

/** The starter organisation file that `init` copies, and where the JSON Schema of organisation files is. */
export async function loadStarterProject(): Promise<StarterProject> {
  const organisation = await readFile(path.join(PACKAGE_ROOT, 'examples', 'starter', 'organisation.yaml'), 'utf8');
  const manifest = JSON.parse(await readFile(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown; private?: unknown };
  return { organisation, schemaFile: path.join(PACKAGE_ROOT, SCHEMA_IN_PACKAGE), version: String(manifest.version), unpublished: manifest.private === true };
}

/** The workflow `init --ci` writes, from `ci-templates/` of this installation. */
export async function loadCiTemplate(system: CiSystem): Promise<string> {
  return readFile(path.join(PACKAGE_ROOT, 'ci-templates', `${system}.yml`), 'utf8');
}

/** The text of a file a new project may already have (`.gitignore`), or undefined when there is none. */
export async function readExistingText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Whether a file is there (the tarball a new project's package.json names). */
export async function fileExists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}
