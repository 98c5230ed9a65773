import { AlignmentType, BorderStyle, Paragraph, ShadingType, Table, TableCell, TableLayoutType, TableRow, VerticalAlignTable, WidthType, type ParagraphChild } from 'docx';
import type { Alignment, Inline } from '../../model/document.js';
import { cellTypography, settledColumnWidths, type TableText, type TextMeasure } from '../table-columns/column-widths.js';
import { setTableText } from '../table-columns/table-plan.js';
import { runs, xmlText } from './inlines-to-docx.js';
import { STYLE, type DocxTheme } from './theme.js';

/** What sizing a table's columns takes: the theme (type size, cell margins) and the measure of its font. */
export interface TableSetting {
  readonly theme: DocxTheme;
  readonly measure: TextMeasure;
}

/** How a table departs from the plain data table. */
export interface TableOptions {
  readonly align?: readonly Alignment[];
  /** The first column holds labels: tinted and bold. */
  readonly labelColumn?: boolean;
  /** Rows (0 = header) that a redline inserts or deletes whole, so accepting or rejecting removes the row too. */
  readonly rowChanges?: readonly (RowChange | undefined)[];
  /** The width the table fills, in twips: the text width of its page (portrait unless said otherwise). */
  readonly width?: number;
  /** The last row stays on the page of what follows the table (a note after it), as Word's keep-with-next does. */
  readonly keepWithNext?: boolean;
}

/** A table whose cells are plain text, header shaded. */
export function textTable(setting: TableSetting, header: readonly string[], rows: readonly (readonly string[])[], options: TableOptions = {}): Table {
  return dataTable(
    setting,
    header.map((text) => runs(text)),
    rows.map((row) => row.map((text, column) => runs(text, options.labelColumn && column === 0 ? { bold: true } : {}))),
    setTableText(header, rows, options.labelColumn),
    options,
  );
}

/** A whole row inserted or deleted by a redline. */
export interface RowChange {
  readonly change: 'insert' | 'delete';
  readonly author: string;
  readonly date: string;
}

/** A row every cell of which is one tracked change of the same kind: the row itself is inserted or deleted. */
export function wholeRowChange(cells: readonly { readonly children: readonly Inline[] }[]): RowChange | undefined {
  let found: RowChange | undefined;
  for (const cell of cells) {
    if (cell.children.length === 0) continue;
    const [only] = cell.children;
    if (cell.children.length !== 1 || only?.type !== 'revision') return undefined;
    if (found && found.change !== only.change) return undefined;
    found = { change: only.change, author: only.author, date: only.date };
  }
  return found;
}

/**
 * A table at the text width with a repeated, shaded header row; rows never split across pages. Cells
 * are runs already; `text` is the same content as text runs, which sizes the columns (fixed layout,
 * so Word and LibreOffice keep the widths: no column narrower than its longest word).
 */
export function dataTable(setting: TableSetting, header: ParagraphChild[][], rows: ParagraphChild[][][], text: TableText, options: TableOptions = {}): Table {
  const { theme } = setting;
  const columns = Math.max(header.length, ...rows.map((row) => row.length), 1);
  const total = options.width ?? theme.textWidth;
  const widths = columnTwips(setting, text, total, columns);
  const border = { style: BorderStyle.SINGLE, size: 4, color: theme.colors.rule };
  const alignment = (column: number) => {
    const align = options.align?.[column] ?? null;
    return align === 'center' ? AlignmentType.CENTER : align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT;
  };
  const cell = (children: ParagraphChild[] | undefined, column: number, kind: 'header' | 'label' | 'body', keepNext: boolean) =>
    new TableCell({
      width: { size: widths[column]!, type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.TOP,
      ...(kind === 'header'
        ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: theme.colors.primary } }
        : kind === 'label'
          ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: theme.colors.primaryTint } }
          : {}),
      children: [
        new Paragraph({
          style: kind === 'header' ? STYLE.tableHeading : STYLE.tableText,
          alignment: alignment(column),
          ...(keepNext ? { keepNext: true } : {}),
          children: children ?? [],
        }),
      ],
    });
  const row = (cells: ParagraphChild[][], kind: 'header' | 'body', index: number) => {
    // Word keeps a row with the next paragraph when every paragraph of the row keeps with next.
    const keepNext = kind === 'body' && options.keepWithNext === true && index === rows.length;
    const change = options.rowChanges?.[index];
    const mark = change ? { id: 0, author: xmlText(change.author), date: `${change.date}T00:00:00Z` } : undefined;
    return new TableRow({
      cantSplit: true,
      ...(kind === 'header' ? { tableHeader: true } : {}),
      ...(mark && change?.change === 'insert' ? { insertion: mark } : {}),
      ...(mark && change?.change === 'delete' ? { deletion: mark } : {}),
      children: Array.from({ length: columns }, (_, column) =>
        cell(cells[column], column, kind === 'header' ? 'header' : options.labelColumn && column === 0 ? 'label' : 'body', keepNext),
      ),
    });
  };
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    margins: { ...theme.cellMargin, marginUnitType: WidthType.DXA },
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: [row(header, 'header', 0), ...rows.map((cells, index) => row(cells, 'body', index + 1))],
  });
}

/**
 * Whole twips per column: the shared widths (`settledColumnWidths`, in points on the twip grid, summing
 * exactly to the table's width) that the pagination the contents is numbered from lays the table out
 * with, at the layout theme's table type size and cell padding.
 */
function columnTwips({ theme, measure }: TableSetting, text: TableText, total: number, columns: number): number[] {
  const table = theme.layout.layout.table;
  const points = settledColumnWidths(text, cellTypography(measure, table.size, table.paddingX), total / 20);
  const widths = Array.from({ length: columns }, (_, c) => Math.round((points[c] ?? 0) * 20));
  widths[widths.length - 1]! += total - widths.reduce((a, b) => a + b, 0);
  return widths;
}
