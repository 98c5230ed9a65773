import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { WordChange } from '../diff/diff-models.js';
import type { EntryChange } from './compare-libraries.js';
import type { ClientUpgradePlan } from './plan-client-upgrade.js';

/**
 * One client's upgrade as reported (`<id>.json`): `planned` (nothing written), `applied`, `conflicts`
 * (an error stops it: conflicts or tailoring to fix), `up-to-date`, or `failed` (its files or versions
 * could not be used).
 */
export interface ClientUpgradeReport extends ClientUpgradePlan {
  readonly status: 'planned' | 'applied' | 'conflicts' | 'up-to-date' | 'failed';
  /** The library version merged from and to. */
  readonly from: string | undefined;
  readonly to: string | undefined;
  /** What changed in the library between the two versions. */
  readonly changes: readonly EntryChange[];
  /** Files written into the client's project, relative to where policymark ran. */
  readonly written: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Across all clients: who must re-release which policies, and who must merge by hand (`summary.json`). */
export interface UpgradeSummary {
  readonly to: string;
  readonly clients: readonly {
    readonly organisation: string;
    readonly organisationFile: string;
    readonly status: ClientUpgradeReport['status'];
    readonly from: string | undefined;
    /** Released policies whose documents change: each needs a new release. */
    readonly rerelease: readonly string[];
    /** Policies never released whose drafts change. */
    readonly drafts: readonly string[];
    /** The client's files with merge conflicts. */
    readonly manualMerge: readonly string[];
    /** Other findings (tailoring, removed overrides, versions) to read. */
    readonly attention: number;
  }[];
}

/** The report of one client's upgrade as Markdown: changes, overrides, tailoring findings, policies to re-release. */
export function clientUpgradeToMarkdown(report: ClientUpgradeReport): string {
  const lines: string[] = [`# Library upgrade of ${report.organisation}: ${report.from ?? 'unknown'} to ${report.to ?? 'unknown'}`, ''];
  lines.push(`Organisation file: \`${report.organisationFile}\`. Status: **${report.status}**.`, '');
  if (report.policies.length > 0) {
    lines.push('## Policies whose documents change', '', '| Policy | Latest release | Action | Why |', '|---|---|---|---|');
    for (const p of report.policies) lines.push(`| ${p.policy} | ${p.latestRelease ?? 'none'} | ${p.latestRelease ? 'release again' : 'draft only'} | ${p.reasons.map(cell).join('; ')} |`);
    lines.push('');
  }
  if (report.overrides.length > 0) {
    lines.push('## Overrides', '', '| File | Result | Conflicts at lines |', '|---|---|---|');
    for (const o of report.overrides) lines.push(`| \`${o.file}\` | ${o.status} | ${o.conflicts.map((c) => c.oursLine).join(', ') || '-'} |`);
    lines.push('');
  }
  if (report.diagnostics.length > 0) {
    lines.push('## Findings', '');
    for (const d of report.diagnostics) lines.push(`- \`${d.file}:${d.line}:${d.column}\` ${d.severity} ${d.message} (${d.code})${d.hint ? ` ${d.hint}` : ''}`);
    lines.push('');
  }
  if (report.changes.length > 0) {
    lines.push('## What changed in the library', '', '| Kind | Id | Change | Words |', '|---|---|---|---|');
    for (const c of report.changes) lines.push(`| ${c.kind} | ${c.id}${c.lang && c.lang !== 'en' ? ` (${c.lang})` : ''} | ${c.change}${sectionsNote(c)} | ${cell(wordsToMarkdown(c.words))} |`);
    lines.push('');
  }
  if (report.written.length > 0) lines.push('## Written', '', ...report.written.map((f) => `- \`${f}\``), '');
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The summary across clients as Markdown. */
export function upgradeSummaryToMarkdown(summary: UpgradeSummary): string {
  const lines = [`# Library upgrade to ${summary.to}`, '', '| Client | From | Status | Release again | Drafts that change | Merge by hand | Other findings |', '|---|---|---|---|---|---|---|'];
  for (const c of summary.clients) {
    lines.push(`| ${c.organisation} | ${c.from ?? 'unknown'} | ${c.status} | ${c.rerelease.join(', ') || '-'} | ${c.drafts.join(', ') || '-'} | ${c.manualMerge.map((f) => `\`${f}\``).join(', ') || '-'} | ${c.attention} |`);
  }
  return `${lines.join('\n')}\n`;
}

function sectionsNote(change: EntryChange): string {
  const parts = [...(change.sectionsAdded.length > 0 ? [`sections added: ${change.sectionsAdded.join(', ')}`] : []), ...(change.sectionsRemoved.length > 0 ? [`sections removed: ${change.sectionsRemoved.join(', ')}`] : [])];
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

/** Word changes as text: deletions struck through, insertions in bold. */
function wordsToMarkdown(words: readonly WordChange[]): string {
  const marked = words.map((w) => {
    const core = w.text.trim();
    if (w.op === 'equal' || core === '') return w.text;
    const [before, after] = [/^\s*/.exec(w.text)![0], /\s*$/.exec(w.text)![0]];
    return `${before}${w.op === 'insert' ? `**${core}**` : `~~${core}~~`}${after}`;
  });
  return marked.join('').replace(/\s+/g, ' ').trim();
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
