/**
 * Column widths of a table from its content, for every format: the CSS automatic table layout. Each
 * column has a minimum (its longest word, which must never break) and a maximum (its longest cell set
 * on one line), both plus the cell padding; the available width is shared between the two in
 * proportion to each column's content. Units are the caller's (points, twips), as long as the measure
 * and the widths agree.
 */

/** Text of one style in a cell; a line break is a run whose text is "\n". */
export interface TextRun {
  readonly text: string;
  readonly bold: boolean;
  readonly italic: boolean;
  /** Set in the monospaced code face. */
  readonly code?: boolean;
}

/** The face a run is set in. */
export interface TextFace {
  readonly bold: boolean;
  readonly italic: boolean;
  readonly code?: boolean;
}

/** The width of `text` in `face` at `size` (font size in points), in the unit of the table's widths. */
export type TextMeasure = (text: string, face: TextFace, size: number) => number;

/** A table's cells as text, header row first. */
export interface TableText {
  readonly header: readonly (readonly TextRun[])[];
  readonly rows: readonly (readonly (readonly TextRun[])[])[];
}

/** How a table's text is set: the measure of its font, sizes and the horizontal padding of a cell. */
export interface TableTypography {
  readonly measure: TextMeasure;
  readonly headerSize: number;
  readonly bodySize: number;
  /** Left plus right padding of a cell. */
  readonly padding: number;
}

/** The computed columns of a table. */
export interface ColumnWidths {
  /** The width of each column; they add up to the available width (or more, where `fits` is false). */
  readonly widths: readonly number[];
  /** Each column's longest word plus padding: narrower, a word would break. */
  readonly minimum: readonly number[];
  /** Each column's longest cell on one line plus padding. */
  readonly maximum: readonly number[];
  /** Whether the minimum widths fit the available width; when not, `widths` are the minimum widths. */
  readonly fits: boolean;
}

/** The minimum and maximum width of one cell's text, without padding. */
export function cellExtent(runs: readonly TextRun[], measure: TextMeasure, size: number): { readonly minimum: number; readonly maximum: number } {
  let minimum = 0;
  let line = 0;
  let maximum = 0;
  let word = 0;
  const endWord = (): void => {
    minimum = Math.max(minimum, word);
    word = 0;
  };
  for (const run of runs) {
    // Whitespace ends a word (a no-break space does not); a line break ends the line too.
    for (const part of run.text.split(/([ \t\n\r\f\v]+)/)) {
      if (part === '') continue;
      if (/^[ \t\n\r\f\v]+$/.test(part)) {
        endWord();
        if (part.includes('\n')) {
          maximum = Math.max(maximum, line);
          line = 0;
        } else line += measure(' ', run, size);
        continue;
      }
      const width = measure(part, run, size);
      word += width;
      line += width;
    }
  }
  endWord();
  return { minimum, maximum: Math.max(maximum, line) };
}

/**
 * The column widths of `table` in `available` width: no column narrower than its longest word; when
 * every column fits on one line the spare room goes to the columns in proportion to their content,
 * otherwise the room above the minimums is shared in proportion to how much more each column would
 * need to be set on one line. Where even the minimums do not fit, `fits` is false and the widths are
 * the minimums (the caller decides: a landscape page, abbreviations, or narrower columns).
 */
export function columnWidths(table: TableText, typography: TableTypography, available: number): ColumnWidths {
  const columns = Math.max(table.header.length, ...table.rows.map((row) => row.length), 1);
  const minimum = new Array<number>(columns).fill(typography.padding);
  const maximum = new Array<number>(columns).fill(typography.padding);
  const add = (row: readonly (readonly TextRun[])[], size: number): void => {
    for (let c = 0; c < columns; c++) {
      const extent = cellExtent(row[c] ?? [], typography.measure, size);
      minimum[c] = Math.max(minimum[c]!, extent.minimum + typography.padding);
      maximum[c] = Math.max(maximum[c]!, extent.maximum + typography.padding);
    }
  };
  add(table.header, typography.headerSize);
  for (const row of table.rows) add(row, typography.bodySize);
  return { widths: distribute(minimum, maximum, available), minimum, maximum, fits: sum(minimum) <= available + 1e-6 };
}

/** Shares `available` between columns of the given minimum and maximum widths (see {@link columnWidths}). */
export function distribute(minimum: readonly number[], maximum: readonly number[], available: number): number[] {
  const least = sum(minimum);
  const most = sum(maximum);
  if (least >= available) return [...minimum];
  if (most <= available) return maximum.map((m) => m + (m / most) * (available - most));
  const flex = most - least;
  return minimum.map((m, c) => m + ((maximum[c]! - m) / flex) * (available - least));
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/**
 * Room a column keeps beside its longest word beyond the cell padding: the cell's borders, and what
 * LibreOffice sets wider than the glyph advances (a word 0.04 pt narrower than its column's text width
 * broke there).
 */
export const CELL_SLACK = 1.5;

/** How every format sets table text for sizing columns: one type size, the padding each side, {@link CELL_SLACK}. */
export function cellTypography(measure: TextMeasure, size: number, paddingX: number): TableTypography {
  return { measure, headerSize: size, bodySize: size, padding: 2 * paddingX + CELL_SLACK };
}

/** Twentieths of a point (Word's twips): the grid every format's column widths sit on. */
const GRID = 20;

/**
 * The widths a table is set with, the same in every format: the {@link columnWidths} in `available`
 * points (scaled to it where even the longest words do not fit, which then break), rounded to whole
 * twips that add up to `available` exactly and, where the words fit, leave no column narrower than its
 * longest word. Word writes these as its grid columns and the pagination lays the table out with them,
 * so the Word contents is numbered from the tables Word shows.
 */
export function settledColumnWidths(table: TableText, typography: TableTypography, available: number): number[] {
  const computed = columnWidths(table, typography, available);
  const total = Math.round(available * GRID);
  const sumOf = sum(computed.widths);
  const twips = computed.widths.map((w) => Math.round((sumOf > 0 ? w / sumOf : 1 / computed.widths.length) * total));
  const floor = computed.fits ? computed.minimum.map((m) => Math.ceil(m * GRID - 1e-6)) : twips.map(() => 0);
  twips.forEach((t, c) => (twips[c] = Math.max(t, floor[c]!)));
  let diff = total - sum(twips);
  if (diff > 0) twips[twips.length - 1]! += diff;
  while (diff < 0) {
    // Take the excess from the columns with the most room above their longest word.
    let widest = twips.length - 1;
    for (let c = 0; c < twips.length; c++) if (twips[c]! - floor[c]! > twips[widest]! - floor[widest]!) widest = c;
    const take = Math.max(1, Math.min(-diff, twips[widest]! - floor[widest]!));
    twips[widest]! -= take;
    diff += take;
  }
  return twips.map((t) => t / GRID);
}
