import { describe, expect, it } from 'vitest';
import { ParseCache } from '../../../src/source/parse-cache.js';
import type { SourceFile } from '../../../src/source/source-file.js';

const file = (path: string, sha256: string): SourceFile => ({ path, sha256, text: `text of ${path}` }) as SourceFile;

describe('the parse cache', () => {
  it('serves a durable result from what an earlier process stored, without parsing', () => {
    const stored = new Map([['module\u0000a.md\u0000aaa', { title: 'stored' }]]);
    const cache = new ParseCache({ stored: () => stored });
    let parses = 0;
    const value = cache.get('module', file('a.md', 'aaa'), () => ((parses += 1), { title: 'parsed' }), true);
    expect(value).toEqual({ title: 'stored' });
    expect(parses).toBe(0);
    // Nothing was parsed afresh, so there is nothing new to write back.
    expect(cache.toStore()).toBeUndefined();
  });

  it('parses a file whose content changed, and keeps only the results this process asked for', () => {
    const stored = new Map([
      ['module\u0000a.md\u0000old', { title: 'old' }],
      ['module\u0000gone.md\u0000ggg', { title: 'a file no longer in the project' }],
    ]);
    const cache = new ParseCache({ stored: () => stored });
    expect(cache.get('module', file('a.md', 'new'), () => ({ title: 'new' }), true)).toEqual({ title: 'new' });
    expect([...(cache.toStore() ?? new Map()).entries()]).toEqual([['module\u0000a.md\u0000new', { title: 'new' }]]);
  });

  it('never reads the disk for results that are not durable, and never stores them', () => {
    let reads = 0;
    const cache = new ParseCache({ stored: () => ((reads += 1), new Map()) });
    cache.get('catalog-index', file('c.yaml', 'ccc'), () => ({ index: () => 1 }));
    expect(reads).toBe(0);
    expect(cache.toStore()).toBeUndefined();
    cache.get('release', file('r.json', 'rrr'), () => ({ version: '1.0.0' }), true);
    expect(reads).toBe(1);
    expect([...(cache.toStore() ?? new Map()).keys()]).toEqual(['release\u0000r.json\u0000rrr']);
  });

  it('parses each file once per process, however often it is asked for', () => {
    const cache = new ParseCache();
    let parses = 0;
    for (let i = 0; i < 3; i++) cache.get('module', file('a.md', 'aaa'), () => ((parses += 1), {}), true);
    expect(parses).toBe(1);
  });
});
