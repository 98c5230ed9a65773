import Handlebars from 'handlebars';

/**
 * What policymark reads of Handlebars beyond its documented API, written against handlebars 4.7.10
 * (pinned exactly in package.json). Kept in this one file so that an upgrade has one place to check,
 * and test/unit/template/handlebars-internals.test.ts fails when any of it changes.
 *
 * Why: Handlebars' Jison parser throws a plain `Error` for a syntax error, with the position only in
 * its message text ("Parse error on line 2: ..."), without the column. The failing token's location is
 * left on the parser's shared lexer, `Handlebars.Parser.lexer.yylloc`, an undocumented field. The
 * isolated environment from `Handlebars.create()` parses with that same parser object, so the field
 * describes its last parse too. Exceptions Handlebars raises itself after parsing (a block closed with
 * the wrong name) are `Handlebars.Exception`s that carry `lineNumber` and `column`.
 *
 * A missing internal is a programmer error (a dependency upgrade), never something to guess around:
 * it throws an Error naming the installed handlebars version.
 */

/** The handlebars version this file was written against. */
export const PINNED_HANDLEBARS_VERSION = '4.7.10';

/** A location inside a parsed text: line 1-based, column 0-based, as Handlebars' own `loc`. */
export interface HandlebarsLocation {
  readonly line: number;
  readonly column: number;
}

/**
 * Where the parse that just threw `error` failed. Call it in the `catch` of a Handlebars parse, before
 * anything else is parsed: the lexer's location belongs to the latest parse.
 */
export function parseErrorLocation(error: unknown): HandlebarsLocation {
  if (error instanceof Handlebars.Exception) {
    const { lineNumber, column } = error as { lineNumber?: unknown; column?: unknown };
    if (typeof lineNumber === 'number') return { line: lineNumber, column: typeof column === 'number' ? column : 0 };
  }
  const yylloc = field(field(field(Handlebars, 'Parser'), 'lexer'), 'yylloc');
  const line = field(yylloc, 'first_line');
  const column = field(yylloc, 'first_column');
  if (typeof line !== 'number' || typeof column !== 'number') {
    throw new Error(
      `handlebars ${Handlebars.VERSION} has no Parser.lexer.yylloc {first_line, first_column}, which policymark reads to position template syntax errors; ` +
        `src/template/handlebars-internals.ts was written against handlebars ${PINNED_HANDLEBARS_VERSION} and must be updated for this version.`,
    );
  }
  return { line, column };
}

function field(value: unknown, key: string): unknown {
  return value !== null && (typeof value === 'object' || typeof value === 'function') ? (value as Record<string, unknown>)[key] : undefined;
}
