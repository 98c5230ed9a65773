import { createHash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

/**
 * Diagnostics as a GitLab Code Quality report (the Code Climate issue format GitLab reads from
 * `artifacts:reports:codequality`): GitLab shows them in the merge request's Code Quality widget and
 * on the changed lines of its diff, which it does not do for SARIF. The fingerprint is stable for the
 * same finding, so GitLab can tell new findings from fixed ones between the two branches.
 */
export function formatCodeQuality(diagnostics: readonly Diagnostic[]): string {
  const issues = diagnostics.map((d) => ({
    description: d.hint ? `${d.message} ${d.hint}` : d.message,
    check_name: d.code,
    fingerprint: createHash('sha256').update(`${d.code}\0${d.file}\0${d.line}\0${d.message}`).digest('hex'),
    severity: d.severity === 'error' ? 'major' : 'minor',
    location: { path: d.file, lines: { begin: Math.max(d.line, 1) } },
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}
