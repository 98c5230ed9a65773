import { BorderStyle, DeletedTextRun, Footer, Header, ImageRun, InsertedTextRun, InternalHyperlink, PageNumber, Paragraph, ShadingType, Tab, TextRun, type ParagraphChild } from 'docx';
import type { Inline } from '../../model/document.js';
import { pageLabel } from '../document-outline.js';
import type { RedlineOutline, RedlinePart, Tracked, TrackedParagraph, TrackedRow } from '../redline-outline.js';
import type { RenderContext } from '../render-context.js';
import { sectionChildren, type BodyChild } from './blocks-to-docx.js';
import { heading } from './headings-and-contents.js';
import { inlines, runs, xmlText, type RunStyle } from './inlines-to-docx.js';
import type { RenderState } from './render-state.js';
import { changedParagraphMark, paragraphMark, revisionAttributes, type ParagraphMark } from './revisions-to-docx.js';
import { cellTextRuns } from '../table-columns/table-plan.js';
import { dataTable, type RowChange } from './tables-to-docx.js';
import { STYLE, type DocxTheme } from './theme.js';

/**
 * The body of a Word redline: the comparison note (untracked: it belongs to neither version), then
 * every part of the redline outline with its tracked changes, laid out as model-to-docx lays out a
 * policy. Paragraphs and rows in one version only have their paragraph mark or row tracked, so that
 * accepting or rejecting removes them, not only their text.
 */
export function redlineChildren(redline: RedlineOutline, state: RenderState, context: RenderContext): BodyChild[] {
  // The contents links to the headings after it, so it is built once they have their bookmarks.
  const built = redline.parts.map((part) => (part.kind === 'contents' ? () => contentsChildren(part, state) : partChildren(part, state, context)));
  return [...noteChildren(redline, state.theme), ...built.flatMap((part) => (typeof part === 'function' ? part() : part))];
}

function noteChildren(redline: RedlineOutline, theme: DocxTheme): Paragraph[] {
  const border = { style: BorderStyle.SINGLE, size: 8, color: theme.colors.primary, space: 6 };
  return redline.note.map(
    (text, index) =>
      new Paragraph({
        shading: { type: ShadingType.CLEAR, color: 'auto', fill: theme.colors.primaryTint },
        border: { left: border, right: border, ...(index === 0 ? { top: border } : {}), ...(index === redline.note.length - 1 ? { bottom: border } : {}) },
        spacing: { before: 0, after: index === redline.note.length - 1 ? 360 : 0 },
        children: runs(text, index === 0 ? { bold: true } : {}),
      }),
  );
}

function partChildren(part: Exclude<RedlinePart, { kind: 'contents' }>, state: RenderState, context: RenderContext): BodyChild[] {
  const { theme } = state;
  switch (part.kind) {
    case 'title':
      return titleChildren(part, context.logo, theme);
    case 'toComplete':
    case 'documentControl':
    case 'versionHistory': {
      const labelColumn = part.kind === 'documentControl';
      const mark = part.change ? changeOf(part.title) : undefined;
      return [
        new Paragraph({ style: STYLE.frontHeading, ...paragraphMark(part.title), children: inlines(part.title, {}) }),
        ...(part.intro && part.intro.length > 0 ? [new Paragraph({ ...paragraphMark(part.intro), children: inlines(part.intro, {}) })] : []),
        trackedTable(state, part.header, part.rows, mark, labelColumn),
      ];
    }
    case 'sections':
      return part.sections.flatMap((section, index) => sectionChildren(section, state, index === 0));
    case 'appendix':
      return [
        heading(state, 1, null, '', { pageBreakBefore: true, heads: part.heads, tracked: part.title }),
        new Paragraph({ ...paragraphMark(part.intro), children: inlines(part.intro, {}) }),
        ...part.frameworks.flatMap((framework) => [
          heading(state, 2, null, '', { heads: framework.heads, tracked: framework.name }),
          ...(framework.rows.length > 0
            ? [trackedTable(state, framework.header, framework.rows, framework.change ? changeOf(framework.name) : part.change ? changeOf(part.title) : undefined, false, framework.supportedOnly.length > 0)]
            : []),
          ...(framework.supportedOnly.length > 0 ? [new Paragraph({ ...paragraphMark(framework.supportedOnly), children: inlines(framework.supportedOnly, {}) })] : []),
        ]),
      ];
  }
}

