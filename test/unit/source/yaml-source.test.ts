import { describe, expect, it } from 'vitest';
import { parseYamlSource, positionOf, type YamlSource } from '../../../src/source/yaml-source.js';

/** Line numbers on the right; columns are 1-based, as in every diagnostic. */
const ORGANISATION = [
  'id: acme', //                   1
  'people:', //                    2
  '  - id: ada', //                3
  '    name: Ada Lovelace', //     4
  '  - id: bob', //                5
  'roles:', //                     6
  '  ciso: ada', //                7
  '  ceo: ~', //                   8
  '  empty:', //                   9
  'flow: { a: 1, b: [x, y] }', //  10
  'block: |', //                   11
  '  text', //                     12
  '"quoted key": 3', //            13
  'codes:', //                     14
  '  1: one', //                   15
  '',
].join('\n');

function source(text: string, lineOffset = 0): YamlSource {
  const parsed = parseYamlSource('organisation.yaml', text, lineOffset);
  if (!parsed.value) throw new Error(parsed.diagnostics.map((d) => d.message).join('; '));
  return parsed.value;
}

describe('positionOf', () => {
  const yaml = source(ORGANISATION);

  it('points at a value, or with `key: true` at its key', () => {
    expect(positionOf(yaml, ['id'])).toMatchObject({ line: 1, column: 5 });
    expect(positionOf(yaml, ['id'], { key: true })).toMatchObject({ line: 1, column: 1 });
    expect(positionOf(yaml, ['people', 0, 'name'])).toMatchObject({ line: 4, column: 11 });
    expect(positionOf(yaml, ['people', 0, 'name'], { key: true })).toMatchObject({ line: 4, column: 5 });
    expect(positionOf(yaml, ['roles', 'ciso'], { key: true })).toMatchObject({ line: 7, column: 3 });
  });

  it('points at a sequence item by index, and into it', () => {
    expect(positionOf(yaml, ['people', 0])).toMatchObject({ line: 3, column: 5 });
    expect(positionOf(yaml, ['people', 1, 'id'])).toMatchObject({ line: 5, column: 9 });
    expect(positionOf(yaml, ['flow', 'b', 1])).toMatchObject({ line: 10, column: 22 });
  });

  it('points at values left empty: `~`, and nothing after the colon', () => {
    expect(positionOf(yaml, ['roles', 'ceo'])).toMatchObject({ line: 8, column: 8 });
    expect(positionOf(yaml, ['roles', 'empty'])).toMatchObject({ line: 9, column: 9 });
    expect(positionOf(yaml, ['roles', 'empty'], { key: true })).toMatchObject({ line: 9, column: 3 });
  });

  it('finds quoted keys, number keys by their text, and block scalars at their indicator', () => {
    expect(positionOf(yaml, ['quoted key'])).toMatchObject({ line: 13, column: 15 });
    expect(positionOf(yaml, ['codes', 1])).toMatchObject({ line: 15, column: 6 });
    expect(positionOf(yaml, ['codes', '1'])).toMatchObject({ line: 15, column: 6 });
    expect(positionOf(yaml, ['block'])).toMatchObject({ line: 11, column: 8 });
  });

  it('reports a missing field where the nearest existing ancestor starts', () => {
    // The mapping that lacks the field, with or without `key: true`.
    expect(positionOf(yaml, ['roles', 'cfo'])).toMatchObject({ line: 7, column: 3 });
    expect(positionOf(yaml, ['roles', 'cfo'], { key: true })).toMatchObject({ line: 7, column: 3 });
    // An index past the end, or a name used on a list: the list.
    expect(positionOf(yaml, ['people', 5])).toMatchObject({ line: 3, column: 3 });
    expect(positionOf(yaml, ['people', 'x'])).toMatchObject({ line: 3, column: 3 });
    // A path that goes on below a scalar: the scalar.
    expect(positionOf(yaml, ['id', 'deeper'])).toMatchObject({ line: 1, column: 5 });
    // Nothing at the top level: the document's start.
    expect(positionOf(yaml, ['nope'])).toMatchObject({ line: 1, column: 1 });
    expect(positionOf(yaml, [])).toMatchObject({ line: 1, column: 1 });
  });

  it('marks where a scalar value or key ends (exclusive column), never the extent of a block', () => {
    expect(positionOf(yaml, ['people', 0, 'name'])).toEqual({ line: 4, column: 11, end: { line: 4, column: 23 } });
    expect(positionOf(yaml, ['roles', 'ciso'], { key: true })).toEqual({ line: 7, column: 3, end: { line: 7, column: 7 } });
    expect(positionOf(yaml, ['quoted key'])).toEqual({ line: 13, column: 15, end: { line: 13, column: 16 } });
    expect(positionOf(yaml, ['roles', 'ceo'])).toEqual({ line: 8, column: 8, end: { line: 8, column: 9 } });
    // Nothing after the colon has no extent; a list or a mapping is reported at its start only.
    expect(positionOf(yaml, ['roles', 'empty'])).toEqual({ line: 9, column: 9 });
    expect(positionOf(yaml, ['people', 0])).toEqual({ line: 3, column: 5 });
    expect(positionOf(yaml, ['roles', 'cfo'])).toEqual({ line: 7, column: 3 });
  });

  it('adds the lines before the YAML in its file (front matter starts after `---`)', () => {
    const frontMatter = source('id: x\ntitle: T\n', 1);
    expect(positionOf(frontMatter, ['title'])).toMatchObject({ line: 3, column: 8 });
    expect(positionOf(frontMatter, ['missing'])).toMatchObject({ line: 2, column: 1 });
    expect(positionOf(source('', 5), ['a'])).toMatchObject({ line: 6, column: 1 });
  });
});

