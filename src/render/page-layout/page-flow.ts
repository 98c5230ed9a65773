import type { Mark } from './marks.js';
import type { FontKey, FontMetrics } from './font-metrics.js';
import type { LayoutTheme, TextAlign } from './layout-input.js';
import type { Line, TextStyle } from './line-breaking.js';
import { FIT, MARGIN } from './page-geometry.js';
import type { StructNode } from './struct-node.js';

/** Where blocks go: a column of the page and the tag-tree node they belong to. */
export interface Frame {
  readonly x: number;
  readonly width: number;
  readonly parent: StructNode;
  readonly listDepth: number;
  /** Inside a list item: paragraphs sit closer together. */
  readonly tight: boolean;
  readonly quoted: boolean;
}

/** A list marker or section number, placed on the next line of text. */
export interface PendingLabel {
  readonly text: string;
  /** Left edge for `align: 'left'`, right edge for `align: 'right'`. */
  readonly x: number;
  readonly align: 'left' | 'right';
  readonly font: FontKey;
  readonly color: string;
  readonly node: StructNode;
}

/** Baseline of text of `size` centred in a line box of `lineHeight` starting at `top`. */
export function baselineOf(top: number, size: number, lineHeight: number): number {
  return top + lineHeight / 2 + size * 0.35;
}

/**
 * The pages being filled: the marks of each page, the cursor on the last one, the page of every
 * anchor, and the placing of broken lines of text with their labels. Nothing is drawn here.
 */
export class PageFlow {
  readonly pages: Mark[][] = [];
  /** Width and height of every page, in points: portrait, or turned for a landscape page. */
  readonly sizes: (readonly [number, number])[] = [];
  /** The page (1-based) of every anchor placed so far. */
  readonly anchors = new Map<string, number>();
  readonly top = MARGIN.top;
  /** The bottom of the text area of the page being filled. */
  bottom = 0;
  /** The cursor: where the next thing placed starts. */
  y: number = MARGIN.top;
  /** Labels (list markers, section numbers) that go on the next line placed. */
  private pending: PendingLabel[] = [];
  private orientation: 'portrait' | 'landscape' = 'portrait';

  constructor(
    readonly metrics: FontMetrics,
    readonly theme: LayoutTheme,
    /** The portrait page's width and height. */
    private readonly pageSize: readonly [number, number],
  ) {
    this.newPage();
  }

  /** The width of the text column of the page being filled. */
  get textWidth(): number {
    return this.sizes[this.sizes.length - 1]![0] - MARGIN.left - MARGIN.right;
  }

  /**
   * Turns the pages: what follows starts a new page of that orientation (the page being filled is
   * turned instead while it is still empty).
   */
  turn(orientation: 'portrait' | 'landscape'): void {
    if (orientation === this.orientation) return;
    this.orientation = orientation;
    const empty = this.atTop() && this.pages[this.pages.length - 1]!.every((mark) => mark.kind === 'anchor');
    if (empty) {
      this.sizes[this.sizes.length - 1] = this.currentSize();
      this.bottom = this.currentSize()[1] - MARGIN.bottom;
    } else this.newPage();
  }

  private currentSize(): readonly [number, number] {
    const [width, height] = this.pageSize;
    return this.orientation === 'landscape' ? [height, width] : [width, height];
  }

  /** The number (1-based) of the page being filled. */
  get pageNumber(): number {
    return this.pages.length;
  }

  /** Records a mark on the page being filled, or on an earlier page. */
  push(mark: Mark, page = this.pages.length): void {
    this.pages[page - 1]!.push(mark);
  }

  /** Records a horizontal line from `x1` to `x2` at `y`. */
  rule(x1: number, x2: number, y: number, color: string, width: number): void {
    this.push({ kind: 'line', x1, y1: y, x2, y2: y, color, width, dotted: 0 });
  }

  /** Records a named destination at the cursor. */
  anchor(name: string): void {
    this.anchors.set(name, this.pages.length);
    this.push({ kind: 'anchor', name, y: this.y });
  }

  /** Whether the page was started by a page break of the document (not by the page filling up). */
  private forcedBreak = false;

  /** Starts a new page for a page break of the document. */
  pageBreak(): void {
    if (!this.atTop()) this.newPage();
    this.forcedBreak = true;
  }

  /** Starts a new page, with the cursor at its top margin. */
  newPage(): void {
    this.pages.push([]);
    this.sizes.push(this.currentSize());
    this.bottom = this.currentSize()[1] - MARGIN.bottom;
    this.y = this.top;
  }

  /** Whether the cursor is still at the top of the page. */
  atTop(): boolean {
    return this.y <= this.top + FIT;
  }

  /** The space after the last paragraph, while nothing has been placed below it: the next space before collapses into it. */
  private trailing = { y: Number.NaN, height: 0 };

