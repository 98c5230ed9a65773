import { alignBy, redlineSections, trackedInlines, trackedText, wholly, type RevisionChange, type RevisionMark } from '../diff/redline.js';
import { fieldToText, type DocumentModel, type Inline, type Section } from '../model/document.js';
import { inlineText } from '../model/inline-text.js';
import {
  classificationLabel,
  documentOutline,
  versionText,
  type AppendixPart,
  type AppendixTable,
  type ContentsEntry,
  type DocumentPart,
} from './document-outline.js';

/**
 * A redline as format-free parts: the outline of the newer document with every difference from the
 * older one tracked, in every part (title block, document control, version history, contents,
 * sections, appendix) and in the running header and footer. Built from the two documents' outlines,
 * never from rendered output, so every field a document prints is compared: accepting every change
 * gives the parts of `b`, rejecting every change those of `a`.
 */
export interface RedlineOutline {
  /** The newer document, its sections replaced by the tracked ones: branding, language, labels and properties. */
  readonly model: DocumentModel;
  /** The comparison note on the first page (paragraphs); it belongs to neither version and is not tracked. */
  readonly note: readonly string[];
  /** A one-line description of the comparison, for the document properties. */
  readonly description: string;
  /** The word that marks the document as a comparison among its keywords. */
  readonly keyword: string;
  readonly from: string;
  readonly to: string;
  readonly parts: readonly RedlinePart[];
  readonly header: RedlineHeader;
  /** The footer's version text ("Version: 1.1.0"), tracked. */
  readonly footer: readonly Inline[];
}

/** Inline content with tracked changes. */
export type Tracked = readonly Inline[];

/** A table row: inserted or deleted whole (the row itself is tracked), or kept with its cells compared. */
export interface TrackedRow {
  readonly change?: RevisionChange;
  readonly cells: readonly Tracked[];
}

/** A paragraph that may be inserted or deleted whole (its paragraph mark tracked too). */
export interface TrackedParagraph {
  readonly change?: RevisionChange;
  readonly text: Tracked;
}

export type RedlinePart = RedlineTitle | RedlineTable | RedlineContents | RedlineSections | RedlineAppendix;

export interface RedlineTitle {
  readonly kind: 'title';
  readonly title: Tracked;
  readonly draftMarker: TrackedParagraph | null;
  readonly organisation: Tracked;
}

/** A front-matter table (checklist, document control, version history) under its heading. */
export interface RedlineTable {
  readonly kind: 'toComplete' | 'documentControl' | 'versionHistory';
  /** Set when the whole part is in one version only. */
  readonly change?: RevisionChange;
  readonly title: Tracked;
  readonly intro: Tracked | null;
  readonly header: readonly Tracked[];
  readonly rows: readonly TrackedRow[];
}

export interface RedlineContents {
  readonly kind: 'contents';
  readonly title: Tracked;
  readonly entries: readonly RedlineContentsEntry[];
}

/** A contents line; `heading` is the redline's section or the appendix part it links to. */
export interface RedlineContentsEntry {
  readonly level: 1 | 2 | 3;
  readonly change?: RevisionChange;
  readonly numbered: boolean;
  /** The number, a tab and the title; the title alone for the appendix. */
  readonly text: Tracked;
  readonly heading: ContentsEntry['heading'];
}

export interface RedlineSections {
  readonly kind: 'sections';
  readonly sections: readonly Section[];
}

export interface RedlineAppendix {
  readonly kind: 'appendix';
  readonly change?: RevisionChange;
  /** The appendix part of the version it comes from (of `b` when in both): the contents links to it. */
  readonly heads: AppendixPart;
  readonly title: Tracked;
  readonly intro: Tracked;
  readonly frameworks: readonly RedlineFramework[];
}

export interface RedlineFramework {
  readonly change?: RevisionChange;
  readonly heads: AppendixTable;
  readonly name: Tracked;
  readonly header: readonly Tracked[];
  readonly rows: readonly TrackedRow[];
  readonly supportedOnly: Tracked;
}

