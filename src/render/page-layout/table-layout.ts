import { cellTypography, settledColumnWidths, type TextRun } from '../table-columns/column-widths.js';
import { textMeasure } from './font-metrics.js';
import type { FlowBlock, Run, TextAlign } from './layout-input.js';
import type { Line, LineBreaker, TextStyle } from './line-breaking.js';
import type { Frame, PageFlow } from './page-flow.js';
import { FIT } from './page-geometry.js';
import type { StructNode } from './struct-node.js';

type TableBlock = Extract<FlowBlock, { kind: 'table' }>;

/** Column widths and the broken lines of every cell, header first. */
interface TableGeometry {
  readonly widths: number[];
  readonly header: Line[][];
  readonly rows: Line[][][];
}

/**
 * Tables: column widths from the cells' content (the shared algorithm of render/table-columns/, so
 * the widths Word writes), rows that never split (unless one row is taller than a page), and the header row repeated on every page the table reaches (as an artifact, so the
 * tag tree holds it once).
 */
export class TableLayout {
  private readonly geometries = new WeakMap<object, { width: number; geometry: TableGeometry }>();

  constructor(
    private readonly flow: PageFlow,
    private readonly lines: LineBreaker,
  ) {}

  /** Height of the start of a table (space, header, first row): what a heading before it keeps on its page. */
  lead(block: TableBlock, width: number): number {
    return this.startHeight(this.geometry(block, width)) + this.flow.theme.table.spaceBefore;
  }

  /** Places a table at the cursor; `keep` is the height of what follows that its last row stays with. */
  layout(block: TableBlock, frame: Frame, keep = 0): void {
    const flow = this.flow;
    const t = flow.theme.table;
    const geometry = this.geometry(block, frame.width);
    const { widths, header, rows } = geometry;
    const headerHeight = this.rowHeight(header);
    flow.space(t.spaceBefore);
    const tail = keep > 0 ? t.spaceAfter + keep : 0;
    flow.ensure(this.startHeight(geometry) + (rows.length <= 1 ? tail : 0));
    const table = frame.parent.add('Table');
    const head = table.add('THead').add('TR');
    this.row(header, widths, frame.x, block.align, 'header', head, null);
    const body = rows.length > 0 ? table.add('TBody') : null;
    rows.forEach((cells, r) => {
      const tr = body!.add('TR');
      const height = this.rowHeight(cells);
      // The last row moves (with the header repeated) when what it keeps with would not fit after it.
      const last = r === rows.length - 1 && r > 0;
      if (flow.y + height + (last ? tail : 0) > flow.bottom + FIT) {
        const pageRoom = flow.bottom - flow.top - headerHeight;
        if (height <= pageRoom || flow.bottom - flow.y < t.lineHeight * 3 + 2 * t.paddingY) {
          flow.newPage();
          this.row(header, widths, frame.x, block.align, 'repeat', null, null);
        }
      }
      this.row(cells, widths, frame.x, block.align, r % 2 === 1 ? 'stripe' : 'plain', tr, header);
    });
    flow.rule(frame.x, frame.x + frame.width, flow.y, t.headerFill, 0.8);
    flow.y += t.spaceAfter;
  }