  /**
   * Vertical space before a block, which disappears at the top of a page and collapses with the space
   * after the paragraph above (the larger of the two counts), as Word and LibreOffice space paragraphs.
   */
  space(height: number): void {
    const forced = this.forcedBreak;
    this.forcedBreak = false;
    // After a page break that the document asks for, the space stays, as in Word and LibreOffice.
    if (this.atTop() && !forced) return;
    const add = this.y === this.trailing.y ? Math.max(0, height - this.trailing.height) : height;
    if (this.y + add > this.bottom) this.newPage();
    else this.y += add;
  }

  /** Vertical space after a paragraph: up to `height` below it in all, whatever space it already has. */
  spaceAfter(height: number): void {
    if (this.y === this.trailing.y) {
      this.y += Math.max(0, height - this.trailing.height);
      this.trailing = { y: this.y, height: Math.max(height, this.trailing.height) };
    } else {
      this.y += height;
      this.trailing = { y: this.y, height };
    }
  }

  /** Starts a new page unless `height` still fits on this one (or this page is still empty). */
  ensure(height: number): void {
    if (this.y + height > this.bottom + FIT && !this.atTop()) this.newPage();
  }

  /** How many lines of `lineHeight` fit between the cursor and the bottom, `reserved` points kept free. */
  linesLeft(lineHeight: number, reserved = 0): number {
    return Math.floor((this.bottom - this.y - reserved + FIT) / lineHeight);
  }

  /** Puts a label on the next line placed. */
  addLabel(label: PendingLabel): void {
    this.pending.push(label);
  }

  /** Whether labels wait for a line (an empty list item still shows its marker). */
  get hasLabels(): boolean {
    return this.pending.length > 0;
  }

  /** Places every waiting label on the line with this baseline. */
  placeLabels(baseline: number, size: number): void {
    for (const label of this.pending) this.placeLabel(label, baseline, size);
    this.pending = [];
  }

  /**
   * Places lines, breaking pages between them: never a lone first line at the bottom of a page
   * (orphan) nor a lone last line at the top of the next (widow).
   */
  placeLines(
    lines: readonly Line[],
    x: number,
    width: number,
    style: TextStyle,
    node: StructNode,
    align: TextAlign,
    decorate?: (top: number, index: number) => void,
  ): void {
    const lh = style.lineHeight;
    let i = 0;
    while (i < lines.length) {
      const room = this.linesLeft(lh);
      const left = lines.length - i;
      let take = Math.min(room, left);
      if (take < left && left - take === 1) take -= 1;
      if (take < left && i === 0 && take < 2) take = 0;
      if (take <= 0) {
        if (!this.atTop()) {
          this.newPage();
          continue;
        }
        // Nothing fits even on an empty page: draw anyway rather than loop.
        take = Math.max(1, Math.min(room, left));
      }
      for (let k = 0; k < take; k++) {
        decorate?.(this.y, i + k);
        this.placeLine(lines[i + k]!, x, width, this.y, style, node, align);
        this.y += lh;
      }
      i += take;
      if (i < lines.length) this.newPage();
    }
  }

  /** Places one line in the box starting at `top`, with the labels waiting for it; links get underlined. */
  placeLine(line: Line, x: number, width: number, top: number, style: TextStyle, node: StructNode | null, align: TextAlign): void {
    const lh = style.lineHeight;
    const baseline = baselineOf(top, style.size, lh);
    const offset = align === 'right' ? width - line.width : align === 'center' ? (width - line.width) / 2 : 0;
    this.placeLabels(baseline, style.size);
    for (const seg of line.segments) {
      if (seg.code || seg.highlight) {
        const background = seg.highlight ? this.theme.placeholder.background : this.theme.code.background;
        this.push({ kind: 'fill', x: x + offset + seg.x - 1.5, y: baseline - style.size * 0.82, w: seg.width + 3, h: style.size * 1.08, color: background });
      }
    }
    for (const seg of line.segments) {
      const sx = x + offset + seg.x;
      if (seg.link !== null && node !== null) {
        const link = node.add('Link');
        this.push({ kind: 'text', x: sx, baseline, text: seg.text, font: seg.font, size: style.size, color: seg.color, node: link });
        this.rule(sx, sx + seg.width, baseline + 1.4, seg.color, 0.5);
        this.push({ kind: 'link', x: sx, y: top, w: seg.width, h: lh, url: seg.link, anchor: null, description: seg.link, node: link });
      } else {
        this.push({ kind: 'text', x: sx, baseline, text: seg.text, font: seg.font, size: style.size, color: seg.color, node });
      }
    }
  }

  private placeLabel(label: PendingLabel, baseline: number, size: number): void {
    const width = this.metrics.measure(label.text, label.font, size);
    const x = label.align === 'right' ? label.x - width : label.x;
    // A number before a title gets a real space after it, so that extracted text reads "2.1 Priorities".
    const text = label.align === 'left' ? `${label.text} ` : label.text;
    this.push({ kind: 'text', x, baseline, text, font: label.font, size, color: label.color, node: label.node });
  }
}
