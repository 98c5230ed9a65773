import { diff3Merge } from 'node-diff3';

/** One place where the client's override and the new library changed the same lines. */
export interface MergeConflict {
  /** 1-based line of the `<<<<<<<` marker in the merged text. */
  readonly line: number;
  /** 1-based line of the conflicting lines in the client's override (where they were inserted, when it has none). */
  readonly oursLine: number;
  readonly ours: readonly string[];
  readonly base: readonly string[];
  readonly theirs: readonly string[];
}

/** A three-way merge of one file: the merged text, with standard conflict markers where it could not merge. */
export interface MergeResult {
  readonly text: string;
  readonly conflicts: readonly MergeConflict[];
}

/** The labels written after the conflict markers, as git writes the branch names. */
export interface MergeLabels {
  readonly ours: string;
  readonly theirs: string;
}

/**
 * Merges, line by line, the changes a client made to a library file (`ours`, its override) with the
 * changes the library made between two versions (`base` to `theirs`), as `git merge-file` does: a
 * change on one side only is taken, the same change on both sides is taken once, and different
 * changes to the same lines are a conflict, written between `<<<<<<< ours`, `=======` and
 * `>>>>>>> theirs` markers.
 */
export function mergeOverride(base: string, ours: string, theirs: string, labels: MergeLabels): MergeResult {
  const regions = diff3Merge(ours.split('\n'), base.split('\n'), theirs.split('\n'), { excludeFalseConflicts: true });
  const lines: string[] = [];
  const conflicts: MergeConflict[] = [];
  for (const region of regions) {
    if (region.ok) {
      lines.push(...region.ok);
      continue;
    }
    if (!region.conflict) continue;
    const { a, aIndex, o, b } = region.conflict;
    conflicts.push({ line: lines.length + 1, oursLine: aIndex + 1, ours: a, base: o, theirs: b });
    lines.push(`<<<<<<< ${labels.ours}`, ...a, '=======', ...b, `>>>>>>> ${labels.theirs}`);
  }
  return { text: lines.join('\n'), conflicts };
}
