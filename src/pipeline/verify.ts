import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { loadProjectSources, type ProjectLocation } from '../load/load-project.js';
import type { ReleaseVerification } from '../validate/rules/release-approvals.js';

/** What `verify` found: every release with its status, and every diagnostic of the project. */
export interface VerifyResult {
  readonly ok: boolean;
  readonly organisation: string | null;
  readonly releases: readonly ReleaseVerification[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * `verify`: every stored release of a project checked as an auditor would (seal, signature, signer in
 * allowed_signers, signer holding the approver role on the release date, organisation id, dates
 * forward and none after `today`), with the rest of the project validated too, since a release is
 * only as good as the organisation file it is judged against.
 */
export async function verifyProject(request: ProjectLocation & { readonly today: string }): Promise<VerifyResult> {
  const sources = await loadProjectSources(request);
  if (!sources.value) return { ok: false, organisation: null, releases: [], diagnostics: sortDiagnostics(sources.diagnostics) };
  const { validateProject } = await import('../validate/validate-project.js');
  const validated = validateProject(sources.value);
  const diagnostics = [...sources.diagnostics, ...validated.diagnostics];
  const releases = (validated.value?.verifications ?? validated.verifications ?? []).map((release): ReleaseVerification => {
    if (release.date <= request.today) return release;
    const problem = diagnostic('release/date-in-future', release.file, { line: 0, column: 0 }, `The release ${release.policy} ${release.version} is dated ${release.date}, after today (${request.today}): it records an approval that has not happened yet.`, {
      hint: 'Restore the file from version control; a release is dated on the day of its approval.',
    });
    diagnostics.push(problem);
    return { ...release, status: 'failed', problems: [...release.problems, problem] };
  });
  return { ok: !hasErrors(diagnostics), organisation: validated.value?.organisation.id ?? null, releases, diagnostics: sortDiagnostics(diagnostics) };
}
