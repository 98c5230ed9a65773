import type { Change } from 'diff';
import { inlineText } from '../model/inline-text.js';
import { sectionsInOrder } from '../model/visit.js';
import { fieldToText, type Block, type ControlReference, type DocumentModel, type PersonRef, type Section } from '../model/document.js';
import { boundedArrayDiff, boundedWordDiff, wordDiffWithinBound } from './bounded-diff.js';

/** One side of a comparison: a document and the organisation variables it was composed from. */
export interface DiffSide {
  /** `1.2.0` or `working`. */
  readonly label: string;
  readonly model: DocumentModel;
  readonly organisation: Readonly<Record<string, unknown>>;
}

export interface ValueChange {
  readonly field: string;
  readonly from: string | null;
  readonly to: string | null;
}

/** A run of words: kept, inserted or deleted. */
export interface WordChange {
  readonly op: 'equal' | 'insert' | 'delete';
  readonly text: string;
}

export type SectionChange =
  | { readonly kind: 'added'; readonly id: string; readonly number: string; readonly title: string }
  | { readonly kind: 'removed'; readonly id: string; readonly number: string; readonly title: string }
  | { readonly kind: 'moved'; readonly id: string; readonly title: string; readonly fromNumber: string; readonly toNumber: string }
  | { readonly kind: 'renamed'; readonly id: string; readonly number: string; readonly fromTitle: string; readonly toTitle: string }
  | { readonly kind: 'text'; readonly id: string; readonly number: string; readonly title: string; readonly words: readonly WordChange[] }
  | { readonly kind: 'controls'; readonly id: string; readonly number: string; readonly title: string; readonly added: readonly string[]; readonly removed: readonly string[] };

export interface PolicyDiff {
  readonly policy: string;
  readonly lang: string;
  readonly from: string;
  readonly to: string;
  readonly metadata: readonly ValueChange[];
  readonly variables: readonly ValueChange[];
  readonly sections: readonly SectionChange[];
}

/**
 * Compares two composed documents, never rendered bytes: metadata, organisation variables, sections
 * added, removed, moved or renamed (followed by their stable ids), word-level text changes inside each
 * section, and control mappings added or removed.
 */
export function diffModels(a: DiffSide, b: DiffSide): PolicyDiff {
  return {
    policy: b.model.policy.id,
    lang: b.model.lang,
    from: a.label,
    to: b.label,
    metadata: diffMetadata(a.model, b.model),
    variables: diffValues(flatten(a.organisation), flatten(b.organisation)),
    sections: diffSections(a.model.sections, b.model.sections),
  };
}

function diffMetadata(a: DocumentModel, b: DocumentModel): ValueChange[] {
  const fields: [string, (m: DocumentModel) => string][] = [
    ['title', (m) => m.policy.title],
    ['owner', (m) => person(m.policy.owner)],
    ['approver', (m) => person(m.policy.approver)],
    ['classification', (m) => m.policy.classification],
    ['reviewIntervalMonths', (m) => String(m.policy.reviewIntervalMonths)],
  ];
  return fields.flatMap(([field, get]) => (get(a) === get(b) ? [] : [{ field, from: get(a), to: get(b) }]));
}

function person(p: PersonRef): string {
  return `${fieldToText(p.name)}, ${fieldToText(p.title)}`;
}

function diffValues(a: Map<string, string>, b: Map<string, string>): ValueChange[] {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys.flatMap((field) => (a.get(field) === b.get(field) ? [] : [{ field, from: a.get(field) ?? null, to: b.get(field) ?? null }]));
}

/** `people.2.name` → value, for every leaf. */
function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else if (value !== undefined) {
    out.set(prefix, String(value));
  }
  return out;
}

function diffSections(a: readonly Section[], b: readonly Section[]): SectionChange[] {
  const before = new Map(sectionsInOrder(a).map((f) => [f.section.id, f]));
  const after = sectionsInOrder(b);
  const afterIds = new Set(after.map((f) => f.section.id));
  const changes: SectionChange[] = [];
  const moved = movedIds(a, b);

  for (const { section } of sectionsInOrder(a)) {
    if (!afterIds.has(section.id)) changes.push({ kind: 'removed', id: section.id, number: section.number, title: section.title });
  }
  for (const { section, parent } of after) {
    const old = before.get(section.id);
    if (!old) {
      changes.push({ kind: 'added', id: section.id, number: section.number, title: section.title });
      continue;
    }
    if (moved.has(section.id) || old.parent !== parent) {
      changes.push({ kind: 'moved', id: section.id, title: section.title, fromNumber: old.section.number, toNumber: section.number });
    }
    if (old.section.title !== section.title) {
      changes.push({ kind: 'renamed', id: section.id, number: section.number, fromTitle: old.section.title, toTitle: section.title });
    }
    const oldText = blocksText(old.section.blocks);
    const newText = blocksText(section.blocks);
    if (oldText !== newText) {
      const words = coalesce(textChanges(oldText, newText).map((part): WordChange => ({ op: part.added ? 'insert' : part.removed ? 'delete' : 'equal', text: part.value })));
      changes.push({ kind: 'text', id: section.id, number: section.number, title: section.title, words });
    }
    // A change of strength (implements to supports, or back) is a removal and an addition.
    const mapping = (c: ControlReference): string => `${c.framework}:${c.id}${c.strength === 'supports' ? ' (supports)' : ''}`;
    const oldControls = new Set(old.section.controls.map(mapping));
    const newControls = new Set(section.controls.map(mapping));
    const added = [...newControls].filter((c) => !oldControls.has(c));
    const removed = [...oldControls].filter((c) => !newControls.has(c));
    if (added.length + removed.length > 0) changes.push({ kind: 'controls', id: section.id, number: section.number, title: section.title, added, removed });
  }
  return changes;
}

