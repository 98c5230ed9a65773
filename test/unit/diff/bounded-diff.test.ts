import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedArrayDiff, boundedWordDiff, MAX_EDITS, wordDiffWithinBound } from '../../../src/diff/bounded-diff.js';

const words = (prefix: string, count: number): string => Array.from({ length: count }, (_, i) => `${prefix}${i}`).join(' ');
const side = (parts: readonly { value: string; added: boolean; removed: boolean }[], kept: 'added' | 'removed'): string =>
  parts.filter((p) => !(kept === 'added' ? p.removed : p.added)).map((p) => p.value).join('');

describe('boundedWordDiff', () => {
  it('compares word by word within the bound', () => {
    const parts = boundedWordDiff('report within one day', 'report within two days');
    expect(parts.filter((p) => !p.added && !p.removed).map((p) => p.value).join('')).toBe('report within  ');
    expect(parts.filter((p) => p.added).map((p) => p.value)).toEqual(['two', 'days']);
  });

  it('past the bound, deletes the old text and inserts the new whole', () => {
    const before = words('a', MAX_EDITS);
    const after = words('b', MAX_EDITS);
    expect(wordDiffWithinBound(before, after)).toBeUndefined();
    expect(boundedWordDiff(before, after)).toEqual([
      { value: before, added: false, removed: true, count: before.length },
      { value: after, added: true, removed: false, count: after.length },
    ]);
    expect(boundedWordDiff('', after)).toEqual([{ value: after, added: true, removed: false, count: after.length }]);
  });

  it('always gives the old text from the kept and deleted parts, and the new from the kept and inserted', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', ' ', '  ', '\n'), { maxLength: 3000 }).map((t) => t.join(''));
    fc.assert(fc.property(text, text, (before, after) => {
      const parts = boundedWordDiff(before, after);
      expect(side(parts, 'removed')).toBe(before);
      expect(side(parts, 'added')).toBe(after);
    }), { numRuns: 50 });
  });
});

describe('boundedArrayDiff', () => {
  it('past the bound, removes every old item and adds every new one', () => {
    const before = Array.from({ length: MAX_EDITS }, (_, i) => `a${i}`);
    const after = Array.from({ length: MAX_EDITS }, (_, i) => `b${i}`);
    expect(boundedArrayDiff(before, after)).toEqual([
      { value: before, added: false, removed: true, count: before.length },
      { value: after, added: true, removed: false, count: after.length },
    ]);
    expect(boundedArrayDiff(['x', 'y'], ['x', 'z']).map((p) => p.value)).toEqual([['x'], ['y'], ['z']]);
  });
});
