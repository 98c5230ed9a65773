import { describe, expect, it } from 'vitest';
import { splitFrontMatter } from '../src/source/front-matter.js';
import { decodeText } from '../src/source/source-file.js';
import { parseYamlSource, positionOf } from '../src/source/yaml-source.js';

describe('decodeText', () => {
  it('strips a byte-order mark and normalises CRLF and CR line endings', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('a: 1\r\nb: 2\rc: 3\n')]);
    expect(decodeText(bytes)).toBe('a: 1\nb: 2\nc: 3\n');
  });
  it('refuses invalid UTF-8 and binary content', () => {
    expect(decodeText(new Uint8Array([0x61, 0xff, 0x62]))).toBeUndefined();
    expect(decodeText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]))).toBeUndefined();
  });
  it('keeps Swedish characters', () => {
    expect(decodeText(new TextEncoder().encode('Sida 1 av 3: åäö ÅÄÖ'))).toBe('Sida 1 av 3: åäö ÅÄÖ');
  });
});

describe('parseYamlSource', () => {
  it('reports a duplicate key at the second key', () => {
    const { value, diagnostics } = parseYamlSource('org.yaml', 'id: a\nname: x\nid: b\n');
    expect(value).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'yaml/duplicate-key', file: 'org.yaml', line: 3, column: 1 });
  });
  it('refuses an alias bomb instead of expanding it', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      bomb.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const { value, diagnostics } = parseYamlSource('bomb.yaml', `${bomb.join('\n')}\n`);
    expect(value).toBeUndefined();
    expect(diagnostics[0]?.code).toBe('yaml/too-complex');
  });
  it('reports a syntax error with its line', () => {
    const { diagnostics } = parseYamlSource('x.yaml', 'a: 1\nb: [1, 2\nc: 3\n');
    expect(diagnostics[0]?.code).toBe('yaml/syntax');
    expect(diagnostics[0]?.line).toBeGreaterThanOrEqual(2);
  });
  it('finds the position of values, keys and the parent of a missing field', () => {
    const source = parseYamlSource('x.yaml', 'top:\n  list:\n    - first\n    - second: 2\n').value!;
    expect(positionOf(source, ['top', 'list', 1, 'second'])).toMatchObject({ line: 4, column: 15 });
    expect(positionOf(source, ['top', 'list', 1, 'second'], { key: true })).toMatchObject({ line: 4, column: 7 });
    expect(positionOf(source, ['top', 'list', 0])).toMatchObject({ line: 3, column: 7 });
    expect(positionOf(source, ['top', 'missing'])).toMatchObject({ line: 2, column: 3 });
  });
});

describe('splitFrontMatter', () => {
  it('keeps file positions for the YAML and records where the body starts', () => {
    const text = '---\nid: x\ntitle: 5\n---\nBody line one\n{{org.name}}\n';
    const { value } = splitFrontMatter('m.md', text);
    expect(value?.bodyLine).toBe(5);
    expect(value?.body).toBe('Body line one\n{{org.name}}\n');
    expect(positionOf(value!.frontMatter, ['title'])).toMatchObject({ line: 3, column: 8 });
  });
  it('reports a missing or unclosed block', () => {
    expect(splitFrontMatter('m.md', '# Title\n').diagnostics[0]?.code).toBe('module/missing-front-matter');
    expect(splitFrontMatter('m.md', '---\nid: x\n').diagnostics[0]?.message).toContain('never closed');
  });
});
