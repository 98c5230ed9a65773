import { inlineText } from '../model/inline-text.js';
import type { Block, DocumentModel, Inline, ListItem, Section, TableCell } from '../model/document.js';
import { canonicalJson } from '../release/release-hash.js';
import { boundedArrayDiff, boundedWordDiff } from './bounded-diff.js';

/** Who made the tracked changes of a redline, and when (YYYY-MM-DD). */
export interface RevisionMark {
  readonly author: string;
  readonly date: string;
}

/**
 * The newer document with the differences from the older one as tracked changes, so that accepting
 * every change gives the text of `b` and rejecting every change gives the text of `a`. Sections are
 * followed by their ids: a section in both is compared block by block and word by word; a section
 * only in one is inserted or deleted whole; a moved section is deleted where it was and inserted where
 * it is. Front matter, history and appendix are those of `b`.
 */
export function redlineModel(a: DocumentModel, b: DocumentModel, mark: RevisionMark): DocumentModel {
  return { ...b, sections: redlineSections(a.sections, b.sections, mark) };
}

function redlineSections(a: readonly Section[], b: readonly Section[], mark: RevisionMark): Section[] {
  const byIdA = new Map(a.map((s) => [s.id, s]));
  const byIdB = new Map(b.map((s) => [s.id, s]));
  const out: Section[] = [];
  for (const part of boundedArrayDiff(a.map((s) => s.id), b.map((s) => s.id))) {
    for (const id of part.value) {
      if (part.removed) out.push(wholeSection(byIdA.get(id)!, 'delete', mark));
      else if (part.added) out.push(wholeSection(byIdB.get(id)!, 'insert', mark));
      else out.push(matchedSection(byIdA.get(id)!, byIdB.get(id)!, mark));
    }
  }
  return out;
}

function headingText(section: Section): string {
  return `${section.number} ${section.title}`;
}

function matchedSection(a: Section, b: Section, mark: RevisionMark): Section {
  const heading = headingText(a) === headingText(b) ? undefined : wordDiff(headingText(a), headingText(b), mark);
  return {
    ...b,
    ...(heading ? { heading } : {}),
    blocks: redlineBlocks(a.blocks, b.blocks, mark),
    sections: redlineSections(a.sections, b.sections, mark),
  };
}

function wholeSection(section: Section, change: 'insert' | 'delete', mark: RevisionMark): Section {
  return {
    ...section,
    heading: [revision(change, [{ type: 'text', value: headingText(section) }], mark)],
    blocks: section.blocks.map((block) => wrapBlock(block, change, mark)),
    sections: section.sections.map((child) => wholeSection(child, change, mark)),
  };
}

function revision(change: 'insert' | 'delete', children: readonly Inline[], mark: RevisionMark): Inline {
  return { type: 'revision', change, author: mark.author, date: mark.date, children };
}

/** Blocks aligned by content; a changed block of the same kind is compared inside, others are swapped whole. */
function redlineBlocks(a: readonly Block[], b: readonly Block[], mark: RevisionMark): Block[] {
  const out: Block[] = [];
  const parts = boundedArrayDiff(a.map(canonicalJson), b.map(canonicalJson));
  let ia = 0;
  let ib = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    const count = part.count ?? part.value.length;
    if (!part.added && !part.removed) {
      out.push(...b.slice(ib, ib + count));
      ia += count;
      ib += count;
      continue;
    }
    if (part.removed) {
      const removed = a.slice(ia, ia + count);
      ia += count;
      const next = parts[p + 1];
      const added = next?.added ? b.slice(ib, ib + (next.count ?? next.value.length)) : [];
      if (next?.added) {
        ib += added.length;
        p++;
      }
      // Pair blocks of the same kind in order; what is left over is deleted or inserted whole.
      const pairs = Math.min(removed.length, added.length);
      for (let i = 0; i < pairs; i++) out.push(...changedBlock(removed[i]!, added[i]!, mark));
      out.push(...removed.slice(pairs).map((block) => wrapBlock(block, 'delete', mark)));
      out.push(...added.slice(pairs).map((block) => wrapBlock(block, 'insert', mark)));
      continue;
    }
    out.push(...b.slice(ib, ib + count).map((block) => wrapBlock(block, 'insert', mark)));
    ib += count;
  }
  return out;
}

