import { fieldToText, type Block, type DocumentModel, type Inline, type Section, type TableCell } from '../../model/document.js';
import type { RenderContext } from '../render-context.js';
import type { TextMeasure } from '../table-columns/column-widths.js';
import { abbreviationLegend, planTable, sectionOrientations, shownHeader, type Orientation, type TableBlock, type TablePlan } from '../table-columns/table-plan.js';
import { documentOutline, type ContentsEntry, type ContentsPart } from '../document-outline.js';
import type { FlowBlock, LayoutTheme, ParagraphStyle, Run, TocEntry } from './layout-input.js';

type FlowTable = Extract<FlowBlock, { kind: 'table' }>;

/** The layout theme plus the styles of the title block and the headings, by flow heading level. */
export interface Theme {
  readonly layout: LayoutTheme;
  readonly headings: Readonly<Record<1 | 2 | 3 | 4 | 5 | 6, ParagraphStyle>>;
  readonly organisation: ParagraphStyle;
  readonly primary: string;
  readonly draft: string;
}

const TEXT = '#1C2430';
const MUTED = '#5B6573';
const DRAFT_RED = '#B3261E';

/**
 * Every size, spacing and colour of a document, in points, for both formats: the PDF lays out with
 * them and the Word styles are written from them, so that the Word pagination the table of contents
 * is numbered from is the one Word and LibreOffice make. Headings and table headers take the
 * organisation's colour.
 */
export function documentTheme(primaryColor: string): Theme {
  // A very light brand colour cannot carry white text or read as a heading: fall back to ink.
  const light = luminance(primaryColor) > 0.55;
  const accent = light ? TEXT : primaryColor;
  const heading = (size: number, spaceBefore: number, spaceAfter: number, color: string, italic = false): ParagraphStyle => ({
    size,
    lineHeight: Math.round(size * 1.28 * 10) / 10,
    color,
    bold: true,
    italic,
    spaceBefore,
    spaceAfter,
  });
  const body: ParagraphStyle = { size: 10, lineHeight: 14, color: TEXT, bold: false, italic: false, spaceBefore: 0, spaceAfter: 7 };
  return {
    primary: accent,
    draft: DRAFT_RED,
    headings: {
      1: heading(24, 0, 6, accent),
      2: heading(15, 20, 7, accent),
      3: heading(12.5, 14, 5, accent),
      4: heading(11, 12, 4, TEXT),
      5: heading(10, 10, 3, TEXT),
      6: heading(10, 10, 3, MUTED, true),
    },
    organisation: { ...body, size: 12.5, lineHeight: 16, color: MUTED, spaceAfter: 10 },
    layout: {
      body,
      linkColor: light ? '#1A5FB4' : primaryColor,
      mutedColor: MUTED,
      code: { size: 9, lineHeight: 12.5, color: '#7A1F3D', background: '#F1F3F6', padding: 5 },
      placeholder: { color: '#C00000', background: '#FFF200' },
      table: {
        size: 9,
        lineHeight: 12,
        paddingX: 6,
        paddingY: 4,
        headerFill: light ? '#3C4654' : primaryColor,
        headerColor: '#FFFFFF',
        stripeFill: '#F3F5F8',
        ruleColor: '#D6DBE2',
        ruleWidth: 0.5,
        spaceBefore: 0,
        spaceAfter: 12,
      },
      list: { bullets: ['•', '–', '◦'], gap: 6, minIndent: 18, itemSpacing: 3 },
      quote: { indent: 16, barColor: light ? '#B8C0CC' : primaryColor, barWidth: 2.5, color: MUTED },
      toc: { size: 10, lineHeight: 16, indent: 18, leaderColor: '#8A94A3', topSpacing: 3 },
      badge: { size: 10, paddingX: 8, paddingY: 3, spaceAfter: 12 },
      furniture: { size: 8, color: MUTED, ruleColor: '#C9CFD8' },
    },
  };
}

