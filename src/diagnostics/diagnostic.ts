import type { DiagnosticCode } from './codes.js';

/** How serious a diagnostic is: errors stop a build, warnings do not. */
export type Severity = 'error' | 'warning';

/** A problem found in the user's input, with its exact position. Diagnostics are data; the CLI prints them. */
export interface Diagnostic {
  /** Permanent, stage-namespaced code such as `schema/invalid-type`. Never renamed. */
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** What happened and why, as a full sentence, without the position. */
  readonly message: string;
  /**
   * Path relative to the project root, POSIX separators; for a problem with a command-line argument, the
   * option or argument that named it as given (`--policy`, `--version`, `incident-management@9.0.0`).
   */
  readonly file: string;
  /** 1-based line; 0 when the problem concerns the whole file. */
  readonly line: number;
  /** 1-based column; 0 when the problem concerns the whole file. */
  readonly column: number;
  /** Where the offending text ends (1-based, inclusive line, exclusive column), where it is known. */
  readonly endLine?: number;
  readonly endColumn?: number;
  /** Dotted path of the offending field inside the file, where there is one. */
  readonly fieldPath?: string;
  /** What to do about it. */
  readonly hint?: string;
}

/** A position in a file; where the offending text's extent is known, also where it ends. */
export interface Position {
  readonly line: number;
  readonly column: number;
  /** The end of the offending text (inclusive line, exclusive column), where it is known. */
  readonly end?: { readonly line: number; readonly column: number };
}

/** Builds a diagnostic, leaving out absent optional fields (exactOptionalPropertyTypes). */
export function diagnostic(
  code: DiagnosticCode,
  file: string,
  position: Position,
  message: string,
  extra: { hint?: string | undefined; fieldPath?: string | undefined; severity?: Severity; end?: Position | undefined } = {},
): Diagnostic {
  return {
    code,
    severity: extra.severity ?? 'error',
    message,
    file,
    line: position.line,
    column: position.column,
    ...endOf(extra.end ?? position.end),
    ...(extra.fieldPath !== undefined ? { fieldPath: extra.fieldPath } : {}),
    ...(extra.hint !== undefined ? { hint: extra.hint } : {}),
  };
}

function endOf(end: { readonly line: number; readonly column: number } | undefined): { endLine?: number; endColumn?: number } {
  return end !== undefined ? { endLine: end.line, endColumn: end.column } : {};
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Stable order for printing: by file, then position, then code. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column || compareStrings(a.code, b.code) ||
      compareStrings(a.message, b.message),
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
