import path from 'node:path';
import { fileExists, loadCiTemplate, loadStarterProject, readExistingText, SCHEMA_IN_PACKAGE, type CiSystem } from '../load/starter-project.js';
import { writeNewProject, type NewProjectFile } from '../write/new-project.js';

/** What `init` is asked for. */
export interface InitRequest {
  readonly dir: string;
  /** Also write a CI workflow for each of these systems. */
  readonly ci?: readonly CiSystem[] | undefined;
  /**
   * The devDependency spec for policymark in the new package.json, as the user gave it: a version, a
   * range, `file:...`, or an absolute path to a packed tarball (made relative to the project).
   */
  readonly packageSpec?: string | undefined;
}

export type InitResult =
  | { readonly exists: string }
  | {
      readonly created: string;
      /** Files written, relative to the project, in the order written. */
      readonly written: readonly string[];
      /** Files that were there already and were left as they were. */
      readonly kept: readonly string[];
      /** Lines added to an existing .gitignore. */
      readonly gitignoreAdded: readonly string[];
      /** The spec written for policymark in package.json. */
      readonly packageSpec: string;
      /** Set when the spec names a tarball that is not in the project yet: where to put it. */
      readonly tarballNeeded?: string;
    };

/** Where each CI system looks for its workflow. */
export const CI_WORKFLOW_FILES: Record<CiSystem, string> = { github: '.github/workflows/policies.yml', gitlab: '.gitlab-ci.yml' };

/** What a policymark project keeps out of version control. */
const IGNORED = ['output/', 'node_modules/', 'review/'];

/**
 * `init`: a new organisation project in `dir`: the starter organisation file (its id from the folder's
 * name), a package.json that makes policymark a devDependency of the project (so `npx policymark` runs
 * the project's own version, on every machine and in CI), a .gitignore, and with `ci` a workflow.
 * The schema reference points into the project's own node_modules, so it resolves wherever the project
 * is cloned. Never overwrites a file: an existing organisation file stops it, an existing .gitignore
 * gets the missing lines, any other existing file is kept.
 */
export async function initProject(request: InitRequest): Promise<InitResult> {
  const { dir } = request;
  const starter = await loadStarterProject();
  const id = slug(path.basename(dir)) || 'example';
  const organisation = starter.organisation
    .replace(/^# yaml-language-server: \$schema=.*$/m, `# yaml-language-server: $schema=node_modules/policymark/${SCHEMA_IN_PACKAGE}`)
    .replace(/^id: example$/m, `id: ${id}`);
  const tarball = `policymark-${starter.version}.tgz`;
  const packageSpec = specFor(request.packageSpec, dir, starter.unpublished ? `file:${tarball}` : starter.version);
  const packageJson = `${JSON.stringify({
    name: id,
    private: true,
    description: 'Information-security and compliance policies, built with policymark.',
    scripts: { check: 'policymark check', build: 'policymark build', register: 'policymark register' },
    devDependencies: { policymark: packageSpec },
  }, null, 2)}\n`;
  const existingIgnore = await readExistingText(path.join(dir, '.gitignore'));
  const present = new Set((existingIgnore ?? '').split(/\r?\n/).map((line) => line.trim()));
  const gitignoreAdded = IGNORED.filter((line) => !present.has(line) && !present.has(`/${line}`) && !present.has(line.replace(/\/$/, '')));
  const gitignore: NewProjectFile | undefined = existingIgnore === undefined
    ? { name: '.gitignore', text: `${IGNORED.join('\n')}\n`, mode: 'create' }
    : gitignoreAdded.length > 0
      ? { name: '.gitignore', text: `${existingIgnore}${existingIgnore === '' || existingIgnore.endsWith('\n') ? '' : '\n'}${gitignoreAdded.join('\n')}\n`, mode: 'replace' }
      : undefined;
  const files: NewProjectFile[] = [
    { name: 'organisation.yaml', text: organisation, mode: 'required' },
    { name: 'package.json', text: packageJson, mode: 'create' },
    ...(gitignore ? [gitignore] : []),
    ...(await Promise.all((request.ci ?? []).map(async (system) => ({ name: CI_WORKFLOW_FILES[system], text: await loadCiTemplate(system), mode: 'create' as const })))),
  ];
  const result = await writeNewProject(dir, files);
  if ('exists' in result) return { exists: path.join(dir, result.exists) };
  const kept = [...result.kept, ...(existingIgnore !== undefined && gitignoreAdded.length === 0 ? ['.gitignore'] : [])];
  const wroteSpec = result.written.includes('package.json');
  const tarballNeeded = wroteSpec && packageSpec === `file:${tarball}` && !(await fileExists(path.join(dir, tarball))) ? tarball : undefined;
  return {
    created: path.join(dir, 'organisation.yaml'),
    written: result.written,
    kept,
    gitignoreAdded: existingIgnore === undefined ? [] : gitignoreAdded,
    packageSpec,
    ...(tarballNeeded ? { tarballNeeded } : {}),
  };
}

/** A path to a tarball becomes a `file:` spec relative to the project, so the project can be moved or cloned with it. */
function specFor(given: string | undefined, dir: string, fallback: string): string {
  if (given === undefined) return fallback;
  if (!/\.(tgz|tar\.gz)$/.test(given) || given.startsWith('file:') || /^https?:/.test(given)) return given;
  return `file:${path.relative(dir, path.resolve(given)).split(path.sep).join('/')}`;
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').replace(/^[^a-z]+/, '');
}
