import type { Block, Inline, ListItem, Section, TableCell } from '../model/document.js';
import { canonicalJson } from '../release/release-hash.js';
import { boundedArrayDiff } from './bounded-diff.js';

/** Who made the tracked changes of a redline, and when (YYYY-MM-DD). */
export interface RevisionMark {
  readonly author: string;
  readonly date: string;
}

/** A tracked change's kind. */
export type RevisionChange = 'insert' | 'delete';

/** One step of an alignment of two sequences: kept, changed in place, deleted from `a` or inserted from `b`. */
export type AlignStep<T> =
  | { readonly op: 'equal'; readonly a: T; readonly b: T }
  | { readonly op: 'change'; readonly a: T; readonly b: T }
  | { readonly op: 'delete'; readonly a: T }
  | { readonly op: 'insert'; readonly b: T };

/**
 * Aligns two sequences by a key (the longest common subsequence, bounded as MAX_EDITS says). Within a
 * run of removed items followed by added ones, items that `pairable` accepts are paired in order as
 * changed in place; the others are deleted or inserted. Reading the `a` items of the steps in order gives
 * `a`, the `b` items give `b`: the property accept-all and reject-all rely on.
 */
export function alignBy<T>(a: readonly T[], b: readonly T[], key: (item: T) => string, pairable: (x: T, y: T) => boolean = () => true): AlignStep<T>[] {
  const out: AlignStep<T>[] = [];
  const parts = boundedArrayDiff(a.map(key), b.map(key));
  let ia = 0;
  let ib = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    const count = part.count ?? part.value.length;
    if (!part.added && !part.removed) {
      for (let i = 0; i < count; i++) out.push({ op: 'equal', a: a[ia + i]!, b: b[ib + i]! });
      ia += count;
      ib += count;
      continue;
    }
    if (part.added) {
      for (let i = 0; i < count; i++) out.push({ op: 'insert', b: b[ib + i]! });
      ib += count;
      continue;
    }
    const removed = a.slice(ia, ia + count);
    ia += count;
    const next = parts[p + 1];
    const added = next?.added ? b.slice(ib, ib + (next.count ?? next.value.length)) : [];
    if (next?.added) {
      ib += added.length;
      p++;
    }
    let i = 0;
    let j = 0;
    while (i < removed.length && j < added.length) {
      if (pairable(removed[i]!, added[j]!)) out.push({ op: 'change', a: removed[i++]!, b: added[j++]! });
      else out.push({ op: 'delete', a: removed[i++]! });
    }
    while (i < removed.length) out.push({ op: 'delete', a: removed[i++]! });
    while (j < added.length) out.push({ op: 'insert', b: added[j++]! });
  }
  return out;
}

/** Inline content wholly inserted or deleted: one tracked change around all of it (nothing for no content). */
export function wholly(change: RevisionChange, children: readonly Inline[], mark: RevisionMark): Inline[] {
  return children.length === 0 ? [] : [{ type: 'revision', change, author: mark.author, date: mark.date, children }];
}

/** Plain text compared word by word: the words of `after`, with what differs from `before` tracked. */
export function trackedText(before: string, after: string, mark: RevisionMark): Inline[] {
  return trackedInlines(before === '' ? [] : [{ type: 'text', value: before }], after === '' ? [] : [{ type: 'text', value: after }], mark);
}

/** Formatting a word sits in: the strong, emphasis and link elements around it, outermost first. */
type Wrapper = { readonly type: 'strong' } | { readonly type: 'emphasis' } | { readonly type: 'link'; readonly url: string };

/** One word, one run of white space, or one atom (code, break, placeholder), with its formatting. */
interface Token {
  readonly key: string;
  readonly leaf: Inline;
  readonly wraps: readonly Wrapper[];
  readonly wrapKey: string;
  readonly space: boolean;
}

/**
 * Inline content compared word by word, formatting included (a word that became bold is changed): the
 * content of `after` where it equals `before`, with the rest as tracked deletions and insertions.
 * Changes separated only by white space join into one deletion followed by one insertion, so a reader
 * sees "~~1 business day~~ 8 hours" rather than three interleaved swaps.
 */
export function trackedInlines(before: readonly Inline[], after: readonly Inline[], mark: RevisionMark): Inline[] {
  if (canonicalJson(before) === canonicalJson(after)) return [...after];
  const a = tokens(before);
  const b = tokens(after);
  const steps = alignBy(a, b, (t) => t.key, () => false);
  type Op = { op: 'equal' | RevisionChange; token: Token };
  const ops: Op[] = steps.map((s) => (s.op === 'delete' ? { op: 'delete', token: s.a } : s.op === 'insert' ? { op: 'insert', token: s.b } : { op: 'equal', token: s.b }));
  const joined: Op[] = [];
  for (let i = 0; i < ops.length; ) {
    if (ops[i]!.op === 'equal') {
      joined.push(ops[i++]!);
      continue;
    }
    let end = i;
    while (end < ops.length && (ops[end]!.op !== 'equal' || (ops[end]!.token.space && ops[end + 1] !== undefined && ops[end + 1]!.op !== 'equal'))) end++;
    const region = ops.slice(i, end);
    joined.push(...region.filter((o) => o.op !== 'insert').map((o): Op => ({ op: 'delete', token: o.token })));
    joined.push(...region.filter((o) => o.op !== 'delete').map((o): Op => ({ op: 'insert', token: o.token })));
    i = end;
  }
  return rebuild(joined, mark);
}