  private geometry(block: TableBlock, width: number): TableGeometry {
    const cached = this.geometries.get(block);
    if (cached && cached.width === width) return cached.geometry;
    const t = this.flow.theme.table;
    const columns = Math.max(block.header.length, ...block.rows.map((r) => r.length));
    const cell = (row: readonly (readonly Run[])[], c: number): readonly Run[] => row[c] ?? [];
    const headTokens = Array.from({ length: columns }, (_, c) => this.lines.tokens(cell(block.header, c), this.cellStyle(true)));
    const rowTokens = block.rows.map((row) => Array.from({ length: columns }, (_, c) => this.lines.tokens(cell(row, c), this.cellStyle(false))));
    const pad = 2 * t.paddingX;
    // The widths Word writes for this table (see settledColumnWidths), from the same measure.
    const text = (runs: readonly Run[], bold: boolean): TextRun[] =>
      runs.map((run) => (run.kind === 'break' ? { text: '\n', bold, italic: false } : { text: run.text, bold: bold || run.bold, italic: run.italic }));
    const widths = settledColumnWidths(
      { header: Array.from({ length: columns }, (_, c) => text(cell(block.header, c), true)), rows: block.rows.map((row) => Array.from({ length: columns }, (_, c) => text(cell(row, c), false))) },
      cellTypography(textMeasure(this.flow.metrics), t.size, t.paddingX),
      width,
    );
    const header = headTokens.map((tokens, c) => this.lines.breakLines(tokens, widths[c]! - pad, t.size));
    const rows = rowTokens.map((row) => row.map((tokens, c) => this.lines.breakLines(tokens, widths[c]! - pad, t.size)));
    const geometry = { widths, header, rows };
    this.geometries.set(block, { width, geometry });
    return geometry;
  }

  private cellStyle(header: boolean): TextStyle {
    const t = this.flow.theme.table;
    return { size: t.size, lineHeight: t.lineHeight, color: header ? t.headerColor : this.flow.theme.body.color, bold: header, italic: false };
  }

  private rowHeight(cells: readonly Line[][]): number {
    const t = this.flow.theme.table;
    return Math.max(1, ...cells.map((c) => c.length)) * t.lineHeight + 2 * t.paddingY + t.ruleWidth;
  }

  /** The header and the first row: a table never starts with less on a page. */
  private startHeight({ header, rows }: TableGeometry): number {
    const firstRow = rows[0];
    return this.rowHeight(header) + (firstRow ? this.rowHeight(firstRow) : 0);
  }

  /** Places one row; a row taller than what is left of an empty page continues on the next page. */
  private row(
    cells: readonly Line[][],
    widths: readonly number[],
    x: number,
    align: readonly TextAlign[],
    kind: 'header' | 'repeat' | 'stripe' | 'plain',
    tr: StructNode | null,
    /** The header row to repeat when this row continues on a new page. */
    header: readonly Line[][] | null,
  ): void {
    const flow = this.flow;
    const t = flow.theme.table;
    const total = widths.reduce((a, b) => a + b, 0);
    const isHeader = kind === 'header' || kind === 'repeat';
    const style = this.cellStyle(isHeader);
    const nodes = cells.map(() => tr?.add(isHeader ? 'TH' : 'TD') ?? null);
    const done = cells.map(() => 0);
    for (;;) {
      const remaining = Math.max(1, ...cells.map((c, i) => c.length - done[i]!));
      const room = Math.max(1, flow.linesLeft(t.lineHeight, 2 * t.paddingY));
      const take = Math.min(remaining, room);
      const height = take * t.lineHeight + 2 * t.paddingY;
      const fill = isHeader ? t.headerFill : kind === 'stripe' ? t.stripeFill : null;
      if (fill) flow.push({ kind: 'fill', x, y: flow.y, w: total, h: height, color: fill });
      let cx = x;
      cells.forEach((lines, c) => {
        const width = widths[c]!;
        for (let k = 0; k < take && done[c]! + k < lines.length; k++) {
          const top = flow.y + t.paddingY + k * t.lineHeight;
          flow.placeLine(lines[done[c]! + k]!, cx + t.paddingX, width - 2 * t.paddingX, top, style, nodes[c] ?? null, align[c] ?? 'left');
        }
        done[c] = Math.min(lines.length, done[c]! + take);
        cx += width;
      });
      flow.y += height;
      if (!isHeader) flow.rule(x, x + total, flow.y, t.ruleColor, t.ruleWidth);
      // The rule between rows takes room, as a Word table's borders do in LibreOffice.
      flow.y += t.ruleWidth;
      if (cells.every((lines, c) => done[c]! >= lines.length)) return;
      flow.newPage();
      if (header) this.row(header, widths, x, align, 'repeat', null, null);
    }
  }
}
