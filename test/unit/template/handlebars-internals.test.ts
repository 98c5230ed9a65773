import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseErrorLocation, PINNED_HANDLEBARS_VERSION } from '../../../src/template/handlebars-internals.js';
import { parseTemplate } from '../../../src/template/template.js';
import { REPO_ROOT } from '../../support/project.js';

/** The error a Handlebars parse of `text` throws; fails the test when it parses. */
function parseFailure(text: string): unknown {
  try {
    Handlebars.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error(`expected ${JSON.stringify(text)} not to parse`);
}

describe('handlebars internals', () => {
  it('are read from the pinned handlebars version', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['handlebars']).toBe(PINNED_HANDLEBARS_VERSION);
    expect(Handlebars.VERSION).toBe(PINNED_HANDLEBARS_VERSION);
  });

  it('locate a Jison parse error at its failing token: line 1-based, column 0-based', () => {
    // A lone `}` on line 3 (columns: `bad ` 0-3, `{{` 4-5, `org.legalName` 6-18): the invalid token at 19.
    expect(parseErrorLocation(parseFailure('one\ntwo\nbad {{org.legalName}\n'))).toEqual({ line: 3, column: 19 });
    // An unclosed block: the end of the text, at the start of the empty line 3.
    expect(parseErrorLocation(parseFailure('{{#if x}}\nopen\n'))).toEqual({ line: 3, column: 0 });
    // An empty expression: the `}}` that comes too early.
    expect(parseErrorLocation(parseFailure('  {{ }}'))).toEqual({ line: 1, column: 5 });
  });

  it('locate a block closed with the wrong name at its opening helper name, from Handlebars.Exception', () => {
    const error = parseFailure('text\n  {{#if a}}x{{/each}}');
    expect(error).toBeInstanceOf(Handlebars.Exception);
    // `if` on line 2, after two spaces and `{{#`.
    expect(parseErrorLocation(error)).toEqual({ line: 2, column: 5 });
  });

  it('describe the latest parse, also through an isolated environment', () => {
    expect(parseErrorLocation(parseFailure('{{a}\n\n\n'))).toEqual({ line: 1, column: 3 });
    const environment = Handlebars.create();
    let error: unknown;
    try {
      environment.parse('x {{#each}}');
    } catch (caught) {
      error = caught;
    }
    // `{{#each}}` opens a block that the text ends before closing: the end of the text, column 11.
    expect(parseErrorLocation(error)).toEqual({ line: 1, column: 11 });
  });

  it('give exact file positions to template/syntax diagnostics', () => {
    // A body starting on line 7 of its file: line 7 + 2 - 1; 1-based column 19 + 1.
    const parsed = parseTemplate('policy-modules/sections/x.md', 'ok\nbad {{org.legalName}\n', 7);
    expect(parsed.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['template/syntax', 8, 20]]);
  });

  describe('when the lexer location is gone (a handlebars upgrade)', () => {
    const parser = (Handlebars as unknown as { Parser: { lexer: Record<string, unknown> } }).Parser;
    const lexer = parser.lexer;
    afterEach(() => {
      parser.lexer = lexer;
    });

    it('throw an Error naming handlebars and its version instead of guessing a position', () => {
      const error = parseFailure('{{a}');
      parser.lexer = {};
      expect(() => parseErrorLocation(error)).toThrow(new RegExp(`^handlebars ${Handlebars.VERSION.replace(/\./g, '\\.')} has no Parser\\.lexer\\.yylloc`));
      expect(() => parseErrorLocation(error)).toThrow(/written against handlebars 4\.7\.10/);
    });
  });
});