function luminance(hex: string): number {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  if (!Number.isFinite(value)) return 0;
  const channel = (shift: number): number => {
    const c = ((value >> shift) & 0xff) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
}

/**
 * The document as blocks, part by part in the outline's order. The contents is built last, once every
 * heading after it has its anchor (so its own anchor comes last), and left out when it lists nothing.
 * `measure` decides which tables go on landscape pages and which show abbreviations: every format
 * passes the same one (see `textMeasure`), so they decide alike.
 */
export function modelToFlow(model: DocumentModel, context: RenderContext, theme: Theme, measure: TextMeasure): { blocks: FlowBlock[]; contents: readonly string[] } {
  const anchors = new Anchors();
  const anchorOf = new Map<ContentsEntry['heading'], string>();
  const plans = new WeakMap<TableBlock, TablePlan>();
  const plan: Planner = (table) => {
    let found = plans.get(table);
    if (!found) {
      found = planTable(table, measure, model.organisation.branding.pageSize);
      plans.set(table, found);
    }
    return found;
  };
  const front = (title: string): FlowBlock => heading(theme, 2, '', title, anchors.next(), { title, depth: 1 });
  // The contents waits until every heading it lists has its anchor.
  const parts = documentOutline(model).map((part): FlowBlock[] | (() => FlowBlock[]) => {
    switch (part.kind) {
      case 'title': {
        const flow: FlowBlock[] = [];
        if (context.logo) {
          flow.push({ kind: 'image', bytes: context.logo.bytes, width: context.logo.width, height: context.logo.height, alt: fieldToText(model.organisation.legalName), maxWidth: 160, maxHeight: 56 });
        }
        flow.push(heading(theme, 1, '', part.title, anchors.next(), null));
        if (part.draftMarker !== null) flow.push({ kind: 'badge', text: part.draftMarker, color: theme.draft });
        flow.push({ kind: 'paragraph', runs: runs(part.organisation), style: theme.organisation });
        flow.push({ kind: 'rule', color: theme.primary, width: 1.5 });
        return flow;
      }
      case 'toComplete':
        return [
          front(part.title),
          { kind: 'paragraph', runs: [text(part.intro)] },
          {
            kind: 'table',
            header: [[text(part.title)], [text(part.appearsIn)]],
            rows: part.items.map((item) => [runs(item.placeholder), [text(item.where)]]),
            align: ['left', 'left'],
          },
        ];
      case 'documentControl':
        // Labels bold, as Word sets the label column (and sizes it).
        return [front(part.title), inlineTable(part.header, part.rows.map((row) => [[{ type: 'strong', children: [{ type: 'text', value: row.label }] }], row.value]))];
      case 'versionHistory':
        return [front(part.title), inlineTable(part.header, part.rows)];
      case 'contents':
        // On a page of its own, as Word's contents is.
        return () => {
          const toc = contentsFlow(part, theme, anchors, anchorOf);
          return toc.length > 0 ? [{ kind: 'pageBreak' }, ...toc] : [];
        };
      case 'sections': {
        const body = part.sections.map((section) => sectionFlow(section, theme, anchors, anchorOf, plan));
        return body.length > 0 ? [{ kind: 'pageBreak' }, ...body] : [];
      }
      case 'appendix': {
        const anchor = anchors.next();
        anchorOf.set(part, anchor);
        const flow: FlowBlock[] = [
          { kind: 'pageBreak' },
          heading(theme, 2, '', part.title, anchor, { title: part.title, depth: 1 }),
          { kind: 'paragraph', runs: [text(part.intro)] },
        ];
        for (const framework of part.frameworks) {
          const frameworkAnchor = anchors.next();
          anchorOf.set(framework, frameworkAnchor);
          flow.push(heading(theme, 3, '', framework.name, frameworkAnchor, { title: framework.name, depth: 2 }));
          // The supported-only line keeps with the table's last row, never alone on a page.
          if (framework.rows.length > 0) flow.push({ ...simpleTable(part.header, framework.rows), keepWithNext: framework.supportedOnly !== '' });
          if (framework.supportedOnly) flow.push({ kind: 'paragraph', runs: [text(framework.supportedOnly)] });
        }
        return flow;
      }
    }
  });
  const contents: string[] = [];
  const blocks = parts.flatMap((blocks) => (typeof blocks === 'function' ? blocks() : blocks));
  for (const block of blocks) if (block.kind === 'toc') contents.push(...block.entries.map((entry) => entry.anchor));
  return { blocks, contents };
}

function contentsFlow(part: ContentsPart, theme: Theme, anchors: Anchors, anchorOf: ReadonlyMap<ContentsEntry['heading'], string>): FlowBlock[] {
  if (part.entries.length === 0) return [];
  const entries = part.entries.map((entry): TocEntry => {
    const anchor = anchorOf.get(entry.heading);
    if (anchor === undefined) throw new Error(`renderPdf: the contents lists "${entry.title}", which no part laid out`);
    return { anchor, label: entry.number ?? '', title: entry.title, depth: entry.level };
  });
  return [heading(theme, 2, '', part.title, anchors.next(), { title: part.title, depth: 1 }), { kind: 'toc', entries }];
}

/** Named destinations: short, ASCII and in document order. */
class Anchors {
  private count = 0;
  next(): string {
    this.count += 1;
    return `h${this.count}`;
  }
}

/** How each model table is set (orientation, abbreviations): decided once, as Word decides it. */
type Planner = (table: TableBlock) => TablePlan;

function sectionFlow(section: Section, theme: Theme, anchors: Anchors, anchorOf: Map<ContentsEntry['heading'], string>, plan: Planner): FlowBlock {
  const level = Math.min(6, section.level + 1) as 2 | 3 | 4 | 5 | 6;
  const anchor = anchors.next();
  const title = `${section.number} ${section.title}`;
  anchorOf.set(section, anchor);
  // A wide table is set on landscape pages, with its introduction and, where it opens the section, the heading.
  const orientations = sectionOrientations(section, plan);
  const blocks: FlowBlock[] = [];
  let current: Orientation = 'portrait';
  const turn = (orientation: Orientation): void => {
    if (orientation !== current) blocks.push({ kind: 'orientation', orientation });
    current = orientation;
  };
  turn(orientations.heading);
  blocks.push(heading(theme, level, section.number, section.title, anchor, { title, depth: section.level }));
  section.blocks.forEach((block, i) => {
    turn(orientations.blocks[i]!);
    blocks.push(...blockFlow(block, plan));
  });
  turn('portrait');
  blocks.push(...section.sections.map((child) => sectionFlow(child, theme, anchors, anchorOf, plan)));
  return { kind: 'section', blocks };
}

function heading(
  theme: Theme,
  level: 1 | 2 | 3 | 4 | 5 | 6,
  label: string,
  title: string,
  anchor: string,
  outline: { title: string; depth: number } | null,
): FlowBlock {
  return { kind: 'heading', level, label, text: title, style: theme.headings[level], anchor, outline };
}

/** A block as flow blocks: one, or a table and the legend of its abbreviations. */
function blockFlow(block: Block, plan: Planner): FlowBlock[] {
  switch (block.type) {
    case 'paragraph':
      return [{ kind: 'paragraph', runs: runs(block.children) }];
    case 'list':
      return [{ kind: 'list', ordered: block.ordered, start: block.start ?? 1, items: block.items.map((item) => item.children.flatMap((child) => blockFlow(child, plan))) }];
    case 'table': {
      const { abbreviated } = plan(block);
      return [
        {
          kind: 'table',
          header: shownHeader(block, abbreviated).map(cellRuns),
          rows: block.rows.map((row) => row.map(cellRuns)),
          align: block.header.map((_, i) => block.align[i] ?? 'left'),
        },
        ...(abbreviated ? [{ kind: 'paragraph', runs: [text(abbreviationLegend(block))] } satisfies FlowBlock] : []),
      ];
    }
    case 'quote':
      return [{ kind: 'quote', blocks: block.children.flatMap((child) => blockFlow(child, plan)) }];
    case 'codeBlock':
      return [{ kind: 'code', text: block.value }];
    case 'rule':
      return [{ kind: 'rule', color: '#C9CFD8', width: 0.75 }];
  }
}

function cellRuns(cell: TableCell): Run[] {
  return runs(cell.children);
}

interface InlineStyle {
  readonly bold: boolean;
  readonly italic: boolean;
  readonly link: string | null;
}

function runs(inlines: readonly Inline[], style: InlineStyle = { bold: false, italic: false, link: null }): Run[] {
  return inlines.flatMap((inline): Run[] => {
    switch (inline.type) {
      case 'text':
        return [{ kind: 'text', text: inline.value, ...style, code: false }];
      case 'strong':
        return runs(inline.children, { ...style, bold: true });
      case 'emphasis':
        return runs(inline.children, { ...style, italic: true });
      case 'code':
        return [{ kind: 'text', text: inline.value, ...style, code: true }];
      case 'link':
        return runs(inline.children, { ...style, link: inline.url });
      case 'break':
        return [{ kind: 'break' }];
      case 'placeholder':
        // A default to adapt reads as its value; Word marks it for adapting.
        if (inline.value !== undefined) return [{ kind: 'text', text: inline.value, ...style, code: false }];
        return [{ kind: 'text', text: `[${inline.label}]`, ...style, code: false, highlight: true }];
      case 'revision':
        // Tracked changes belong to the Word redline; a PDF shows the text with them accepted.
        return inline.change === 'delete' ? [] : runs(inline.children, style);
    }
  });
}

function text(value: string): Run {
  return { kind: 'text', text: value, bold: false, italic: false, code: false, link: null };
}

function simpleTable(header: readonly string[], rows: readonly (readonly string[])[]): FlowTable {
  return tableFlow(header, rows.map((row) => row.map((value) => [text(value)])));
}

/** A table of fixed rows whose cells are inline content (placeholders marked). */
function inlineTable(header: readonly string[], rows: readonly (readonly (readonly Inline[])[])[]): FlowTable {
  return tableFlow(header, rows.map((row) => row.map((cell) => runs(cell))));
}

function tableFlow(header: readonly string[], rows: Run[][][]): FlowTable {
  return { kind: 'table', header: header.map((label) => [text(label)]), rows, align: header.map(() => 'left') };
}
