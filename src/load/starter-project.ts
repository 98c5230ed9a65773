import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from './package-info.js';

/** The starter organisation file that `init` copies, and where the JSON Schema of organisation files is. */
export async function loadStarterProject(): Promise<{ organisation: string; schemaFile: string }> {
  const organisation = await readFile(path.join(PACKAGE_ROOT, 'examples', 'starter', 'organisation.yaml'), 'utf8');
  return { organisation, schemaFile: path.join(PACKAGE_ROOT, 'src', 'schema', 'organisation.schema.json') };
}
