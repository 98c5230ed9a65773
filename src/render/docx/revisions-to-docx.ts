import type { Inline } from '../../model/document.js';
import { xmlText } from './inlines-to-docx.js';

/** A tracked change's attributes as docx takes them; ids are placeholders, packing numbers them in document order. */
export interface RevisionAttributes {
  readonly id: number;
  readonly author: string;
  readonly date: string;
}

/** The attributes of a tracked change by `author` on `date` (YYYY-MM-DD), at midnight UTC. */
export function revisionAttributes(author: string, date: string): RevisionAttributes {
  return { id: 0, author: xmlText(author), date: `${date}T00:00:00Z` };
}

/** The paragraph mark of a paragraph inserted or deleted whole (`w:pPr/w:rPr/w:ins|w:del`), as docx's paragraph `run` option. */
export type ParagraphMark = { readonly run: { readonly insertion: RevisionAttributes } | { readonly deletion: RevisionAttributes } } | Record<string, never>;

/**
 * The paragraph mark for a paragraph of these inline children: tracked when all of them are one kind of
 * tracked change (the paragraph is in one version only), so that rejecting an insertion or accepting a
 * deletion removes the paragraph itself, not only its text. Untracked otherwise.
 */
export function paragraphMark(children: readonly Inline[]): ParagraphMark {
  let found: Extract<Inline, { type: 'revision' }> | undefined;
  for (const child of children) {
    if (child.type !== 'revision' || (found && found.change !== child.change)) return {};
    found = child;
  }
  return found ? changedParagraphMark(found.change, found.author, found.date) : {};
}

/** The paragraph mark of a paragraph inserted or deleted whole. */
export function changedParagraphMark(change: 'insert' | 'delete', author: string, date: string): ParagraphMark {
  const attributes = revisionAttributes(author, date);
  return { run: change === 'insert' ? { insertion: attributes } : { deletion: attributes } };
}
