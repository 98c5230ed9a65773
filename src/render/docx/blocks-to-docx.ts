import { BorderStyle, Paragraph, type ParagraphChild, type Table } from 'docx';
import type { Block, Section } from '../../model/document.js';
import { heading } from './headings-and-contents.js';
import { codeRuns, inlines, plainText } from './inlines-to-docx.js';
import type { RenderState } from './render-state.js';
import { paragraphMark } from './revisions-to-docx.js';
import { columnShares, dataTable, wholeRowChange } from './tables-to-docx.js';
import { listLevelIndent, listNumbering, STYLE } from './theme.js';

/** What a Word body holds. */
export type BodyChild = Paragraph | Table;

/** Where a block sits: inside how many lists, inside a quote. */
interface BlockContext {
  readonly listDepth: number;
  readonly quote: boolean;
}

const TOP: BlockContext = { listDepth: 0, quote: false };

/** A numbered section: its heading (bookmarked for the contents), its blocks, its subsections; `first` starts a page. */
export function sectionChildren(section: Section, state: RenderState, first: boolean): BodyChild[] {
  return [
    heading(state, section.level, section.number, section.title, { pageBreakBefore: first, tracked: section.heading, heads: section }),
    ...blocksChildren(section.blocks, state, TOP),
    ...section.sections.flatMap((child) => sectionChildren(child, state, false)),
  ];
}

function blocksChildren(blocks: readonly Block[], state: RenderState, context: BlockContext): BodyChild[] {
  const out: BodyChild[] = [];
  let afterTable = false;
  for (const block of blocks) {
    out.push(...blockChildren(block, state, context, afterTable));
    afterTable = block.type === 'table';
  }
  return out;
}

function blockChildren(block: Block, state: RenderState, context: BlockContext, afterTable: boolean): BodyChild[] {
  const { theme } = state;
  const indent = context.listDepth > 0 ? { indent: { left: listLevelIndent(theme, context.listDepth - 1) } } : {};
  // Word adds no space below a table; the paragraph after one makes room itself.
  const spacing = afterTable ? { spacing: { before: 160 } } : {};
  switch (block.type) {
    case 'paragraph':
      return [
        new Paragraph({
          ...(context.quote ? { style: STYLE.quote } : context.listDepth > 0 ? { style: STYLE.listParagraph } : {}),
          ...indent,
          ...spacing,
          ...paragraphMark(block.children),
          children: inlines(block.children, {}),
        }),
      ];
    case 'list':
      return listChildren(block, state, context);
    case 'table':
      return [
        dataTable(
          theme,
          block.header.map((cell) => inlines(cell.children, {})),
          block.rows.map((row) => row.map((cell) => inlines(cell.children, {}))),
          columnShares([block.header.map((cell) => plainText(cell.children)), ...block.rows.map((row) => row.map((cell) => plainText(cell.children)))]),
          { align: block.align, rowChanges: [block.header, ...block.rows].map(wholeRowChange) },
        ),
      ];
    case 'quote':
      return blocksChildren(block.children, state, { ...context, quote: true });
    case 'codeBlock':
      return [new Paragraph({ style: STYLE.sourceCode, ...indent, children: codeRuns(block.value) })];
    case 'rule':
      return [
        new Paragraph({
          ...indent,
          spacing: { before: 120, after: 240 },
          border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: theme.colors.rule, space: 1 } },
          children: [],
        }),
      ];
  }
}

function listChildren(list: Extract<Block, { type: 'list' }>, state: RenderState, context: BlockContext): BodyChild[] {
  const reference = `list-${state.numbering.length + 1}`;
  const level = Math.min(context.listDepth, 8);
  state.numbering.push(listNumbering(state.theme, reference, list.ordered, list.start ?? 1));
  const inner: BlockContext = { ...context, listDepth: context.listDepth + 1 };
  const out: BodyChild[] = [];
  for (const item of list.items) {
    const [first, ...rest] = item.children;
    const numbered = (children: ParagraphChild[], mark: ReturnType<typeof paragraphMark> = {}): Paragraph =>
      new Paragraph({
        style: context.quote ? STYLE.quote : STYLE.listParagraph,
        numbering: { reference, level, custom: true },
        ...mark,
        children,
      });
    if (first?.type === 'paragraph') out.push(numbered(inlines(first.children, {}), paragraphMark(first.children)));
    else {
      // An item that opens with a nested list or a table still shows its own marker.
      out.push(numbered([]));
      if (first) out.push(...blockChildren(first, state, inner, false));
    }
    out.push(...blocksChildren(rest, state, inner));
  }
  return out;
}