/** Who made a wholly inserted or deleted piece, and how: from its one tracked change. */
function changeOf(tracked: Tracked): RowChange | undefined {
  const [only] = tracked;
  return only?.type === 'revision' ? { change: only.change, author: only.author, date: only.date } : undefined;
}

/** A data table whose rows may be inserted or deleted; `whole` marks the header row too (a table in one version only). */
function trackedTable(state: RenderState, header: readonly Tracked[], rows: readonly TrackedRow[], whole: RowChange | undefined, labelColumn = false, keepWithNext = false): BodyChild {
  const rowChange = (row: TrackedRow): RowChange | undefined => {
    if (!row.change) return undefined;
    return changeOf(row.cells.find((cell) => cell.length > 0) ?? []) ?? whole;
  };
  // Columns are sized from both versions' text, so neither version's longest word breaks.
  const text = {
    header: header.map((cell) => cellTextRuns(cell, { bold: true, italic: false })),
    rows: rows.map((row) => row.cells.map((cell, column) => cellTextRuns(cell, { bold: labelColumn && column === 0, italic: false }))),
  };
  return dataTable(
    state,
    header.map((cell) => inlines(cell, {})),
    rows.map((row) => row.cells.map((cell, column) => inlines(cell, labelColumn && column === 0 ? { bold: true } : {}))),
    text,
    { ...(labelColumn ? { labelColumn } : {}), ...(keepWithNext ? { keepWithNext } : {}), rowChanges: [whole, ...rows.map(rowChange)] },
  );
}

/** The title block as titleBlock (title-header-footer.ts) lays it out, with its texts tracked. */
function titleChildren(part: Extract<RedlinePart, { kind: 'title' }>, logo: RenderContext['logo'], theme: DocxTheme): Paragraph[] {
  const out: Paragraph[] = [];
  if (logo) {
    const aspect = logo.width / logo.height;
    const box = theme.logoBox;
    const width = Math.min(box.maxWidth, Math.round(aspect * box.height));
    const height = Math.min(box.height, Math.round(width / aspect));
    out.push(
      new Paragraph({
        spacing: { after: 240 },
        children: [
          new ImageRun({
            type: logo.type === 'png' ? 'png' : 'jpg',
            data: logo.bytes,
            transformation: { width: Math.max(1, width), height: Math.max(1, height) },
            altText: { name: 'Logo', description: 'Logo', title: 'Logo' },
          }),
        ],
      }),
    );
  }
  out.push(new Paragraph({ style: STYLE.title, children: inlines(part.title, {}) }));
  if (part.draftMarker) out.push(new Paragraph({ style: STYLE.draftMarker, ...trackedMark(part.draftMarker), children: inlines(part.draftMarker.text, {}) }));
  out.push(
    new Paragraph({
      style: STYLE.subtitle,
      border: { bottom: { style: BorderStyle.SINGLE, size: 8, color: theme.colors.primary, space: 8 } },
      children: inlines(part.organisation, {}),
    }),
  );
  return out;
}

function trackedMark(paragraph: TrackedParagraph): ParagraphMark {
  const change = changeOf(paragraph.text);
  return paragraph.change && change ? changedParagraphMark(paragraph.change, change.author, change.date) : {};
}

/**
 * The contents as entries linked to the headings' bookmarks, with tracked text; an entry in one version
 * only is an inserted or deleted paragraph. Not a TOC field: updating one would drop the tracked changes.
 */
