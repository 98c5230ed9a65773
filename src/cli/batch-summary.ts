import type { ClientResult } from '../pipeline/batch/build-client.js';

/** The table at the end of a batch build: one row per organisation, failures marked. */
export function summaryTable(results: readonly ClientResult[]): string {
  const header = ['Organisation file', 'Result', 'Documents', 'Written', 'Unchanged', 'Time'];
  const rows = results.map((r) => [
    r.file,
    r.ok ? (r.upToDate ? 'up to date' : 'built') : `FAILED (${r.diagnostics.filter((d) => d.severity === 'error').length} error${r.diagnostics.filter((d) => d.severity === 'error').length === 1 ? '' : 's'})`,
    r.ok ? String(r.documents.length) : '-',
    r.ok ? String(r.written.length) : '-',
    r.ok ? String(r.unchanged.length) : '-',
    seconds(r.milliseconds),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const numeric = new Set([2, 3, 4, 5]);
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

/** The closing line: how many organisations were built, failed, and in what time. */
export function summaryLine(results: readonly ClientResult[], milliseconds: number, jobs: number): string {
  const failedCount = results.filter((r) => !r.ok).length;
  const sum = (pick: (r: ClientResult) => number): number => results.reduce((total, r) => total + (r.ok ? pick(r) : 0), 0);
  const organisations = `${results.length - failedCount} of ${results.length} organisation${results.length === 1 ? '' : 's'}`;
  return `${failedCount > 0 ? `${failedCount} failed; built ` : 'Built '}${organisations}: ${sum((r) => r.documents.length)} documents, ${sum((r) => r.written.length)} files written, ${sum((r) => r.unchanged.length)} unchanged, in ${seconds(milliseconds)} with ${jobs} worker${jobs === 1 ? '' : 's'}.\n`;
}

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}