describe('parseYamlSource', () => {
  it('keeps the data and the file name with the positions', () => {
    const yaml = source('a: 1\nb: [x]\n');
    expect(yaml).toMatchObject({ file: 'organisation.yaml', lineOffset: 0, data: { a: 1, b: ['x'] } });
  });

  it('reports a duplicate key at the second key, with the line offset', () => {
    expect(parseYamlSource('d.yaml', 'a: 1\nb: 2\na: 3\n', 2)).toEqual({
      value: undefined,
      diagnostics: [
        {
          code: 'yaml/duplicate-key',
          severity: 'error',
          message: 'This mapping has the same key twice, so one of the values would be lost.',
          file: 'd.yaml',
          line: 5,
          column: 1,
          hint: 'Remove or rename one of the two keys.',
        },
      ],
    });
  });

  it('reports a syntax error once, where the parser gave up, in words rather than the parser\'s grammar', () => {
    const { value, diagnostics } = parseYamlSource('d.yaml', 'a: 1\nb: [1, 2\nc: 3\n');
    expect(value).toBeUndefined();
    expect(diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`)).toEqual([
      'yaml/syntax 3:1 A value opened with "[" above is not closed with "]" before this line.',
    ]);
  });

  it('refuses an alias bomb and runaway nesting as too complex, at the start of the YAML', () => {
    const bomb = 'a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';
    expect(parseYamlSource('d.yaml', bomb, 4).diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['yaml/too-complex', 5, 1]]);
    expect(parseYamlSource('d.yaml', '['.repeat(5000)).diagnostics.map((d) => [d.code, d.line, d.column, d.message])).toEqual([
      ['yaml/too-complex', 1, 1, 'The YAML is nested too deeply to read.'],
    ]);
  });
});

describe('YAML mistakes in words', () => {
  const explain = (text: string): string[] => parseYamlSource('o.yaml', text).diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`);

  it('puts an over-indented line at that line, not at the value before it', () => {
    expect(explain('a:\n  b: 1\n    c: 2\n')).toEqual(['yaml/syntax 3:5 This line is indented further than the line above it, but `b` there already has a value, so nothing can be nested under it.']);
  });

  it('says that `#` starts a comment when it is the first character of a value', () => {
    expect(explain('branding:\n  primaryColor: #1F4E79\n')).toEqual(['yaml/comment-as-value 2:17 The value of `primaryColor` starts with "#", which in YAML begins a comment, so `primaryColor` is left empty.']);
    expect(explain('a: 1 # a real comment\nb: # also a comment\n  c: 2\n')).toEqual([]);
  });

  it('names a tab as the indentation', () => {
    expect(explain('a:\n\tb: 1\n')).toEqual(['yaml/syntax 2:1 This line is indented with a tab; YAML allows only spaces for indentation.']);
  });

  it('reports an unclosed quote at its opening quote, not at the end of the file', () => {
    expect(explain("a: 1\nb: 'open\nc: 3\nd: 4\n")).toEqual(['yaml/syntax 2:4 This quote (\') is never closed, so everything after it, to the end of the file, would be one value.']);
  });

  it('explains a `key: value` inside a value', () => {
    expect(explain('title: Roles: and duties\n')).toEqual(['yaml/syntax 1:8 A value here is itself written as `key: value` on the same line, which YAML does not allow.']);
  });
});
