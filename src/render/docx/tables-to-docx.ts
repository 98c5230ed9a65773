import { AlignmentType, BorderStyle, Paragraph, ShadingType, Table, TableCell, TableLayoutType, TableRow, VerticalAlignTable, WidthType, type ParagraphChild } from 'docx';
import type { Alignment, Inline } from '../../model/document.js';
import { runs, xmlText } from './inlines-to-docx.js';
import { STYLE, type DocxTheme } from './theme.js';

/** How a table departs from the plain data table. */
export interface TableOptions {
  readonly align?: readonly Alignment[];
  /** The first column holds labels: tinted and bold. */
  readonly labelColumn?: boolean;
  /** Rows (0 = header) that a redline inserts or deletes whole, so accepting or rejecting removes the row too. */
  readonly rowChanges?: readonly (RowChange | undefined)[];
}

/** A table whose cells are plain text, header shaded; `shares` are the columns' relative widths. */
export function textTable(theme: DocxTheme, header: readonly string[], rows: readonly (readonly string[])[], shares: readonly number[], options: TableOptions = {}): Table {
  return dataTable(
    theme,
    header.map((text) => runs(text)),
    rows.map((row) => row.map((text, column) => runs(text, options.labelColumn && column === 0 ? { bold: true } : {}))),
    shares,
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
 * are runs already; `shares` are the columns' relative widths.
 */
export function dataTable(theme: DocxTheme, header: ParagraphChild[][], rows: ParagraphChild[][][], shares: readonly number[], options: TableOptions = {}): Table {
  const columns = Math.max(header.length, ...rows.map((row) => row.length), 1);
  const widths = columnWidths(theme.textWidth, shares, columns);
  const border = { style: BorderStyle.SINGLE, size: 4, color: theme.colors.rule };
  const alignment = (column: number) => {
    const align = options.align?.[column] ?? null;
    return align === 'center' ? AlignmentType.CENTER : align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT;
  };
  const cell = (children: ParagraphChild[] | undefined, column: number, kind: 'header' | 'label' | 'body') =>
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
          children: children ?? [],
        }),
      ],
    });
  const row = (cells: ParagraphChild[][], kind: 'header' | 'body', index: number) => {
    const change = options.rowChanges?.[index];
    const mark = change ? { id: 0, author: xmlText(change.author), date: `${change.date}T00:00:00Z` } : undefined;
    return new TableRow({
      cantSplit: true,
      ...(kind === 'header' ? { tableHeader: true } : {}),
      ...(mark && change?.change === 'insert' ? { insertion: mark } : {}),
      ...(mark && change?.change === 'delete' ? { deletion: mark } : {}),
      children: Array.from({ length: columns }, (_, column) =>
        cell(cells[column], column, kind === 'header' ? 'header' : options.labelColumn && column === 0 ? 'label' : 'body'),
      ),
    });
  };
  return new Table({
    width: { size: theme.textWidth, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    margins: { ...theme.cellMargin, marginUnitType: WidthType.DXA },
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: [row(header, 'header', 0), ...rows.map((cells, index) => row(cells, 'body', index + 1))],
  });
}

/** Twips per column from relative shares, summing exactly to the text width. */
function columnWidths(total: number, shares: readonly number[], columns: number): number[] {
  const raw = Array.from({ length: columns }, (_, i) => shares[i] ?? 1 / columns);
  const sum = raw.reduce((a, b) => a + b, 0);
  const widths = raw.map((share) => Math.floor((share / sum) * total));
  widths[widths.length - 1]! += total - widths.reduce((a, b) => a + b, 0);
  return widths;
}

/**
 * Column shares of a Markdown table from its text: longer content gets more room, within limits, so
 * a one-word column does not collapse and a paragraph column does not take everything.
 */
export function columnShares(rows: readonly (readonly string[])[]): number[] {
  const columns = Math.max(...rows.map((row) => row.length), 1);
  const weights = Array.from({ length: columns }, (_, column) => {
    const longest = Math.max(0, ...rows.map((row) => (row[column] ?? '').length));
    return Math.min(Math.max(longest, 8), 60);
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / sum);
}