/**
 * The word-level changes between two section texts. Past the bound of a word diff (see MAX_EDITS) the
 * texts are compared line by line, a line being a paragraph, list item or table row, and each changed
 * line word by word: a line rewritten past the bound is deleted and inserted whole.
 */
function textChanges(before: string, after: string): Change[] {
  const words = wordDiffWithinBound(before, after);
  if (words) return words;
  const lines = (text: string): string[] => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const whole = (value: readonly string[], op: 'added' | 'removed' | 'equal'): Change => ({ value: value.join(''), added: op === 'added', removed: op === 'removed', count: value.length });
  const parts = boundedArrayDiff(lines(before), lines(after));
  const out: Change[] = [];
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    const next = parts[p + 1];
    if (part.removed && next?.added) {
      const pairs = Math.min(part.value.length, next.value.length);
      for (let i = 0; i < pairs; i++) out.push(...boundedWordDiff(part.value[i]!, next.value[i]!));
      if (part.value.length > pairs) out.push(whole(part.value.slice(pairs), 'removed'));
      if (next.value.length > pairs) out.push(whole(next.value.slice(pairs), 'added'));
      p++;
    } else {
      out.push(whole(part.value, part.added ? 'added' : part.removed ? 'removed' : 'equal'));
    }
  }
  return out;
}

/**
 * Joins neighbouring changes that only white space separates into one deletion and one insertion, so a
 * reader sees "~~1 business day~~ **8 hours**" rather than three interleaved word swaps.
 */
function coalesce(parts: readonly WordChange[]): WordChange[] {
  const out: WordChange[] = [];
  let i = 0;
  while (i < parts.length) {
    const part = parts[i]!;
    if (part.op === 'equal') {
      out.push(part);
      i++;
      continue;
    }
    let removed = '';
    let inserted = '';
    let j = i;
    while (j < parts.length) {
      const current = parts[j]!;
      const isGap = current.op === 'equal' && current.text.trim() === '' && parts[j + 1] !== undefined && parts[j + 1]!.op !== 'equal';
      if (current.op === 'delete') removed += current.text;
      else if (current.op === 'insert') inserted += current.text;
      else if (isGap) {
        removed += current.text;
        inserted += current.text;
      } else break;
      j++;
    }
    const reference = inserted.trim() !== '' ? inserted : removed;
    const lead = /^\s*/.exec(reference)![0];
    const trail = /\s*$/.exec(reference)![0];
    if (lead) out.push({ op: 'equal', text: lead });
    if (removed.trim() !== '') out.push({ op: 'delete', text: removed.trim() });
    if (inserted.trim() !== '') out.push({ op: 'insert', text: inserted.trim() });
    if (trail) out.push({ op: 'equal', text: trail });
    i = j;
  }
  return out;
}

/**
 * Sections whose position among their siblings changed beyond what additions and removals explain:
 * those outside the longest common subsequence of the two orders.
 */
function movedIds(a: readonly Section[], b: readonly Section[]): Set<string> {
  const moved = new Set<string>();
  const walk = (x: readonly Section[], y: readonly Section[]): void => {
    const yIds = new Set(y.map((s) => s.id));
    const xIds = new Set(x.map((s) => s.id));
    const left = x.map((s) => s.id).filter((id) => yIds.has(id));
    const right = y.map((s) => s.id).filter((id) => xIds.has(id));
    const keep = lcs(left, right);
    for (const id of left) if (!keep.has(id)) moved.add(id);
    const byId = new Map(y.map((s) => [s.id, s]));
    for (const section of x) {
      const other = byId.get(section.id);
      if (other) walk(section.sections, other.sections);
    }
  };
  walk(a, b);
  return moved;
}

function lcs(a: readonly string[], b: readonly string[]): Set<string> {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const keep = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      keep.add(a[i]!);
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return keep;
}

/** The readable text of a section's own blocks, one line per paragraph, list item or table row. */
export function blocksText(blocks: readonly Block[]): string {
  return blocks.map(blockText).join('\n');
}

function blockText(block: Block): string {
  switch (block.type) {
    case 'paragraph': return inlineText(block.children);
    case 'list': return block.items.map((item, i) => `${block.ordered ? `${(block.start ?? 1) + i}.` : '-'} ${blocksText(item.children)}`).join('\n');
    case 'table': return [block.header, ...block.rows].map((row) => row.map((cell) => inlineText(cell.children)).join(' | ')).join('\n');
    case 'quote': return blocksText(block.children);
    case 'codeBlock': return block.value;
    case 'rule': return '—';
  }
}