/**
 * Where text splits into tokens: white space, and punctuation that ends or opens a word ("current." is
 * "current" and "."), but not the dots and dashes inside "1.1.0" or "2026-03-02", which change whole.
 */
const WORDS = /(\s+|[;,:!?()"\u201C\u201D]|\.(?=\s|$))/;

function tokens(children: readonly Inline[], wraps: readonly Wrapper[] = [], out: Token[] = []): Token[] {
  const wrapKey = wraps.map((w) => (w.type === 'link' ? `link(${w.url})` : w.type)).join('/');
  const push = (key: string, leaf: Inline, space = false): void => {
    out.push({ key: `${wrapKey}|${key}`, leaf, wraps, wrapKey, space });
  };
  for (const child of children) {
    switch (child.type) {
      case 'text':
        for (const piece of child.value.split(WORDS)) {
          if (piece === '') continue;
          const space = /^\s+$/.test(piece);
          push(space ? ' ' : `t:${piece}`, { type: 'text', value: piece }, space);
        }
        break;
      case 'code': push(`c:${child.value}`, child); break;
      case 'break': push('b', child); break;
      case 'placeholder': push(`p:${child.label}`, child); break;
      case 'strong': tokens(child.children, [...wraps, { type: 'strong' }], out); break;
      case 'emphasis': tokens(child.children, [...wraps, { type: 'emphasis' }], out); break;
      case 'link': tokens(child.children, [...wraps, { type: 'link', url: child.url }], out); break;
      case 'revision': tokens(child.children, wraps, out); break;
    }
  }
  return out;
}

/** Tokens back to inline content: neighbours with the same change and formatting share one element. */
function rebuild(ops: readonly { op: 'equal' | RevisionChange; token: Token }[], mark: RevisionMark): Inline[] {
  const out: Inline[] = [];
  for (let i = 0; i < ops.length; ) {
    const { op, token } = ops[i]!;
    const leaves: Inline[] = [];
    while (i < ops.length && ops[i]!.op === op && ops[i]!.token.wrapKey === token.wrapKey) {
      const leaf = ops[i++]!.token.leaf;
      const last = leaves[leaves.length - 1];
      if (leaf.type === 'text' && last?.type === 'text') leaves[leaves.length - 1] = { type: 'text', value: last.value + leaf.value };
      else leaves.push(leaf);
    }
    let wrapped: Inline[] = leaves;
    for (const wrap of [...token.wraps].reverse()) wrapped = [wrap.type === 'link' ? { type: 'link', url: wrap.url, children: wrapped } : { type: wrap.type, children: wrapped }];
    out.push(...(op === 'equal' ? wrapped : wholly(op, wrapped, mark)));
  }
  return out;
}

/** The sections of a redline, and which redline section each section of either version became. */
export interface RedlineSections {
  readonly sections: readonly Section[];
  /** A section of `a` or of `b` to its redline section; a moved section's two copies are both here. */
  readonly origins: ReadonlyMap<Section, Section>;
}

/**
 * The sections of `b` with the differences from `a` as tracked changes, so that accepting every change
 * gives the sections of `b` and rejecting every change those of `a`. Sections are followed by their
 * ids level by level: a section in both is compared block by block and word by word, its heading too;
 * a section only in one is inserted or deleted whole; a section that moved (or changed parent) is
 * deleted where it was and inserted where it is.
 */
export function redlineSections(a: readonly Section[], b: readonly Section[], mark: RevisionMark): RedlineSections {
  const origins = new Map<Section, Section>();
  return { sections: sectionLevel(a, b, mark, origins), origins };
}

function sectionLevel(a: readonly Section[], b: readonly Section[], mark: RevisionMark, origins: Map<Section, Section>): Section[] {
  return alignBy(a, b, (s) => s.id, () => false).map((step) => {
    if (step.op === 'delete') return wholeSection(step.a, 'delete', mark, origins);
    if (step.op === 'insert') return wholeSection(step.b, 'insert', mark, origins);
    const heading = step.a.number === step.b.number && step.a.title === step.b.title ? undefined : trackedHeading(step.a, step.b, mark);
    const section: Section = {
      ...step.b,
      ...(heading ? { heading } : {}),
      blocks: redlineBlocks(step.a.blocks, step.b.blocks, mark),
      sections: sectionLevel(step.a.sections, step.b.sections, mark, origins),
    };
    origins.set(step.a, section);
    origins.set(step.b, section);
    return section;
  });
}

/** A heading's number and title compared apart, with the tab between them as Word headings have it. */
function trackedHeading(a: Section, b: Section, mark: RevisionMark): Inline[] {
  return [...trackedText(a.number, b.number, mark), { type: 'text', value: '\t' }, ...trackedText(a.title, b.title, mark)];
}

function wholeSection(section: Section, change: RevisionChange, mark: RevisionMark, origins: Map<Section, Section>): Section {
  const out: Section = {
    ...section,
    heading: wholly(change, [{ type: 'text', value: `${section.number}\t${section.title}` }], mark),
    blocks: section.blocks.map((block) => wrapBlock(block, change, mark)),
    sections: section.sections.map((child) => wholeSection(child, change, mark, origins)),
  };
  origins.set(section, out);
  return out;
}

/** Blocks aligned by content; a changed block of the same kind is compared inside, others are swapped whole. */
export function redlineBlocks(a: readonly Block[], b: readonly Block[], mark: RevisionMark): Block[] {
  return alignBy(a, b, canonicalJson, sameKind).flatMap((step) => {
    switch (step.op) {
      case 'equal': return [step.b];
      case 'delete': return [wrapBlock(step.a, 'delete', mark)];
      case 'insert': return [wrapBlock(step.b, 'insert', mark)];
      case 'change': return changedBlock(step.a, step.b, mark);
    }
  });
}

function sameKind(a: Block, b: Block): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'list' && b.type === 'list') return a.ordered === b.ordered && (a.start ?? 1) === (b.start ?? 1);
  if (a.type === 'table' && b.type === 'table') return a.header.length === b.header.length;
  return a.type !== 'codeBlock' && a.type !== 'rule';
}

