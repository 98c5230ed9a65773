import type { Block, Inline, Section, TableCell } from '../../model/document.js';
import { columnWidths, type TableText, type TableTypography, type TextMeasure, type TextRun } from './column-widths.js';

/** A table block of the document model. */
export type TableBlock = Extract<Block, { type: 'table' }>;

/** The page a table is set on. */
export type Orientation = 'portrait' | 'landscape';

/** How a table of the model is set, decided once for every format. */
export interface TablePlan {
  readonly orientation: Orientation;
  /** The header shows the table's abbreviations, and a legend under the table spells them out. */
  readonly abbreviated: boolean;
}

/**
 * The typography the orientation is decided with, for every format alike: the larger of the formats'
 * table type sizes (9.5 pt) and cell paddings (6 pt a side), so a table that fits here fits in each
 * format's own, smaller setting. The measure is the caller's: the same for every format (see
 * `RenderContext.tableMeasure`).
 */
export const DECISION_TYPE = { headerSize: 9.5, bodySize: 9.5, padding: 12 } as const;

/**
 * The text column in points, portrait and landscape, narrowed to the narrower format (Word's margins
 * are 22 mm a side, the PDF's 64 pt): a table that fits here fits in both.
 */
export const DECISION_TEXT_WIDTH = {
  A4: { portrait: 467, landscape: 713 },
  Letter: { portrait: 484, landscape: 664 },
} as const;

/** A cell's inline content as text runs; deleted text of a redline is kept, since Word shows it. */
export function cellTextRuns(children: readonly Inline[], style: { bold: boolean; italic: boolean; code?: boolean } = { bold: false, italic: false }): TextRun[] {
  return children.flatMap((inline): TextRun[] => {
    switch (inline.type) {
      case 'text':
        return [{ text: inline.value, ...style }];
      case 'code':
        return [{ text: inline.value, ...style, code: true }];
      case 'break':
        return [{ text: '\n', ...style }];
      case 'placeholder':
        // A default to adapt shows its value, in Word and in the PDF.
        return [{ text: inline.value ?? `[${inline.label}]`, ...style }];
      case 'strong':
        return cellTextRuns(inline.children, { ...style, bold: true });
      case 'emphasis':
        return cellTextRuns(inline.children, { ...style, italic: true });
      case 'link':
      case 'revision':
        return cellTextRuns(inline.children, style);
    }
  });
}

/** Plain strings as cells of text runs. */
export function plainTableText(header: readonly string[], rows: readonly (readonly string[])[]): TableText {
  const cell = (text: string): TextRun[] => [{ text, bold: false, italic: false }];
  return { header: header.map(cell), rows: rows.map((row) => row.map(cell)) };
}

/** A table of plain strings as set: header cells bold, and the first column too for a label column. */
export function setTableText(header: readonly string[], rows: readonly (readonly string[])[], labelColumn = false): TableText {
  const cell = (text: string, bold: boolean): TextRun[] => [{ text, bold, italic: false }];
  return { header: header.map((text) => cell(text, true)), rows: rows.map((row) => row.map((text, c) => cell(text, labelColumn && c === 0))) };
}

/** A model table as text runs, header cells bold (as every format sets them). */
export function modelTableText(table: Pick<TableBlock, 'header' | 'rows'>, header: readonly TableCell[] = table.header): TableText {
  return {
    header: header.map((cell) => cellTextRuns(cell.children, { bold: true, italic: false })),
    rows: table.rows.map((row) => row.map((cell) => cellTextRuns(cell.children))),
  };
}

/** The header cells a table shows: its abbreviations where it has them and `abbreviated` is set. */
export function shownHeader(table: TableBlock, abbreviated: boolean): readonly TableCell[] {
  if (!abbreviated || !table.abbreviations) return table.header;
  return table.header.map((cell, c) => {
    const short = table.abbreviations?.[c];
    return short ? { children: [{ type: 'text', value: short }] } : cell;
  });
}

/** The legend under an abbreviated table: "CISO = Chief Information Security Officer; ...". */
export function abbreviationLegend(table: TableBlock): string {
  return table.header
    .flatMap((cell, c) => {
      const short = table.abbreviations?.[c];
      return short ? [`${short} = ${plainText(cell.children)}`] : [];
    })
    .join('; ');
}

/**
 * Whether a table goes on landscape pages and whether it shows its abbreviations: landscape when the
 * model marks it wide or its minimum widths (longest words) do not fit the portrait text column; abbreviated when they do not fit
 * even the landscape column and the table has abbreviations (then portrait again if they fit there).
 */
export function planTable(table: TableBlock, measure: TextMeasure, pageSize: 'A4' | 'Letter'): TablePlan {
  const typography: TableTypography = { measure, ...DECISION_TYPE };
  const width = DECISION_TEXT_WIDTH[pageSize] ?? DECISION_TEXT_WIDTH.A4;
  if (!table.wide && columnWidths(modelTableText(table), typography, width.portrait).fits) return { orientation: 'portrait', abbreviated: false };
  if (columnWidths(modelTableText(table), typography, width.landscape).fits || !table.abbreviations?.some(Boolean)) {
    return { orientation: 'landscape', abbreviated: false };
  }
  const short = modelTableText(table, shownHeader(table, true));
  return { orientation: !table.wide && columnWidths(short, typography, width.portrait).fits ? 'portrait' : 'landscape', abbreviated: true };
}

/**
 * The orientation of a section's heading and of each of its blocks. A landscape table takes the
 * paragraphs just before it (its introduction) onto its landscape pages, and the section's heading too
 * when nothing else comes before them, so that no heading or introduction is left alone at the foot of
 * a portrait page.
 */
export function sectionOrientations(section: Pick<Section, 'blocks'>, plan: (table: TableBlock) => TablePlan): { heading: Orientation; blocks: Orientation[] } {
  const blocks = section.blocks.map((block): Orientation => (block.type === 'table' ? plan(block).orientation : 'portrait'));
  for (let i = blocks.length - 1; i > 0; i--) {
    if (blocks[i] === 'landscape' && section.blocks[i - 1]?.type === 'paragraph') blocks[i - 1] = 'landscape';
  }
  return { heading: blocks[0] ?? 'portrait', blocks };
}

function plainText(children: readonly Inline[]): string {
  return cellTextRuns(children)
    .map((run) => run.text)
    .join('');
}