/** The running header's pieces: organisation, title, classification and a draft's marker. */
export interface RedlineHeader {
  readonly organisation: Tracked;
  readonly title: Tracked;
  readonly classification: Tracked;
  readonly draftMarker: TrackedParagraph | null;
}

/** What the comparison note says about the two versions. */
export interface ComparisonText {
  readonly note: readonly string[];
  readonly description: string;
  readonly keyword: string;
}

/**
 * The redline of `a` → `b`: both documents' outlines compared part by part. Rows of the front-matter
 * tables and the appendix are followed by their first cell (the item, the version, the control id);
 * sections by their ids; contents entries by the heading they point to.
 */
export function redlineOutline(a: DocumentModel, b: DocumentModel, mark: RevisionMark, text: ComparisonText & { from: string; to: string }): RedlineOutline {
  const tree = redlineSections(a.sections, b.sections, mark);
  const model: DocumentModel = { ...b, sections: tree.sections };
  const partsA = documentOutline(a);
  const partsB = documentOutline(b);
  const appendixOf = new Map<object, AppendixPart | AppendixTable>();
  const appendixIn = (parts: readonly DocumentPart[]): AppendixPart | undefined => parts.find((p): p is AppendixPart => p.kind === 'appendix');
  // Compared first: the contents before it links to its headings.
  const appendix = appendixIn(partsA) || appendixIn(partsB) ? redlineAppendix(appendixIn(partsA), appendixIn(partsB), appendixOf, mark) : undefined;
  const parts = alignBy(partsA, partsB, (p) => p.kind, (x, y) => x.kind === y.kind).map((step): RedlinePart => {
    const x = step.op === 'insert' ? undefined : step.a;
    const y = step.op === 'delete' ? undefined : step.b;
    const kind = (x ?? y)!.kind;
    if (kind === 'appendix') return appendix!;
    if (kind === 'contents') return redlineContents(x?.kind === 'contents' ? x : undefined, y?.kind === 'contents' ? y : undefined, tree.origins, appendixOf, mark);
    return redlinePart(x, y, tree.sections, mark);
  });
  return {
    model,
    note: text.note,
    description: text.description,
    keyword: text.keyword,
    from: text.from,
    to: text.to,
    parts,
    header: {
      organisation: trackedText(fieldToText(a.organisation.shortName), fieldToText(b.organisation.shortName), mark),
      title: trackedText(a.policy.title, b.policy.title, mark),
      classification: trackedText(classificationLabel(a), classificationLabel(b), mark),
      draftMarker: trackedParagraph(a.policy.status === 'draft' ? a.labels.draft : null, b.policy.status === 'draft' ? b.labels.draft : null, mark),
    },
    footer: trackedText(`${a.labels.version}: ${versionText(a)}`, `${b.labels.version}: ${versionText(b)}`, mark),
  };
}

/** Text in both versions compared; in one version only, inserted or deleted whole; in neither, null. */
function trackedParagraph(a: string | null, b: string | null, mark: RevisionMark): TrackedParagraph | null {
  if (a !== null && b !== null) return { text: trackedText(a, b, mark) };
  if (a !== null) return { change: 'delete', text: trackedText(a, '', mark) };
  if (b !== null) return { change: 'insert', text: trackedText('', b, mark) };
  return null;
}

function text(value: string): Inline[] {
  return value === '' ? [] : [{ type: 'text', value }];
}

