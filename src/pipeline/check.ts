import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ValidatedProject } from '../validate/project.js';
import { composeSelected, type SelectedDocument, type VersionSelection } from './compose-selected.js';
import { prepareProject, type ProjectRequest } from './prepare-project.js';

export type CheckResult =
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: true; readonly diagnostics: readonly Diagnostic[]; readonly project: ValidatedProject; readonly documents: readonly SelectedDocument[] };

/**
 * `check`: the build pipeline up to and including composition, writing nothing. Every selected policy
 * is composed in every selected language, so a check that passes means the build will too.
 */
export async function checkProject(request: ProjectRequest & { readonly select?: VersionSelection }): Promise<CheckResult> {
  const prepared = await prepareProject(request);
  if (!prepared.value) return { ok: false, diagnostics: prepared.diagnostics };
  const composed = composeSelected(prepared.value, request);
  const diagnostics = [...prepared.diagnostics, ...composed.diagnostics];
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  return { ok: true, diagnostics, project: prepared.value.project, documents: composed.documents };
}
