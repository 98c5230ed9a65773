import { diffArrays, diffWordsWithSpace, type ArrayChange, type Change } from 'diff';

/**
 * The most edits (words, runs of white space, array items) a comparison looks for before it gives up.
 * `diff` finds the shortest edit script in time O(N·D), N the length and D the edits: a rewritten
 * 10,000-word paragraph (D ≈ N) took 30 to 50 s. Within this bound every comparison is near-linear
 * (about 0.2 s at 10,000 words, 1 s at 100,000); past it, a change that large reads better as the old
 * text replaced by the new than as thousands of interleaved word swaps.
 */
export const MAX_EDITS = 1000;

/**
 * The word-level changes from `before` to `after` (white space kept, so that the kept and deleted parts
 * join to `before` and the kept and inserted parts to `after`); past MAX_EDITS, all of `before` deleted
 * and all of `after` inserted.
 */
export function boundedWordDiff(before: string, after: string): Change[] {
  return wordDiffWithinBound(before, after) ?? replaceWhole(before, after);
}

/** The word-level changes from `before` to `after`, or undefined when there are more than MAX_EDITS. */
export function wordDiffWithinBound(before: string, after: string): Change[] | undefined {
  return diffWordsWithSpace(before, after, { maxEditLength: MAX_EDITS });
}

/** The changes from one array to another, as `diffArrays` gives them; past MAX_EDITS, all of `before` removed and all of `after` added. */
export function boundedArrayDiff<T>(before: readonly T[], after: readonly T[]): ArrayChange<T>[] {
  return diffArrays([...before], [...after], { maxEditLength: MAX_EDITS }) ?? replaceWhole([...before], [...after]);
}

function replaceWhole<V extends string | T[], T>(before: V, after: V): { value: V; added: boolean; removed: boolean; count: number }[] {
  return [
    ...(before.length === 0 ? [] : [{ value: before, added: false, removed: true, count: before.length }]),
    ...(after.length === 0 ? [] : [{ value: after, added: true, removed: false, count: after.length }]),
  ];
}