/** One part in `a`, `b` or both (never neither), tracked. */
function redlinePart(a: DocumentPart | undefined, b: DocumentPart | undefined, sections: readonly Section[], mark: RevisionMark): RedlinePart {
  const kind = (b ?? a)!.kind;
  const change: RevisionChange | undefined = a === undefined ? 'insert' : b === undefined ? 'delete' : undefined;
  // A part in one version only is compared with nothing: everything in it is inserted or deleted.
  const str = (get: (p: DocumentPart) => string): Tracked => trackedText(a ? get(a) : '', b ? get(b) : '', mark);
  switch (kind) {
    case 'title': {
      const x = a as Extract<DocumentPart, { kind: 'title' }> | undefined;
      const y = b as Extract<DocumentPart, { kind: 'title' }> | undefined;
      return {
        kind,
        title: str((p) => (p as typeof x)!.title),
        draftMarker: trackedParagraph(x?.draftMarker ?? null, y?.draftMarker ?? null, mark),
        organisation: trackedInlines(x?.organisation ?? [], y?.organisation ?? [], mark),
      };
    }
    case 'toComplete': {
      const rowsOf = (p: DocumentPart | undefined): Tracked[][] => (p?.kind === 'toComplete' ? p.items.map((item) => [item.placeholder, text(item.where)]) : []);
      const headerOf = (p: DocumentPart | undefined): string[] => (p?.kind === 'toComplete' ? [p.title, p.appearsIn] : []);
      return {
        kind,
        ...(change ? { change } : {}),
        title: str((p) => (p.kind === 'toComplete' ? p.title : '')),
        intro: str((p) => (p.kind === 'toComplete' ? p.intro : '')),
        header: trackedCells(headerOf(a).map(text), headerOf(b).map(text), mark),
        rows: trackedRows(rowsOf(a), rowsOf(b), mark),
      };
    }
    case 'documentControl': {
      const rowsOf = (p: DocumentPart | undefined): Tracked[][] => (p?.kind === 'documentControl' ? p.rows.map((row) => [text(row.label), row.value]) : []);
      const headerOf = (p: DocumentPart | undefined): string[] => (p?.kind === 'documentControl' ? [...p.header] : []);
      return {
        kind,
        ...(change ? { change } : {}),
        title: str((p) => (p.kind === 'documentControl' ? p.title : '')),
        intro: null,
        header: trackedCells(headerOf(a).map(text), headerOf(b).map(text), mark),
        rows: trackedRows(rowsOf(a), rowsOf(b), mark),
      };
    }
    case 'versionHistory': {
      const rowsOf = (p: DocumentPart | undefined): Tracked[][] => (p?.kind === 'versionHistory' ? p.rows.map((row) => [...row]) : []);
      const headerOf = (p: DocumentPart | undefined): string[] => (p?.kind === 'versionHistory' ? [...p.header] : []);
      return {
        kind,
        ...(change ? { change } : {}),
        title: str((p) => (p.kind === 'versionHistory' ? p.title : '')),
        intro: null,
        header: trackedCells(headerOf(a).map(text), headerOf(b).map(text), mark),
        rows: trackedRows(rowsOf(a), rowsOf(b), mark),
      };
    }
    case 'sections':
      return { kind, sections };
    case 'appendix':
    case 'contents':
      throw new Error(`redlineOutline: the ${kind} is compared on its own`);
  }
}

function trackedCells(a: readonly Tracked[], b: readonly Tracked[], mark: RevisionMark): Tracked[] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => trackedInlines(a[i] ?? [], b[i] ?? [], mark));
}

/** Rows followed by their first cell's text; a row in one version only is inserted or deleted as a row. */
function trackedRows(a: readonly (readonly Tracked[])[], b: readonly (readonly Tracked[])[], mark: RevisionMark): TrackedRow[] {
  const key = (row: readonly Tracked[]): string => inlineText(row[0] ?? []);
  return alignBy(a, b, key).map((step): TrackedRow => {
    if (step.op === 'delete') return { change: 'delete', cells: step.a.map((cell) => wholly('delete', cell, mark)) };
    if (step.op === 'insert') return { change: 'insert', cells: step.b.map((cell) => wholly('insert', cell, mark)) };
    return { cells: trackedCells(step.a, step.b, mark) };
  });
}