function changedBlock(a: Block, b: Block, mark: RevisionMark): Block[] {
  if (a.type === 'paragraph' && b.type === 'paragraph') {
    return [{ type: 'paragraph', children: wordDiff(inlineText(a.children), inlineText(b.children), mark) }];
  }
  if (a.type === 'list' && b.type === 'list' && a.ordered === b.ordered) {
    const items: ListItem[] = [];
    const shared = Math.min(a.items.length, b.items.length);
    for (let i = 0; i < shared; i++) items.push({ children: redlineBlocks(a.items[i]!.children, b.items[i]!.children, mark) });
    for (const item of a.items.slice(shared)) items.push({ children: item.children.map((block) => wrapBlock(block, 'delete', mark)) });
    for (const item of b.items.slice(shared)) items.push({ children: item.children.map((block) => wrapBlock(block, 'insert', mark)) });
    return [{ ...b, items }];
  }
  if (a.type === 'table' && b.type === 'table' && a.header.length === b.header.length) {
    const cellDiff = (x: TableCell, y: TableCell): TableCell =>
      inlineText(x.children) === inlineText(y.children) ? y : { children: wordDiff(inlineText(x.children), inlineText(y.children), mark) };
    const rowKey = (row: readonly TableCell[]): string => canonicalJson(row);
    const rows: TableCell[][] = [];
    const parts = boundedArrayDiff(a.rows.map(rowKey), b.rows.map(rowKey));
    let ia = 0;
    let ib = 0;
    for (let p = 0; p < parts.length; p++) {
      const part = parts[p]!;
      const count = part.count ?? part.value.length;
      if (!part.added && !part.removed) {
        rows.push(...b.rows.slice(ib, ib + count).map((row) => [...row]));
        ia += count;
        ib += count;
      } else if (part.removed) {
        const removed = a.rows.slice(ia, ia + count);
        ia += count;
        const next = parts[p + 1];
        const added = next?.added ? b.rows.slice(ib, ib + (next.count ?? next.value.length)) : [];
        if (next?.added) {
          ib += added.length;
          p++;
        }
        const pairs = Math.min(removed.length, added.length);
        for (let i = 0; i < pairs; i++) rows.push(added[i]!.map((cell, c) => cellDiff(removed[i]![c] ?? { children: [] }, cell)));
        rows.push(...removed.slice(pairs).map((row) => row.map((cell) => wrapCell(cell, 'delete', mark))));
        rows.push(...added.slice(pairs).map((row) => row.map((cell) => wrapCell(cell, 'insert', mark))));
      } else {
        rows.push(...b.rows.slice(ib, ib + count).map((row) => row.map((cell) => wrapCell(cell, 'insert', mark))));
        ib += count;
      }
    }
    return [{ ...b, header: b.header.map((cell, c) => cellDiff(a.header[c] ?? { children: [] }, cell)), rows }];
  }
  return [wrapBlock(a, 'delete', mark), wrapBlock(b, 'insert', mark)];
}

/** A whole block inserted or deleted: every piece of its text becomes part of one tracked change. */
function wrapBlock(block: Block, change: 'insert' | 'delete', mark: RevisionMark): Block {
  switch (block.type) {
    case 'paragraph':
      return { type: 'paragraph', children: [revision(change, block.children, mark)] };
    case 'list':
      return { ...block, items: block.items.map((item) => ({ children: item.children.map((child) => wrapBlock(child, change, mark)) })) };
    case 'table':
      return { ...block, header: block.header.map((cell) => wrapCell(cell, change, mark)), rows: block.rows.map((row) => row.map((cell) => wrapCell(cell, change, mark))) };
    case 'quote':
      return { type: 'quote', children: block.children.map((child) => wrapBlock(child, change, mark)) };
    case 'codeBlock':
      return { type: 'paragraph', children: [revision(change, [{ type: 'code', value: block.value }], mark)] };
    case 'rule':
      return block;
  }
}

function wrapCell(cell: TableCell, change: 'insert' | 'delete', mark: RevisionMark): TableCell {
  return cell.children.length === 0 ? cell : { children: [revision(change, cell.children, mark)] };
}

/** Word-level changes between two texts as inline content with tracked insertions and deletions. */
function wordDiff(before: string, after: string, mark: RevisionMark): Inline[] {
  return boundedWordDiff(before, after).map((part): Inline => {
    const text: Inline = { type: 'text', value: part.value };
    if (part.added) return revision('insert', [text], mark);
    if (part.removed) return revision('delete', [text], mark);
    return text;
  });
}
