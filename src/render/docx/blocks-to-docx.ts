import { BorderStyle, Paragraph, type ParagraphChild, type Table } from 'docx';
import type { Block, Section } from '../../model/document.js';
import { abbreviationLegend, modelTableText, sectionOrientations, shownHeader, type Orientation } from '../table-columns/table-plan.js';
import { heading } from './headings-and-contents.js';
import { codeRuns, inlines, runs } from './inlines-to-docx.js';
import type { RenderState } from './render-state.js';
import { paragraphMark } from './revisions-to-docx.js';
import { dataTable, wholeRowChange } from './tables-to-docx.js';
import { landscapeTextWidth, listLevelIndent, listNumbering, STYLE, twips } from './theme.js';

/** Where the body turns to landscape pages or back: a section break (see `model-to-docx.ts`). */
export class OrientationBreak {
  constructor(readonly orientation: Orientation) {}
}

/** What a Word body holds, and where its pages turn. */
export type BodyChild = Paragraph | Table | OrientationBreak;

/** Where a block sits: inside how many lists, inside a quote. */
interface BlockContext {
  readonly listDepth: number;
  readonly quote: boolean;
  /** On a landscape page: tables fill its wider text column. */
  readonly landscape?: boolean;
}

const TOP: BlockContext = { listDepth: 0, quote: false };

/** A numbered section: its heading (bookmarked for the contents), its blocks, its subsections; `first` starts a page. */
export function sectionChildren(section: Section, state: RenderState, first: boolean): BodyChild[] {
  // A wide table is set on landscape pages, with its introduction and, where it opens the section, the heading.
  const orientations = sectionOrientations(section, state.plan);
  const out: BodyChild[] = [];
  let current: Orientation = 'portrait';
  const turn = (orientation: Orientation): void => {
    if (orientation !== current) out.push(new OrientationBreak(orientation));
    current = orientation;
  };
  turn(orientations.heading);
  out.push(heading(state, section.level, section.number, section.title, { pageBreakBefore: first && current === 'portrait', tracked: section.heading, heads: section }));
  section.blocks.forEach((block, i) => {
    turn(orientations.blocks[i]!);
    out.push(...blockChildren(block, state, { ...TOP, landscape: current === 'landscape' }));
  });
  turn('portrait');
  out.push(...section.sections.flatMap((child) => sectionChildren(child, state, false)));
  return out;
}

function blocksChildren(blocks: readonly Block[], state: RenderState, context: BlockContext, endSpacing?: number): BodyChild[] {
  return blocks.flatMap((block, i) => blockChildren(block, state, context, i === blocks.length - 1 ? endSpacing : undefined));
}

/**
 * The space below a table as Word can give it: a paragraph after the table, as tall as the layout's
 * space below tables (Word puts no space after a table, and the pagination counts it).
 */
export function tableSpacer(keepNext = false): Paragraph {
  return new Paragraph({ style: STYLE.tableSpacer, ...(keepNext ? { keepNext: true } : {}), children: [] });
}

/** `endSpacing`: the space after the block in twips, when it ends a list (the layout's space below a list). */
function blockChildren(block: Block, state: RenderState, context: BlockContext, endSpacing?: number): BodyChild[] {
  const { theme } = state;
  const indent = context.listDepth > 0 ? { indent: { left: listLevelIndent(theme, context.listDepth - 1) } } : {};
  const spacing = endSpacing !== undefined ? { spacing: { after: endSpacing } } : {};
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
      return listChildren(block, state, context, endSpacing);
    case 'table': {
      const { abbreviated } = state.plan(block);
      const header = shownHeader(block, abbreviated);
      return [
        dataTable(
          state,
          header.map((cell) => inlines(cell.children, {})),
          block.rows.map((row) => row.map((cell) => inlines(cell.children, {}))),
          modelTableText(block, header),
          { align: block.align, rowChanges: [block.header, ...block.rows].map(wholeRowChange), ...(context.landscape ? { width: landscapeTextWidth(theme) } : {}) },
        ),
        tableSpacer(),
        ...(abbreviated ? [new Paragraph({ children: runs(abbreviationLegend(block)) })] : []),
      ];
    }
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

function listChildren(list: Extract<Block, { type: 'list' }>, state: RenderState, context: BlockContext, endSpacing?: number): BodyChild[] {
  const { layout } = state.theme;
  // The layout adds the body's space after a top-level list (less the item spacing its last item had).
  const after = context.listDepth === 0 ? twips(layout.layout.body.spaceAfter) : endSpacing;
  const reference = `list-${state.numbering.length + 1}`;
  const level = Math.min(context.listDepth, 8);
  state.numbering.push(listNumbering(state.theme, reference, list.ordered, list.start ?? 1));
  const inner: BlockContext = { ...context, listDepth: context.listDepth + 1 };
  const out: BodyChild[] = [];
  list.items.forEach((item, index) => {
    const [first, ...rest] = item.children;
    const last = index === list.items.length - 1 ? after : undefined;
    const numbered = (children: ParagraphChild[], spacingAfter: number | undefined, mark: ReturnType<typeof paragraphMark> = {}): Paragraph =>
      new Paragraph({
        style: context.quote ? STYLE.quote : STYLE.listParagraph,
        numbering: { reference, level, custom: true },
        ...(spacingAfter !== undefined ? { spacing: { after: spacingAfter } } : {}),
        ...mark,
        children,
      });
    if (first?.type === 'paragraph') out.push(numbered(inlines(first.children, {}), rest.length === 0 ? last : undefined, paragraphMark(first.children)));
    else {
      // An item that opens with a nested list or a table still shows its own marker.
      out.push(numbered([], undefined));
      if (first) out.push(...blockChildren(first, state, inner, rest.length === 0 ? last : undefined));
    }
    out.push(...blocksChildren(rest, state, inner, last));
  });
  return out;
}