function contentsChildren(part: Extract<RedlinePart, { kind: 'contents' }>, state: RenderState): Paragraph[] {
  const title = new Paragraph({ style: STYLE.tocHeading, pageBreakBefore: true, children: inlines(part.title, {}) });
  return [
    title,
    ...part.entries.map((entry) => {
      const bookmark = state.bookmarks.get(entry.heading);
      if (bookmark === undefined) throw new Error('renderDocx: a redline contents entry points at a heading that was not rendered first');
      return new Paragraph({
        style: STYLE.toc(entry.level),
        ...(entry.numbered ? {} : { indent: { left: (entry.level - 1) * 284, hanging: 0 } }),
        ...paragraphMark(entry.text),
        children: [new InternalHyperlink({ anchor: bookmark, children: inlines(entry.text, {}) })],
      });
    }),
  ];
}

/** Plain tracked text as runs of one formatting (the header and footer hold nothing else). */
function styledRuns(tracked: readonly Inline[], style: RunStyle & { readonly color?: string }): ParagraphChild[] {
  return tracked.flatMap((node): ParagraphChild[] => {
    if (node.type === 'text') return [new TextRun({ ...style, children: tabbed(node.value) })];
    if (node.type === 'revision') {
      const text = node.children.map((child) => (child.type === 'text' ? child.value : '')).join('');
      const mark = revisionAttributes(node.author, node.date);
      return [node.change === 'insert' ? new InsertedTextRun({ ...style, ...mark, children: tabbed(text) }) : new DeletedTextRun({ ...style, ...mark, children: tabbed(text) })];
    }
    return inlines([node], style);
  });
}

function tabbed(value: string): (string | Tab)[] {
  return xmlText(value).split('\t').flatMap((part, i) => (i === 0 ? [part] : [new Tab(), part])).filter((part) => part !== '');
}

/** The running header as pageHeader (title-header-footer.ts) lays it out, with its pieces tracked. */
export function redlineHeader(redline: RedlineOutline, theme: DocxTheme): Header {
  const { header } = redline;
  const right: ParagraphChild[] = styledRuns(header.classification, {});
  if (header.draftMarker) {
    const change = header.draftMarker.change;
    const separator: Inline[] = [{ type: 'text', value: '  \u00B7  ' }];
    const who = changeOf(header.draftMarker.text);
    right.push(
      ...styledRuns(change && who ? [{ type: 'revision', change, author: who.author, date: who.date, children: separator }] : separator, {}),
      ...styledRuns(header.draftMarker.text, { bold: true, color: theme.colors.draft }),
    );
  }
  return new Header({
    children: [
      new Paragraph({
        style: STYLE.header,
        children: [
          ...styledRuns(header.organisation, { bold: true, color: theme.colors.primary }),
          new TextRun({ text: '  \u00B7  ' }),
          ...styledRuns(header.title, {}),
          new TextRun({ children: [new Tab()] }),
          ...right,
        ],
      }),
    ],
  });
}

const PAGE_MARK = '\uE000';
const TOTAL_MARK = '\uE001';

/** The running footer as pageFooter (title-header-footer.ts) lays it out, the version tracked. */
export function redlineFooter(redline: RedlineOutline): Footer {
  const page = pageLabel(redline.model, PAGE_MARK, TOTAL_MARK)
    .split(new RegExp(`(${PAGE_MARK}|${TOTAL_MARK})`))
    .filter((part) => part !== '')
    .map((part) =>
      part === PAGE_MARK
        ? new TextRun({ children: [PageNumber.CURRENT] })
        : part === TOTAL_MARK
          ? new TextRun({ children: [PageNumber.TOTAL_PAGES] })
          : new TextRun({ text: xmlText(part) }),
    );
  return new Footer({
    children: [new Paragraph({ style: STYLE.footer, children: [...styledRuns(redline.footer, {}), new TextRun({ children: [new Tab()] }), ...page] })],
  });
}
