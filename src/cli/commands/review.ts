import path from 'node:path';
import { reviewChanges, type PolicyReview, type ReviewResult } from '../../pipeline/review.js';
import { LANGUAGES } from '../../schema/common.js';
import { EXIT_CONTENT, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { formatDiagnostics } from '../print-diagnostics.js';
import { listFlag, parseFlags, PROJECT_OPTIONS, projectLocation, today } from '../options.js';
import { styleFor } from '../style.js';

export const REVIEW_USAGE = `Usage: policymark review --base REF [options]

What a pull request changes in the policies, for the people who must approve it: every policy composed
as it is now and as it was at REF (read with git; the working tree is not touched), compared section by
section. Prints a Markdown summary fit for a pull-request comment: the policies and sections changed,
the controls and frameworks they map to, whether the change looks material (staff acknowledge it again)
or editorial, the version the next release should carry, and who must approve it. Writes the Word
redline of each changed policy, with tracked changes, into --out.

Options:
  --base REF         the branch, tag or commit to compare with, e.g. origin/main (required)
  --out DIR          folder for the Word redlines (default: review); "--out -" writes none
  --lang LANG        the language to compare (default: the organisation's first)
  --org FILE         organisation variables file (default: organisation.yaml)
  --library DIR      module library (default: the organisation file's \`library:\`, else the bundled one)
  --json             the review as JSON instead of Markdown
  -h, --help         show this help

Material or editorial is a suggestion from what changed (sections added or removed, mappings, owner,
approver, classification or review interval, or a number or obligation word such as "must" or "within"
in the changed text); the approver decides with release --material or --editorial.
`;

export async function runReview(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, { ...PROJECT_OPTIONS, base: { type: 'string' }, out: { type: 'string' }, lang: { type: 'string' } }, REVIEW_USAGE);
  if (values.help) {
    io.stdout.write(REVIEW_USAGE);
    return EXIT_OK;
  }
  if (values.base === undefined) throw new UsageError('Name the version to compare with: --base REF, e.g. --base origin/main.', REVIEW_USAGE);
  const [lang] = listFlag(values.lang, LANGUAGES, 'lang', REVIEW_USAGE);
  const out = values.out ?? 'review';
  const outDir = out === '-' ? undefined : path.resolve(io.cwd, out);
  const result = await reviewChanges({ ...projectLocation(io, values), base: values.base, outDir, lang, today: today(io.env, REVIEW_USAGE) });
  if (!result.ok) {
    if (values.json) io.stdout.write(`${JSON.stringify({ ok: false, diagnostics: result.diagnostics }, null, 2)}\n`);
    else io.stderr.write(formatDiagnostics(result.diagnostics, styleFor(io.stderr.isTTY === true, io.env)));
    return EXIT_CONTENT;
  }
  const relative = (file: string): string => path.relative(io.cwd, file).split(path.sep).join('/');
  if (values.json) {
    const policies = result.policies.map((p) => (p.redline ? { ...p, redline: relative(p.redline) } : p));
    io.stdout.write(`${JSON.stringify({ ok: true, base: result.base, commit: result.commit, lang: result.lang, policies, diagnostics: result.diagnostics }, null, 2)}\n`);
  } else {
    io.stdout.write(reviewToMarkdown(result, relative));
  }
  const redlines = result.policies.filter((p) => p.redline).length;
  io.stderr.write(`${result.policies.length === 0 ? 'No policy changed' : `${result.policies.length} ${result.policies.length === 1 ? 'policy' : 'policies'} changed`} since ${result.base}${redlines > 0 ? `; ${redlines} redline${redlines === 1 ? '' : 's'} in ${relative(outDir!) || '.'}` : ''}.\n`);
  return EXIT_OK;
}

/** The review as a pull-request comment: a table of the policies, then one part per policy. */
export function reviewToMarkdown(result: Extract<ReviewResult, { ok: true }>, relative: (file: string) => string): string {
  const lines: string[] = [`## Policy review: changes since \`${result.base}\``, ''];
  if (result.policies.length === 0) return `${lines.join('\n')}No policy document changes.\n`;
  lines.push('| Document | Change | Next version | Must approve |', '|---|---|---|---|');
  for (const p of result.policies) {
    lines.push(`| ${cell(p.title)} (\`${p.policy}\`) | ${p.status === 'changed' ? p.change : `${p.status}, ${p.change}`} | ${p.next}${p.released ? ` (${p.bump}, from ${p.released})` : p.status === 'removed' ? '' : ' (first release)'} | ${cell(p.approver)} |`);
  }
  for (const p of result.policies) lines.push('', ...policyPart(p, result.frameworkNames, relative));
  lines.push('', `Material or editorial is suggested from what changed; the approver decides when releasing (\`policymark release ${result.policies[0]!.policy} --version ${result.policies[0]!.next} --material\` or \`--editorial\`).`);
  return `${lines.join('\n')}\n`;
}

function policyPart(p: PolicyReview, names: Readonly<Record<string, string>>, relative: (file: string) => string): string[] {
  const lines = [`### ${p.title} (\`${p.policy}\`)`, ''];
  const kind = p.change === 'material' ? '**Material**: readers acknowledge it again' : '**Editorial**: no new acknowledgement';
  lines.push(`${kind} (${p.reasons.join('; ')}).`);
  lines.push(`Next release: ${p.next}${p.released ? ` (a ${p.bump} change from ${p.released})` : ''}. Must approve: ${p.approver}; owner: ${p.owner}.`);
  lines.push('', 'Sections changed:', '');
  for (const s of p.sections) lines.push(`- ${s.number} ${s.title}: ${s.changes.join('; ')}`);
  if (p.frameworks.length > 0) {
    lines.push('', `Frameworks affected: ${p.frameworks.map((f) => names[f] ?? f).join('; ')}.`);
    lines.push(`Controls of the changed sections: ${p.controls.affected.map((c) => `\`${c}\``).join(', ') || 'none'}.`);
  }
  if (p.controls.added.length > 0) lines.push(`Mappings added: ${p.controls.added.map((c) => `\`${c}\``).join(', ')}.`);
  if (p.controls.removed.length > 0) lines.push(`Mappings removed: ${p.controls.removed.map((c) => `\`${c}\``).join(', ')}.`);
  if (p.variables.length > 0) lines.push(`Organisation values changed: ${p.variables.map((v) => `\`${v.field}\` ${v.from ?? '(none)'} → ${v.to ?? '(none)'}`).join(', ')}.`);
  if (p.redline) lines.push(`Redline (Word, tracked changes): \`${relative(p.redline)}\`.`);
  return lines;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
