import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Style } from './style.js';

/** eslint-style lines: `file:line:col  severity  message  code`, then `  hint: …`, then a count. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], style: Style): string {
  const lines: string[] = [];
  for (const d of diagnostics) {
    const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
    const severity = d.severity === 'error' ? style.red('error') : style.yellow('warning');
    lines.push(`${style.bold(where)}  ${severity}  ${d.message}  ${style.dim(d.code)}`);
    if (d.hint) lines.push(`  hint: ${d.hint}`);
  }
  if (diagnostics.length > 0) lines.push('', summaryLine(diagnostics));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export function summaryLine(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}