function redlineAppendix(a: AppendixPart | undefined, b: AppendixPart | undefined, appendixOf: Map<object, AppendixPart | AppendixTable>, mark: RevisionMark): RedlineAppendix {
  const heads = (b ?? a)!;
  if (a) appendixOf.set(a, heads);
  if (b) appendixOf.set(b, heads);
  const header = trackedCells((a?.header ?? []).map(text), (b?.header ?? []).map(text), mark);
  const frameworks = alignBy(a?.frameworks ?? [], b?.frameworks ?? [], (f) => f.name, () => false).map((step): RedlineFramework => {
    const x = step.op === 'insert' ? undefined : step.a;
    const y = step.op === 'delete' ? undefined : step.b;
    const own = (y ?? x)!;
    if (x) appendixOf.set(x, own);
    if (y) appendixOf.set(y, own);
    const rows = (t: AppendixTable | undefined): Tracked[][] => (t?.rows ?? []).map((row) => row.map(text));
    const change = step.op === 'equal' || step.op === 'change' ? undefined : step.op;
    return {
      ...(change ? { change } : {}),
      heads: own,
      name: trackedText(x?.name ?? '', y?.name ?? '', mark),
      // A table in one version only has its header row inserted or deleted with it.
      header: change ? (change === 'delete' ? a : b)!.header.map((cell) => wholly(change, text(cell), mark)) : header,
      rows: trackedRows(rows(x), rows(y), mark),
      supportedOnly: trackedText(x?.supportedOnly ?? '', y?.supportedOnly ?? '', mark),
    };
  });
  const change: RevisionChange | undefined = a === undefined ? 'insert' : b === undefined ? 'delete' : undefined;
  return {
    kind: 'appendix',
    ...(change ? { change } : {}),
    heads,
    title: trackedText(a?.title ?? '', b?.title ?? '', mark),
    intro: trackedText(a?.intro ?? '', b?.intro ?? '', mark),
    frameworks,
  };
}

/**
 * The contents of both versions merged: entries followed by the heading they point to (a section's id,
 * the appendix, a framework's name), each linking to that heading in the redline.
 */
function redlineContents(
  a: Extract<DocumentPart, { kind: 'contents' }> | undefined,
  b: Extract<DocumentPart, { kind: 'contents' }> | undefined,
  origins: ReadonlyMap<Section, Section>,
  appendixOf: ReadonlyMap<object, AppendixPart | AppendixTable>,
  mark: RevisionMark,
): RedlineContents {
  const key = (entry: ContentsEntry): string => ('id' in entry.heading ? `section:${entry.heading.id}` : 'frameworks' in entry.heading ? 'appendix' : `framework:${entry.heading.name}`);
  const target = (entry: ContentsEntry): ContentsEntry['heading'] => {
    const found = 'id' in entry.heading ? origins.get(entry.heading) : appendixOf.get(entry.heading);
    if (!found) throw new Error(`redlineOutline: the contents entry "${entry.title}" points at a heading the redline does not have`);
    return found;
  };
  const line = (entry: ContentsEntry): string => (entry.number === null ? entry.title : `${entry.number}\t${entry.title}`);
  const entries = alignBy(a?.entries ?? [], b?.entries ?? [], key, () => false).map((step): RedlineContentsEntry => {
    if (step.op === 'delete' || step.op === 'insert') {
      const entry = step.op === 'delete' ? step.a : step.b;
      return { level: entry.level, change: step.op, numbered: entry.number !== null, text: wholly(step.op, text(line(entry)), mark), heading: target(entry) };
    }
    const { a: x, b: y } = step;
    const tracked = y.number === null || x.number === null
      ? trackedText(line(x), line(y), mark)
      : [...trackedText(x.number, y.number, mark), { type: 'text' as const, value: '\t' }, ...trackedText(x.title, y.title, mark)];
    return { level: y.level, numbered: y.number !== null, text: tracked, heading: target(y) };
  });
  return { kind: 'contents', title: trackedText(a?.title ?? '', b?.title ?? '', mark), entries };
}
