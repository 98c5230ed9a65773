import { CODES, type DiagnosticCode } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CliIo } from './io.js';
import { styleFor, type Style } from './style.js';

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

/** Prints a report on stderr, styled for it; under --quiet only the errors. */
export function printDiagnostics(io: CliIo, diagnostics: readonly Diagnostic[]): void {
  const shown = io.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
  io.stderr.write(formatDiagnostics(shown, styleFor(io.stderr.isTTY === true, io.env)));
}

/** `2 errors, 1 warning`. */
export function summaryLine(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}

/** The output formats of `check`: eslint-style text, JSON, SARIF 2.1.0, GitHub workflow annotations. */
export const CHECK_FORMATS = ['text', 'json', 'sarif', 'github', 'codequality'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/**
 * A SARIF 2.1.0 log (OASIS) for code scanning: one run, every code of the catalogue as a rule, one
 * result per diagnostic at its file, line and column. A diagnostic about a whole file has no region; one
 * about a command-line argument has no location at all.
 */
export function formatSarif(diagnostics: readonly Diagnostic[], toolVersion: string): string {
  const codes = Object.keys(CODES).sort() as DiagnosticCode[];
  const ruleIndex = new Map(codes.map((code, index) => [code, index]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'policymark',
          version: toolVersion,
          rules: codes.map((code) => ({ id: code, shortDescription: { text: CODES[code] } })),
        },
      },
      results: diagnostics.map((d) => ({
        ruleId: d.code,
        ruleIndex: ruleIndex.get(d.code)!,
        level: d.severity === 'error' ? 'error' : 'warning',
        message: { text: d.hint ? `${d.message} ${d.hint}` : d.message },
        ...(d.file.startsWith('-') || d.file.includes('@') ? {} : {
          locations: [{
            physicalLocation: {
              artifactLocation: { uri: encodeURI(d.file) },
              ...(d.line > 0 ? { region: region(d) } : {}),
            },
          }],
        }),
      })),
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function region(d: Diagnostic): Record<string, number> {
  return {
    startLine: d.line,
    ...(d.column > 0 ? { startColumn: d.column } : {}),
    ...(d.endLine !== undefined ? { endLine: d.endLine } : {}),
    ...(d.endColumn !== undefined ? { endColumn: d.endColumn } : {}),
  };
}

/**
 * GitHub Actions workflow commands, one per diagnostic: `::error file=F,line=L,col=C::message`, shown
 * as annotations on the pull request's files. Values are escaped as the runner requires.
 */
export function formatGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => {
    const properties = [
      ...(d.file.startsWith('-') ? [] : [`file=${escapeProperty(d.file)}`]),
      ...(d.line > 0 ? [`line=${d.line}`] : []),
      ...(d.column > 0 ? [`col=${d.column}`] : []),
      ...(d.endLine !== undefined ? [`endLine=${d.endLine}`] : []),
      ...(d.endColumn !== undefined ? [`endColumn=${d.endColumn}`] : []),
      `title=${escapeProperty(d.code)}`,
    ];
    const text = d.hint ? `${d.message}\n${d.hint}` : d.message;
    return `::${d.severity === 'error' ? 'error' : 'warning'} ${properties.join(',')}::${escapeData(text)}\n`;
  }).join('');
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