function changedBlock(a: Block, b: Block, mark: RevisionMark): Block[] {
  if (a.type === 'paragraph' && b.type === 'paragraph') return [{ type: 'paragraph', children: trackedInlines(a.children, b.children, mark) }];
  if (a.type === 'quote' && b.type === 'quote') return [{ type: 'quote', children: redlineBlocks(a.children, b.children, mark) }];
  if (a.type === 'list' && b.type === 'list') {
    const items = alignBy(a.items, b.items, canonicalJson).map((step): ListItem => {
      switch (step.op) {
        case 'equal': return step.b;
        case 'delete': return wrapItem(step.a, 'delete', mark);
        case 'insert': return wrapItem(step.b, 'insert', mark);
        case 'change': return { children: redlineBlocks(step.a.children, step.b.children, mark) };
      }
    });
    return [{ ...b, items }];
  }
  if (a.type === 'table' && b.type === 'table') {
    const cellDiff = (x: TableCell, y: TableCell): TableCell => ({ children: trackedInlines(x.children, y.children, mark) });
    const rows = alignBy(a.rows, b.rows, canonicalJson).map((step): TableCell[] => {
      switch (step.op) {
        case 'equal': return [...step.b];
        case 'delete': return step.a.map((cell) => wrapCell(cell, 'delete', mark));
        case 'insert': return step.b.map((cell) => wrapCell(cell, 'insert', mark));
        case 'change': return step.b.map((cell, c) => cellDiff(step.a[c] ?? { children: [] }, cell));
      }
    });
    return [{ ...b, header: b.header.map((cell, c) => cellDiff(a.header[c] ?? { children: [] }, cell)), rows }];
  }
  return [wrapBlock(a, 'delete', mark), wrapBlock(b, 'insert', mark)];
}

function wrapItem(item: ListItem, change: RevisionChange, mark: RevisionMark): ListItem {
  return { children: item.children.map((child) => wrapBlock(child, change, mark)) };
}

/** A whole block inserted or deleted: every piece of its text becomes part of one tracked change. */
function wrapBlock(block: Block, change: RevisionChange, mark: RevisionMark): Block {
  switch (block.type) {
    case 'paragraph':
      return { type: 'paragraph', children: wholly(change, block.children, mark) };
    case 'list':
      return { ...block, items: block.items.map((item) => wrapItem(item, change, mark)) };
    case 'table':
      return { ...block, header: block.header.map((cell) => wrapCell(cell, change, mark)), rows: block.rows.map((row) => row.map((cell) => wrapCell(cell, change, mark))) };
    case 'quote':
      return { type: 'quote', children: block.children.map((child) => wrapBlock(child, change, mark)) };
    case 'codeBlock':
      return { type: 'paragraph', children: wholly(change, [{ type: 'code', value: block.value }], mark) };
    case 'rule':
      return block;
  }
}

function wrapCell(cell: TableCell, change: RevisionChange, mark: RevisionMark): TableCell {
  return { children: wholly(change, cell.children, mark) };
}
