import PDFDocument from 'pdfkit';
import { pdfString, pointOutlineAt, registerParsedFont, shareLayoutCache } from './pdfkit-internals.js';
import type { PdfFonts } from './pdf-render-options.js';

/**
 * The PDF layout engine: line breaking, pagination and drawing. Everything that knows about pdfkit's
 * cursor, pages and tag tree lives here; `render-pdf.ts` only describes the document as a flow of blocks.
 *
 * Layout runs once and records every page as a list of marks (text, fills, links, ...). Only then are
 * the marks drawn, when the page count and the page of every heading are known: the table of contents
 * and "Page N of M" get real numbers without a second layout pass.
 */

/** The four embedded faces, by the keys of `PdfFonts`. */
export type FontKey = 'regular' | 'bold' | 'italic' | 'boldItalic';
/** Horizontal alignment of text in a table cell. */
export type TextAlign = 'left' | 'center' | 'right';

/** Inline text with one style, or a hard line break. */
export type Run =
  | {
      readonly kind: 'text';
      readonly text: string;
      readonly bold: boolean;
      readonly italic: boolean;
      readonly code: boolean;
      readonly link: string | null;
      /** A template's placeholder: drawn in the placeholder colour on a highlight. */
      readonly highlight?: boolean;
    }
  | { readonly kind: 'break' };

/** Type size, leading (line height) and spacing of a paragraph or heading, in points. */
export interface ParagraphStyle {
  readonly size: number;
  readonly lineHeight: number;
  readonly color: string;
  readonly bold: boolean;
  readonly italic: boolean;
  readonly spaceBefore: number;
  readonly spaceAfter: number;
}

/** One line of the table of contents; the page number is filled in from the anchor's page. */
export interface TocEntry {
  readonly anchor: string;
  readonly label: string;
  readonly title: string;
  readonly depth: number;
}

/** The document as the layout engine sees it: blocks in reading order. */
export type FlowBlock =
  | {
      readonly kind: 'heading';
      readonly level: 1 | 2 | 3 | 4 | 5 | 6;
      /** Section number, drawn as a hanging label; empty for none. */
      readonly label: string;
      readonly text: string;
      readonly style: ParagraphStyle;
      /** Named destination, target of the outline and the table of contents. */
      readonly anchor: string;
      /** Bookmark title and nesting depth (1 = top level), or null for no bookmark. */
      readonly outline: { readonly title: string; readonly depth: number } | null;
    }
  | { readonly kind: 'paragraph'; readonly runs: readonly Run[]; readonly style?: ParagraphStyle }
  | { readonly kind: 'badge'; readonly text: string; readonly color: string }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly start: number; readonly items: readonly (readonly FlowBlock[])[] }
  | {
      readonly kind: 'table';
      readonly header: readonly (readonly Run[])[];
      readonly rows: readonly (readonly (readonly Run[])[])[];
      readonly align: readonly TextAlign[];
    }
  | { readonly kind: 'quote'; readonly blocks: readonly FlowBlock[] }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'rule'; readonly color: string; readonly width: number }
  | { readonly kind: 'toc'; readonly entries: readonly TocEntry[] }
  | { readonly kind: 'image'; readonly bytes: Uint8Array; readonly width: number; readonly height: number; readonly alt: string; readonly maxWidth: number; readonly maxHeight: number }
  | { readonly kind: 'pageBreak' }
  | { readonly kind: 'section'; readonly blocks: readonly FlowBlock[] };

/** Every size and colour the layout uses; `render-pdf.ts` derives it from the organisation's branding. */
export interface LayoutTheme {
  readonly body: ParagraphStyle;
  readonly linkColor: string;
  readonly mutedColor: string;
  readonly code: { readonly size: number; readonly lineHeight: number; readonly color: string; readonly background: string; readonly padding: number };
  readonly placeholder: { readonly color: string; readonly background: string };
  readonly table: {
    readonly size: number;
    readonly lineHeight: number;
    readonly paddingX: number;
    readonly paddingY: number;
    readonly headerFill: string;
    readonly headerColor: string;
    readonly stripeFill: string;
    readonly ruleColor: string;
    readonly spaceBefore: number;
    readonly spaceAfter: number;
  };
  readonly list: { readonly bullets: readonly string[]; readonly gap: number; readonly minIndent: number; readonly itemSpacing: number };
  readonly quote: { readonly indent: number; readonly barColor: string; readonly barWidth: number; readonly color: string };
  readonly toc: { readonly size: number; readonly lineHeight: number; readonly indent: number; readonly leaderColor: string; readonly topSpacing: number };
  readonly badge: { readonly size: number; readonly paddingX: number; readonly paddingY: number; readonly spaceAfter: number };
  readonly furniture: { readonly size: number; readonly color: string; readonly ruleColor: string };
}

/** The running header and footer of one page. */
export interface PageFurniture {
  readonly headerLeft: string;
  readonly headerRight: readonly { readonly text: string; readonly color: string; readonly bold: boolean }[];
  readonly footerLeft: string;
  readonly footerRight: string;
}

/** Page size, fonts, metadata, theme and running header/footer of one document. */
export interface PdfSettings {
  readonly pageSize: 'A4' | 'Letter';
  readonly fonts: PdfFonts;
  readonly lang: string;
  readonly info: {
    readonly title: string;
    readonly author: string;
    readonly subject: string;
    readonly keywords: string;
    readonly creator: string;
    readonly producer: string;
    /** CreationDate and ModDate; pdfkit derives the file id from them, so fixing them fixes the bytes. */
    readonly date: Date;
  };
  readonly theme: LayoutTheme;
  /** Header and footer text for page `page` (1-based) of `total`. */
  readonly furniture: (page: number, total: number) => PageFurniture;
}

const PAGE_SIZES = { A4: [595.28, 841.89], Letter: [612, 792] } as const;
const MARGIN = { top: 78, bottom: 74, left: 64, right: 64 } as const;
/**
 * Where a too-long word (a URL, an id) may break, after one of these. Not after a hyphen: readers and
 * text extraction take a line-end hyphen for hyphenation and drop it.
 */
const BREAK_AFTER = new Set([' ', '/', '_', '.', '?', '&', '=', '#', ',', ';', ':', '@', '|', '\\', ')', ']', '}', '+', '~']);
const FIT = 0.01;

/** Lays out the flow and returns the finished PDF. */
export async function layoutPdf(blocks: readonly FlowBlock[], settings: PdfSettings): Promise<Uint8Array> {
  const doc = new PDFDocument({
    autoFirstPage: false,
    bufferPages: false,
    tagged: true,
    lang: settings.lang,
    displayTitle: true,
    pdfVersion: '1.7',
    size: [...PAGE_SIZES[settings.pageSize]],
    margin: 0,
    info: {
      Title: settings.info.title,
      Author: settings.info.author,
      Subject: settings.info.subject,
      Keywords: settings.info.keywords,
      Creator: settings.info.creator,
      Producer: settings.info.producer,
      CreationDate: settings.info.date,
      ModDate: settings.info.date,
    },
  });
  const chunks: Uint8Array[] = [];
  const finished = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(concat(chunks)));
    doc.on('error', reject);
  });
  for (const key of ['regular', 'bold', 'italic', 'boldItalic'] as const) {
    registerParsedFont(doc, key, settings.fonts[key]);
  }

  const engine = new LayoutEngine(doc, settings);
  engine.layout(blocks);
  engine.draw();
  doc.end();
  return finished;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** A node of the tag tree. pdfkit elements are made while drawing, in reading order. */
class StructNode {
  readonly children: StructNode[] = [];
  element: PDFKit.PDFStructureElement | undefined;
  constructor(
    readonly tag: string,
    readonly parent: StructNode | null,
    readonly alt?: string,
  ) {
    parent?.children.push(this);
  }
  add(tag: string, alt?: string): StructNode {
    return new StructNode(tag, this, alt);
  }
}

type Mark =
  | { kind: 'text'; x: number; baseline: number; text: string; font: FontKey; size: number; color: string; node: StructNode | null }
  | { kind: 'pageRef'; anchor: string; right: number; baseline: number; font: FontKey; size: number; color: string; node: StructNode }
  | { kind: 'fill'; x: number; y: number; w: number; h: number; color: string }
  | { kind: 'frame'; x: number; y: number; w: number; h: number; color: string; width: number }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; color: string; width: number; dotted: number }
  | { kind: 'image'; x: number; y: number; w: number; h: number; bytes: Uint8Array; node: StructNode }
  | { kind: 'link'; x: number; y: number; w: number; h: number; url: string | null; anchor: string | null; description: string; node: StructNode }
  | { kind: 'anchor'; name: string; y: number }
  | { kind: 'outline'; title: string; depth: number; anchor: string };

interface Piece {
  readonly text: string;
  readonly font: FontKey;
  readonly color: string;
  readonly code: boolean;
  readonly highlight: boolean;
  readonly link: string | null;
  readonly width: number;
}
type Token = { readonly kind: 'word'; readonly pieces: readonly Piece[]; readonly width: number } | { readonly kind: 'space' } | { readonly kind: 'break' };
type Word = Extract<Token, { kind: 'word' }>;

interface Segment {
  text: string;
  x: number;
  width: number;
  readonly font: FontKey;
  readonly color: string;
  readonly code: boolean;
  readonly highlight: boolean;
  readonly link: string | null;
}
interface Line {
  readonly segments: Segment[];
  width: number;
}

interface TextStyle {
  readonly size: number;
  readonly lineHeight: number;
  readonly color: string;
  readonly bold: boolean;
  readonly italic: boolean;
}

/** Where blocks go: a column of the page and the tag-tree node they belong to. */
interface Frame {
  readonly x: number;
  readonly width: number;
  readonly parent: StructNode;
  readonly listDepth: number;
  /** Inside a list item: paragraphs sit closer together. */
  readonly tight: boolean;
  readonly quoted: boolean;
}

interface PendingLabel {
  readonly text: string;
  /** Left edge for `align: 'left'`, right edge for `align: 'right'`. */
  readonly x: number;
  readonly align: 'left' | 'right';
  readonly font: FontKey;
  readonly color: string;
  readonly node: StructNode;
}

class LayoutEngine {
  private readonly pages: Mark[][] = [];
  private readonly anchors = new Map<string, number>();
  private readonly root = new StructNode('Document', null);
  private readonly widths = new Map<string, Map<string, number>>();
  private readonly lineCache = new WeakMap<object, Map<number, Line[]>>();
  private readonly theme: LayoutTheme;
  private readonly pageWidth: number;
  private readonly pageHeight: number;
  private readonly top = MARGIN.top;
  private readonly bottom: number;
  private y = MARGIN.top;
  /** Labels (list markers, section numbers) that go on the next line placed. */
  private pending: PendingLabel[] = [];
  private currentFont: FontKey | null = null;
  private currentSize = 0;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly settings: PdfSettings,
  ) {
    this.theme = settings.theme;
    [this.pageWidth, this.pageHeight] = PAGE_SIZES[settings.pageSize];
    this.bottom = this.pageHeight - MARGIN.bottom;
    this.newPage();
  }

  // ---------------------------------------------------------------- layout

  layout(blocks: readonly FlowBlock[]): void {
    const frame: Frame = { x: MARGIN.left, width: this.pageWidth - MARGIN.left - MARGIN.right, parent: this.root, listDepth: 0, tight: false, quoted: false };
    this.blocks(blocks, frame, undefined);
  }

  private get page(): Mark[] {
    return this.pages[this.pages.length - 1]!;
  }

  private newPage(): void {
    this.pages.push([]);
    this.y = this.top;
  }

  private atTop(): boolean {
    return this.y <= this.top + FIT;
  }

  /** Vertical space that disappears at the top of a page. */
  private space(height: number): void {
    if (this.atTop()) return;
    if (this.y + height > this.bottom) this.newPage();
    else this.y += height;
  }

  /** Starts a new page unless `height` still fits on this one (or this page is still empty). */
  private ensure(height: number): void {
    if (this.y + height > this.bottom + FIT && !this.atTop()) this.newPage();
  }

  /** How many lines of `lineHeight` fit between the cursor and the bottom, `reserved` points kept free. */
  private linesLeft(lineHeight: number, reserved = 0): number {
    return Math.floor((this.bottom - this.y - reserved + FIT) / lineHeight);
  }

  /** Records a horizontal line from `x1` to `x2` at `y`. */
  private rule(x1: number, x2: number, y: number, color: string, width: number): void {
    this.page.push({ kind: 'line', x1, y1: y, x2, y2: y, color, width, dotted: 0 });
  }

  private blocks(blocks: readonly FlowBlock[], frame: Frame, after: FlowBlock | undefined): void {
    blocks.forEach((block, i) => this.block(block, frame, blocks[i + 1] ?? after));
  }

  private block(block: FlowBlock, frame: Frame, next: FlowBlock | undefined): void {
    switch (block.kind) {
      case 'heading':
        return this.heading(block, frame, next);
      case 'paragraph': {
        const style = this.paragraphStyle(block, frame);
        this.space(style.spaceBefore);
        const lines = this.lines(block, block.runs, style, frame.width);
        this.placeLines(lines, frame.x, frame.width, style, frame.parent.add('P'), 'left');
        this.y += style.spaceAfter;
        return;
      }
      case 'badge':
        return this.badge(block, frame);
      case 'list':
        return this.list(block, frame, next);
      case 'table':
        return this.table(block, frame);
      case 'quote':
        return this.quote(block, frame, next);
      case 'code':
        return this.code(block, frame);
      case 'rule': {
        this.space(4);
        this.ensure(block.width + 8);
        this.rule(frame.x, frame.x + frame.width, this.y, block.color, block.width);
        this.y += block.width + 10;
        return;
      }
      case 'toc':
        return this.toc(block, frame);
      case 'image':
        return this.image(block, frame);
      case 'pageBreak':
        if (!this.atTop()) this.newPage();
        return;
      case 'section':
        return this.blocks(block.blocks, { ...frame, parent: frame.parent.add('Sect') }, next);
    }
  }

  private paragraphStyle(block: Extract<FlowBlock, { kind: 'paragraph' }>, frame: Frame): ParagraphStyle {
    const base = block.style ?? this.theme.body;
    const style = frame.quoted ? { ...base, color: this.theme.quote.color } : base;
    return frame.tight ? { ...style, spaceBefore: 0, spaceAfter: this.theme.list.itemSpacing } : style;
  }

  // ---------------------------------------------------------------- measuring

  private measure(text: string, font: FontKey, size: number): number {
    const key = `${font}:${size}`;
    let cache = this.widths.get(key);
    if (!cache) {
      cache = new Map();
      this.widths.set(key, cache);
    }
    let width = cache.get(text);
    if (width === undefined) {
      this.useFont(font, size);
      width = this.doc.widthOfString(text);
      cache.set(text, width);
    }
    return width;
  }

  private useFont(font: FontKey, size: number): void {
    if (this.currentFont !== font) {
      this.doc.font(font);
      shareLayoutCache(this.doc);
    }
    if (this.currentSize !== size) this.doc.fontSize(size);
    this.currentFont = font;
    this.currentSize = size;
  }

  private fontOf(bold: boolean, italic: boolean): FontKey {
    if (bold) return italic ? 'boldItalic' : 'bold';
    return italic ? 'italic' : 'regular';
  }

  /** Splits runs into words (unbreakable, possibly of several styles), spaces and hard breaks. */
  private tokens(runs: readonly Run[], style: TextStyle): Token[] {
    const tokens: Token[] = [];
    let pieces: Piece[] = [];
    const endWord = (): void => {
      if (pieces.length === 0) return;
      tokens.push({ kind: 'word', pieces, width: pieces.reduce((w, p) => w + p.width, 0) });
      pieces = [];
    };
    for (const run of runs) {
      if (run.kind === 'break') {
        endWord();
        tokens.push({ kind: 'break' });
        continue;
      }
      const font = this.fontOf(style.bold || run.bold, style.italic || run.italic);
      const highlight = run.highlight === true;
      const color = highlight ? this.theme.placeholder.color : run.link !== null ? this.theme.linkColor : run.code ? this.theme.code.color : style.color;
      // Markdown whitespace collapses; a no-break space (U+00A0) is not whitespace here.
      const parts = run.text.split(/([ \t\n\r\f\v]+)/);
      parts.forEach((part, i) => {
        if (i % 2 === 1) {
          endWord();
          if (tokens.length > 0 && tokens[tokens.length - 1]!.kind === 'word') tokens.push({ kind: 'space' });
        } else if (part.length > 0) {
          pieces.push({ text: part, font, color, code: run.code, highlight, link: run.link, width: this.measure(part, font, style.size) });
        }
      });
    }
    endWord();
    return tokens;
  }

  /** Line breaking, memoised per block and width (headings are measured for keep-with-next first). */
  private lines(owner: object, runs: readonly Run[], style: TextStyle, width: number): Line[] {
    let byWidth = this.lineCache.get(owner);
    if (!byWidth) {
      byWidth = new Map();
      this.lineCache.set(owner, byWidth);
    }
    let lines = byWidth.get(width);
    if (!lines) {
      lines = this.breakLines(this.tokens(runs, style), width, style.size);
      byWidth.set(width, lines);
    }
    return lines;
  }

  /** Greedy line breaking; a word wider than the line is broken, preferably after `/`, `.` and the like. */
  private breakLines(tokens: readonly Token[], maxWidth: number, size: number): Line[] {
    const lines: Line[] = [];
    let line: Line = { segments: [], width: 0 };
    let spaceBefore = false;
    const finish = (): void => {
      lines.push(line);
      line = { segments: [], width: 0 };
      spaceBefore = false;
    };
    for (const token of tokens) {
      if (token.kind === 'break') {
        finish();
        continue;
      }
      if (token.kind === 'space') {
        spaceBefore = line.segments.length > 0;
        continue;
      }
      let word: Word | null = token;
      while (word) {
        const last = line.segments[line.segments.length - 1];
        const spaceWidth = spaceBefore && last ? this.measure(' ', last.font, size) : 0;
        if (line.width + spaceWidth + word.width <= maxWidth + FIT) {
          this.append(line, word, spaceBefore, size);
          spaceBefore = false;
          word = null;
        } else if (line.segments.length > 0 && (word.width <= maxWidth || maxWidth - line.width - spaceWidth < maxWidth * 0.3)) {
          finish();
        } else {
          const [head, rest] = this.splitWord(word, line.segments.length > 0 ? maxWidth - line.width - spaceWidth : maxWidth, size);
          this.append(line, head, spaceBefore, size);
          finish();
          word = rest;
        }
      }
    }
    if (line.segments.length > 0 || lines.length > 0) lines.push(line);
    return lines;
  }

  private append(line: Line, word: Word, spaceBefore: boolean, size: number): void {
    word.pieces.forEach((piece, i) => {
      const last = line.segments[line.segments.length - 1];
      const space = i === 0 && spaceBefore && last !== undefined;
      const same = last !== undefined && last.font === piece.font && last.color === piece.color && last.code === piece.code && last.highlight === piece.highlight && last.link === piece.link;
      if (space && !same) {
        // A space between two differently styled pieces is drawn on its own so that no link or code
        // background covers it, yet text extraction still finds it.
        const width = this.measure(' ', last.font, size);
        line.segments.push({ text: ' ', x: line.width, width, font: last.font, color: last.color, code: false, highlight: false, link: null });
        line.width += width;
      }
      const gap = space && same ? ' ' : '';
      const gapWidth = gap ? this.measure(' ', piece.font, size) : 0;
      if (same) {
        last.text += gap + piece.text;
        last.width += gapWidth + piece.width;
      } else {
        line.segments.push({ text: piece.text, x: line.width, width: piece.width, font: piece.font, color: piece.color, code: piece.code, highlight: piece.highlight, link: piece.link });
      }
      line.width += gapWidth + piece.width;
    });
  }

  /** Cuts a word so that the head fits `available` (at least one character goes to the head). */
  private splitWord(word: Word, available: number, size: number): [Word, Word | null] {
    const chars: { ch: string; piece: number; width: number }[] = [];
    word.pieces.forEach((piece, index) => {
      for (const ch of piece.text) chars.push({ ch, piece: index, width: this.measure(ch, piece.font, size) });
    });
    let fit = 0;
    let used = 0;
    while (fit < chars.length && used + chars[fit]!.width <= available) used += chars[fit++]!.width;
    fit = Math.max(1, fit);
    let cut = fit;
    let prefix = 0;
    for (let i = 0; i < fit; i++) {
      prefix += chars[i]!.width;
      if (BREAK_AFTER.has(chars[i]!.ch) && prefix >= available * 0.4 && i + 1 < chars.length) cut = i + 1;
    }
    if (cut >= chars.length) return [word, null];
    const build = (part: typeof chars): Word => {
      const texts = new Map<number, string>();
      for (const { ch, piece } of part) texts.set(piece, (texts.get(piece) ?? '') + ch);
      const pieces = [...texts].map(([index, text]): Piece => {
        const source = word.pieces[index]!;
        return { ...source, text, width: this.measure(text, source.font, size) };
      });
      return { kind: 'word', pieces, width: pieces.reduce((w, p) => w + p.width, 0) };
    };
    return [build(chars.slice(0, cut)), build(chars.slice(cut))];
  }

  /** Baseline of text of `size` centred in a line box of `lineHeight` starting at `top`. */
  private baseline(top: number, size: number, lineHeight: number): number {
    return top + lineHeight / 2 + size * 0.35;
  }

  // ---------------------------------------------------------------- placing text

  /**
   * Places lines, breaking pages between them: never a lone first line at the bottom of a page
   * (orphan) nor a lone last line at the top of the next (widow).
   */
  private placeLines(
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
        this.drawLine(lines[i + k]!, x, width, this.y, style, node, align);
        this.y += lh;
      }
      i += take;
      if (i < lines.length) this.newPage();
    }
  }

  private drawLine(line: Line, x: number, width: number, top: number, style: TextStyle, node: StructNode | null, align: TextAlign): void {
    const lh = style.lineHeight;
    const baseline = this.baseline(top, style.size, lh);
    const offset = align === 'right' ? width - line.width : align === 'center' ? (width - line.width) / 2 : 0;
    this.placeLabels(baseline, style.size);
    for (const seg of line.segments) {
      if (seg.code || seg.highlight) {
        const background = seg.highlight ? this.theme.placeholder.background : this.theme.code.background;
        this.page.push({ kind: 'fill', x: x + offset + seg.x - 1.5, y: baseline - style.size * 0.82, w: seg.width + 3, h: style.size * 1.08, color: background });
      }
    }
    for (const seg of line.segments) {
      const sx = x + offset + seg.x;
      if (seg.link !== null && node !== null) {
        const link = node.add('Link');
        this.page.push({ kind: 'text', x: sx, baseline, text: seg.text, font: seg.font, size: style.size, color: seg.color, node: link });
        this.rule(sx, sx + seg.width, baseline + 1.4, seg.color, 0.5);
        this.page.push({ kind: 'link', x: sx, y: top, w: seg.width, h: lh, url: seg.link, anchor: null, description: seg.link, node: link });
      } else {
        this.page.push({ kind: 'text', x: sx, baseline, text: seg.text, font: seg.font, size: style.size, color: seg.color, node });
      }
    }
  }

  /** Places every waiting label on the line with this baseline. */
  private placeLabels(baseline: number, size: number): void {
    for (const label of this.pending) this.drawLabel(label, baseline, size);
    this.pending = [];
  }

  private drawLabel(label: PendingLabel, baseline: number, size: number): void {
    const width = this.measure(label.text, label.font, size);
    const x = label.align === 'right' ? label.x - width : label.x;
    // A number before a title gets a real space after it, so that extracted text reads "2.1 Priorities".
    const text = label.align === 'left' ? `${label.text} ` : label.text;
    this.page.push({ kind: 'text', x, baseline, text, font: label.font, size, color: label.color, node: label.node });
  }

  // ---------------------------------------------------------------- blocks

  /** Height of the first piece of a block: what a heading before it must keep on its page. */
  private lead(block: FlowBlock | undefined, frame: Frame): number {
    if (!block) return 0;
    switch (block.kind) {
      case 'paragraph': {
        const style = this.paragraphStyle(block, frame);
        const lines = this.lines(block, block.runs, style, frame.width);
        return Math.min(2, lines.length) * style.lineHeight;
      }
      case 'heading': {
        const lines = this.lines(block, [textRun(block.text)], block.style, frame.width - this.labelWidth(block));
        return block.style.spaceBefore + lines.length * block.style.lineHeight + block.style.spaceAfter + this.theme.body.lineHeight;
      }
      case 'list': {
        const first = block.items[0];
        return first ? this.lead(first[0], { ...frame, tight: true }) : 0;
      }
      case 'table':
        return this.tableStartHeight(this.tableGeometry(block, frame.width)) + this.theme.table.spaceBefore;
      case 'quote':
        return this.lead(block.blocks[0], { ...frame, width: frame.width - this.theme.quote.indent });
      case 'code':
        return 2 * this.theme.code.lineHeight + 2 * this.theme.code.padding;
      case 'section':
        return this.lead(block.blocks[0], frame);
      case 'toc':
        return 2 * this.theme.toc.lineHeight;
      case 'image':
        return block.maxHeight;
      default:
        return 0;
    }
  }

  private labelWidth(block: Extract<FlowBlock, { kind: 'heading' }>): number {
    if (!block.label) return 0;
    const font = this.fontOf(block.style.bold, block.style.italic);
    // A hanging indent, kept narrow: a wide gap makes text extraction split the number from its title.
    return Math.max(block.style.size * 1.2, this.measure(`${block.label} `, font, block.style.size) + block.style.size * 0.3);
  }

  private heading(block: Extract<FlowBlock, { kind: 'heading' }>, frame: Frame, next: FlowBlock | undefined): void {
    const style = block.style;
    const labelWidth = this.labelWidth(block);
    const lines = this.lines(block, [textRun(block.text)], style, frame.width - labelWidth);
    const height = lines.length * style.lineHeight;
    const spaceBefore = this.atTop() ? 0 : style.spaceBefore;
    // Keep with next: the heading moves to the next page unless the start of what follows fits too.
    if (this.y + spaceBefore + height + style.spaceAfter + this.lead(next, frame) > this.bottom && !this.atTop()) this.newPage();
    this.space(style.spaceBefore);
    const node = frame.parent.add(`H${block.level}`);
    this.anchors.set(block.anchor, this.pages.length);
    this.page.push({ kind: 'anchor', name: block.anchor, y: this.y });
    if (block.outline) this.page.push({ kind: 'outline', title: block.outline.title, depth: block.outline.depth, anchor: block.anchor });
    if (block.label) this.pending.push({ text: block.label, x: frame.x, align: 'left', font: this.fontOf(style.bold, style.italic), color: style.color, node });
    this.placeLines(lines, frame.x + labelWidth, frame.width - labelWidth, style, node, 'left');
    this.y += style.spaceAfter;
  }

  private badge(block: Extract<FlowBlock, { kind: 'badge' }>, frame: Frame): void {
    const { size, paddingX, paddingY, spaceAfter } = this.theme.badge;
    const width = this.measure(block.text, 'bold', size) + 2 * paddingX;
    const height = size * 1.2 + 2 * paddingY;
    this.ensure(height);
    this.page.push({ kind: 'frame', x: frame.x, y: this.y, w: width, h: height, color: block.color, width: 1.2 });
    this.page.push({ kind: 'text', x: frame.x + paddingX, baseline: this.baseline(this.y, size, height), text: block.text, font: 'bold', size, color: block.color, node: frame.parent.add('P') });
    this.y += height + spaceAfter;
  }

  private list(block: Extract<FlowBlock, { kind: 'list' }>, frame: Frame, next: FlowBlock | undefined): void {
    const body = this.theme.body;
    const { bullets, gap, minIndent } = this.theme.list;
    const markers = block.items.map((_, i) => (block.ordered ? `${block.start + i}.` : bullets[frame.listDepth % bullets.length]!));
    const markerWidth = Math.max(0, ...markers.map((m) => this.measure(m, 'regular', body.size)));
    const indent = Math.max(minIndent, markerWidth + gap);
    if (!frame.tight) this.space(body.spaceBefore);
    const list = frame.parent.add('L');
    block.items.forEach((item, i) => {
      const li = list.add('LI');
      const label = li.add('Lbl');
      const itemFrame: Frame = { ...frame, x: frame.x + indent, width: frame.width - indent, parent: li.add('LBody'), listDepth: frame.listDepth + 1, tight: true };
      this.pending.push({ text: markers[i]!, x: frame.x + indent - gap, align: 'right', font: 'regular', color: block.ordered ? body.color : this.theme.mutedColor, node: label });
      this.blocks(item, itemFrame, block.items[i + 1]?.[0] ?? next);
      if (this.pending.length > 0) {
        // An empty item still shows its marker.
        this.ensure(body.lineHeight);
        this.placeLabels(this.baseline(this.y, body.size, body.lineHeight), body.size);
        this.y += body.lineHeight;
      }
    });
    if (!frame.tight) this.y += body.spaceAfter - this.theme.list.itemSpacing;
  }

  private quote(block: Extract<FlowBlock, { kind: 'quote' }>, frame: Frame, next: FlowBlock | undefined): void {
    const { indent, barColor, barWidth } = this.theme.quote;
    this.space(this.theme.body.spaceBefore);
    const startPage = this.pages.length;
    const startY = this.y;
    const inner: Frame = { ...frame, x: frame.x + indent, width: frame.width - indent, parent: frame.parent.add('BlockQuote'), quoted: true };
    this.blocks(block.blocks, inner, next);
    const endY = this.y - this.theme.body.spaceAfter;
    for (let p = startPage; p <= this.pages.length; p++) {
      const y1 = p === startPage ? startY : this.top;
      const y2 = p === this.pages.length ? endY : this.bottom;
      if (y2 > y1) this.pages[p - 1]!.push({ kind: 'fill', x: frame.x + 2, y: y1, w: barWidth, h: y2 - y1, color: barColor });
    }
  }

  private code(block: Extract<FlowBlock, { kind: 'code' }>, frame: Frame): void {
    const { size, lineHeight, color, background, padding } = this.theme.code;
    const style: TextStyle = { size, lineHeight, color, bold: false, italic: false };
    const innerWidth = frame.width - 2 * padding;
    const lines: Line[] = [];
    for (const source of block.text.split('\n')) {
      // Code keeps its spaces: each source line is one word, broken only where it is too long.
      const text = source.replace(/\t/g, '    ');
      if (text.length === 0) {
        lines.push({ segments: [], width: 0 });
        continue;
      }
      const word: Word = { kind: 'word', pieces: [{ text, font: 'regular', color, code: false, highlight: false, link: null, width: this.measure(text, 'regular', size) }], width: this.measure(text, 'regular', size) };
      lines.push(...this.breakLines([word], innerWidth, size));
    }
    this.space(this.theme.body.spaceBefore);
    const node = frame.parent.add('Code');
    const count = lines.length;
    this.y += padding;
    this.placeLines(lines, frame.x + padding, innerWidth, style, node, 'left', (top, index) => {
      const first = index === 0;
      const last = index === count - 1;
      const y = first ? top - padding : top;
      const h = lineHeight + (first ? padding : 0) + (last ? padding : 0);
      this.page.push({ kind: 'fill', x: frame.x, y, w: frame.width, h, color: background });
    });
    this.y += padding + this.theme.body.spaceAfter;
  }

  private image(block: Extract<FlowBlock, { kind: 'image' }>, frame: Frame): void {
    const size = block;
    const scale = Math.min(block.maxWidth / size.width, block.maxHeight / size.height);
    const w = size.width * scale;
    const h = size.height * scale;
    this.ensure(h);
    this.page.push({ kind: 'image', x: frame.x, y: this.y, w, h, bytes: block.bytes, node: frame.parent.add('Figure', block.alt) });
    this.y += h + 10;
  }

  // ---------------------------------------------------------------- tables

  private tableGeometry(block: Extract<FlowBlock, { kind: 'table' }>, width: number): { widths: number[]; header: Line[][]; rows: Line[][][] } {
    const cached = this.tableCache.get(block);
    if (cached && cached.width === width) return cached.geometry;
    const t = this.theme.table;
    const columns = Math.max(block.header.length, ...block.rows.map((r) => r.length));
    const cell = (row: readonly (readonly Run[])[], c: number): readonly Run[] => row[c] ?? [];
    const headTokens = Array.from({ length: columns }, (_, c) => this.tokens(cell(block.header, c), this.cellStyle(true)));
    const rowTokens = block.rows.map((row) => Array.from({ length: columns }, (_, c) => this.tokens(cell(row, c), this.cellStyle(false))));
    const pad = 2 * t.paddingX;
    const min = new Array<number>(columns).fill(pad + t.size);
    const max = new Array<number>(columns).fill(pad + t.size);
    for (const row of [headTokens, ...rowTokens]) {
      row.forEach((tokens, c) => {
        const longest = Math.max(0, ...tokens.map((tk) => (tk.kind === 'word' ? tk.width : 0)));
        const natural = Math.max(0, ...this.breakLines(tokens, Number.POSITIVE_INFINITY, t.size).map((l) => l.width));
        min[c] = Math.max(min[c]!, Math.min(longest, width * 0.3) + pad);
        max[c] = Math.max(max[c]!, natural + pad);
      });
    }
    const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
    let widths: number[];
    if (sum(max) <= width) {
      widths = max.map((m) => (m / sum(max)) * width);
    } else if (sum(min) >= width) {
      widths = min.map((m) => (m / sum(min)) * width);
    } else {
      const spare = width - sum(min);
      const flex = sum(max.map((m, c) => m - min[c]!));
      widths = min.map((m, c) => m + ((max[c]! - m) / flex) * spare);
    }
    const header = headTokens.map((tokens, c) => this.breakLines(tokens, widths[c]! - pad, t.size));
    const rows = rowTokens.map((row) => row.map((tokens, c) => this.breakLines(tokens, widths[c]! - pad, t.size)));
    const geometry = { widths, header, rows };
    this.tableCache.set(block, { width, geometry });
    return geometry;
  }

  private readonly tableCache = new WeakMap<object, { width: number; geometry: { widths: number[]; header: Line[][]; rows: Line[][][] } }>();

  private cellStyle(header: boolean): TextStyle {
    const t = this.theme.table;
    return { size: t.size, lineHeight: t.lineHeight, color: header ? t.headerColor : this.theme.body.color, bold: header, italic: false };
  }

  private rowHeight(cells: readonly Line[][]): number {
    const t = this.theme.table;
    return Math.max(1, ...cells.map((c) => c.length)) * t.lineHeight + 2 * t.paddingY;
  }

  /** The header and the first row: a table never starts with less on a page. */
  private tableStartHeight({ header, rows }: { header: Line[][]; rows: Line[][][] }): number {
    const firstRow = rows[0];
    return this.rowHeight(header) + (firstRow ? this.rowHeight(firstRow) : 0);
  }

  /**
   * Tables: rows never split (unless one row is taller than a page), the header row is repeated on
   * every page the table reaches (as an artifact, so the tag tree holds it once).
   */
  private table(block: Extract<FlowBlock, { kind: 'table' }>, frame: Frame): void {
    const t = this.theme.table;
    const geometry = this.tableGeometry(block, frame.width);
    const { widths, header, rows } = geometry;
    const headerHeight = this.rowHeight(header);
    this.space(t.spaceBefore);
    this.ensure(this.tableStartHeight(geometry));
    const table = frame.parent.add('Table');
    const head = table.add('THead').add('TR');
    this.tableRow(header, widths, frame.x, block.align, 'header', head, null);
    const body = rows.length > 0 ? table.add('TBody') : null;
    rows.forEach((cells, r) => {
      const tr = body!.add('TR');
      const height = this.rowHeight(cells);
      if (this.y + height > this.bottom + FIT) {
        const pageRoom = this.bottom - this.top - headerHeight;
        if (height <= pageRoom || this.bottom - this.y < t.lineHeight * 3 + 2 * t.paddingY) {
          this.newPage();
          this.tableRow(header, widths, frame.x, block.align, 'repeat', null, null);
        }
      }
      this.tableRow(cells, widths, frame.x, block.align, r % 2 === 1 ? 'stripe' : 'plain', tr, header);
    });
    this.rule(frame.x, frame.x + frame.width, this.y, t.headerFill, 0.8);
    this.y += t.spaceAfter;
  }

  /** Draws one row; a row taller than what is left of an empty page continues on the next page. */
  private tableRow(
    cells: readonly Line[][],
    widths: readonly number[],
    x: number,
    align: readonly TextAlign[],
    kind: 'header' | 'repeat' | 'stripe' | 'plain',
    tr: StructNode | null,
    /** The header row to repeat when this row continues on a new page. */
    header: readonly Line[][] | null,
  ): void {
    const t = this.theme.table;
    const total = widths.reduce((a, b) => a + b, 0);
    const isHeader = kind === 'header' || kind === 'repeat';
    const style = this.cellStyle(isHeader);
    const nodes = cells.map(() => tr?.add(isHeader ? 'TH' : 'TD') ?? null);
    const done = cells.map(() => 0);
    for (;;) {
      const remaining = Math.max(1, ...cells.map((c, i) => c.length - done[i]!));
      const room = Math.max(1, this.linesLeft(t.lineHeight, 2 * t.paddingY));
      const take = Math.min(remaining, room);
      const height = take * t.lineHeight + 2 * t.paddingY;
      const fill = isHeader ? t.headerFill : kind === 'stripe' ? t.stripeFill : null;
      if (fill) this.page.push({ kind: 'fill', x, y: this.y, w: total, h: height, color: fill });
      let cx = x;
      cells.forEach((lines, c) => {
        const width = widths[c]!;
        for (let k = 0; k < take && done[c]! + k < lines.length; k++) {
          const top = this.y + t.paddingY + k * t.lineHeight;
          this.drawLine(lines[done[c]! + k]!, cx + t.paddingX, width - 2 * t.paddingX, top, style, nodes[c] ?? null, align[c] ?? 'left');
        }
        done[c] = Math.min(lines.length, done[c]! + take);
        cx += width;
      });
      this.y += height;
      if (!isHeader) this.rule(x, x + total, this.y, t.ruleColor, 0.5);
      if (cells.every((lines, c) => done[c]! >= lines.length)) return;
      this.newPage();
      if (header) this.tableRow(header, widths, x, align, 'repeat', null, null);
    }
  }

  // ---------------------------------------------------------------- table of contents

  private toc(block: Extract<FlowBlock, { kind: 'toc' }>, frame: Frame): void {
    const t = this.theme.toc;
    const toc = frame.parent.add('TOC');
    const numberWidth = this.measure('0000', 'bold', t.size);
    const labelWidths = new Map<number, number>();
    for (const entry of block.entries) {
      const font: FontKey = entry.depth === 1 ? 'bold' : 'regular';
      const w = entry.label ? this.measure(entry.label, font, t.size) + t.size * 0.9 : 0;
      labelWidths.set(entry.depth, Math.max(labelWidths.get(entry.depth) ?? 0, w));
    }
    const right = frame.x + frame.width;
    for (const entry of block.entries) {
      const top = entry.depth === 1;
      const style: TextStyle = { size: t.size, lineHeight: t.lineHeight, color: this.theme.body.color, bold: top, italic: false };
      const indent = (entry.depth - 1) * t.indent;
      const labelWidth = labelWidths.get(entry.depth) ?? 0;
      const textX = frame.x + indent + labelWidth;
      const textWidth = right - numberWidth - 14 - textX;
      const lines = this.lines(entry, [textRun(entry.title)], style, textWidth);
      if (top) this.space(t.topSpacing);
      this.ensure(lines.length * t.lineHeight);
      const startY = this.y;
      const link = toc.add('TOCI').add('Link');
      const font = this.fontOf(top, false);
      if (entry.label) this.pending.push({ text: entry.label, x: frame.x + indent, align: 'left', font, color: style.color, node: link });
      lines.forEach((line, i) => {
        this.drawLine(line, textX, textWidth, this.y, style, link, 'left');
        if (i < lines.length - 1) this.y += t.lineHeight;
      });
      const last = lines[lines.length - 1];
      const baseline = this.baseline(this.y, t.size, t.lineHeight);
      const leaderEnd = right - numberWidth - 4;
      const leaderStart = textX + (last?.width ?? 0) + 5;
      const gap = 3.2;
      const snapped = leaderEnd - Math.floor((leaderEnd - leaderStart) / gap) * gap;
      if (leaderEnd - snapped >= gap) {
        this.page.push({ kind: 'line', x1: snapped, y1: baseline - 0.6, x2: leaderEnd, y2: baseline - 0.6, color: t.leaderColor, width: 0.9, dotted: gap });
      }
      this.page.push({ kind: 'pageRef', anchor: entry.anchor, right, baseline, font, size: t.size, color: style.color, node: link });
      this.y += t.lineHeight;
      this.page.push({ kind: 'link', x: frame.x + indent, y: startY, w: right - frame.x - indent, h: this.y - startY, url: null, anchor: entry.anchor, description: `${entry.label} ${entry.title}`.trim(), node: link });
    }
  }

  // ---------------------------------------------------------------- drawing

  /** Draws every recorded page: running header and footer first (artifacts), then the content. */
  draw(): void {
    const doc = this.doc;
    doc.addStructure(this.elementOf(this.root));
    const total = this.pages.length;
    const outlineStack: { depth: number; item: PDFKit.PDFOutline }[] = [];
    this.pages.forEach((marks, index) => {
      doc.addPage({ size: [this.pageWidth, this.pageHeight], margin: 0 });
      this.currentFont = null;
      this.currentSize = 0;
      this.drawFurniture(this.settings.furniture(index + 1, total));
      // What the open marked-content sequence belongs to: a tag-tree node or an artifact type.
      let open: StructNode | 'Layout' | 'Pagination' | null = null;
      const close = (): void => {
        if (open !== null) doc.endMarkedContent();
        open = null;
      };
      const openFor = (node: StructNode | null, artifactType: 'Layout' | 'Pagination'): void => {
        const key = node ?? artifactType;
        if (open === key) return;
        close();
        if (node === null) doc.markContent('Artifact', { type: artifactType });
        else this.elementOf(node).add(doc.markStructureContent(node.tag));
        open = key;
      };
      for (const mark of marks) {
        switch (mark.kind) {
          case 'text':
            openFor(mark.node, 'Pagination');
            this.text(mark.text, mark.x, mark.baseline, mark.font, mark.size, mark.color);
            break;
          case 'pageRef': {
            openFor(mark.node, 'Layout');
            const label = String(this.anchors.get(mark.anchor) ?? '');
            this.text(label, mark.right - this.measure(label, mark.font, mark.size), mark.baseline, mark.font, mark.size, mark.color);
            break;
          }
          case 'fill':
            openFor(null, 'Layout');
            doc.rect(mark.x, mark.y, mark.w, mark.h).fill(mark.color);
            break;
          case 'frame':
            openFor(null, 'Layout');
            doc.lineWidth(mark.width).rect(mark.x, mark.y, mark.w, mark.h).stroke(mark.color);
            break;
          case 'line':
            openFor(null, 'Layout');
            doc.save().lineWidth(mark.width);
            if (mark.dotted > 0) doc.lineCap('round').dash(0.01, { space: mark.dotted });
            doc.moveTo(mark.x1, mark.y1).lineTo(mark.x2, mark.y2).stroke(mark.color);
            doc.restore();
            break;
          case 'image':
            close();
            this.elementOf(mark.node).add(doc.markStructureContent('Figure'));
            doc.image(Buffer.from(mark.bytes), mark.x, mark.y, { width: mark.w, height: mark.h });
            doc.endMarkedContent();
            break;
          case 'link': {
            close();
            const element = this.elementOf(mark.node);
            const options = { structParent: element, Contents: pdfString(mark.description) };
            if (mark.url !== null) doc.link(mark.x, mark.y, mark.w, mark.h, mark.url, options);
            else doc.goTo(mark.x, mark.y, mark.w, mark.h, mark.anchor ?? '', options);
            // Ended here, on its page: pdfkit takes the annotation's page from the current page.
            element.end();
            break;
          }
          case 'anchor':
            doc.addNamedDestination(mark.name, 'XYZ', null, mark.y, null);
            break;
          case 'outline': {
            while ((outlineStack[outlineStack.length - 1]?.depth ?? 0) >= mark.depth) outlineStack.pop();
            const item = (outlineStack[outlineStack.length - 1]?.item ?? doc.outline).addItem(mark.title);
            pointOutlineAt(item, mark.anchor);
            outlineStack.push({ depth: mark.depth, item });
            break;
          }
        }
      }
      close();
    });
    this.createElements(this.root);
  }

  /** Shortens text with an ellipsis until it fits `width`. */
  private fitText(text: string, width: number, font: FontKey, size: number): string {
    if (this.measure(text, font, size) <= width) return text;
    const chars = [...text];
    while (chars.length > 0 && this.measure(`${chars.join('').trimEnd()}…`, font, size) > width) chars.pop();
    return `${chars.join('').trimEnd()}…`;
  }

  private text(text: string, x: number, baseline: number, font: FontKey, size: number, color: string): void {
    this.useFont(font, size);
    this.doc.fillColor(color).text(text, x, baseline, { lineBreak: false, baseline: 'alphabetic' });
  }

  private drawFurniture(furniture: PageFurniture): void {
    const doc = this.doc;
    const f = this.settings.theme.furniture;
    const left = MARGIN.left;
    const right = this.pageWidth - MARGIN.right;
    const headerBaseline = MARGIN.top - 30;
    const footerBaseline = this.pageHeight - MARGIN.bottom + 40;
    doc.markContent('Artifact', { type: 'Pagination' });
    let x = right;
    for (const part of [...furniture.headerRight].reverse()) {
      const font: FontKey = part.bold ? 'bold' : 'regular';
      x -= this.measure(part.text, font, f.size);
      this.text(part.text, x, headerBaseline, font, f.size, part.color);
      x -= f.size * 0.8;
    }
    this.text(this.fitText(furniture.headerLeft, x - f.size - left, 'regular', f.size), left, headerBaseline, 'regular', f.size, f.color);
    doc.save().lineWidth(0.5);
    doc.moveTo(left, headerBaseline + 7).lineTo(right, headerBaseline + 7).stroke(f.ruleColor);
    doc.moveTo(left, footerBaseline - 12).lineTo(right, footerBaseline - 12).stroke(f.ruleColor);
    doc.restore();
    this.text(furniture.footerLeft, left, footerBaseline, 'regular', f.size, f.color);
    this.text(furniture.footerRight, right - this.measure(furniture.footerRight, 'regular', f.size), footerBaseline, 'regular', f.size, f.color);
    doc.endMarkedContent();
  }

  /**
   * The pdfkit element of a node, made on first use. Elements are added to their parent in reading
   * order; earlier siblings that never got content (an empty table cell) are made first.
   */
  private elementOf(node: StructNode): PDFKit.PDFStructureElement {
    if (node.element) return node.element;
    const element = this.doc.struct(node.tag, node.alt !== undefined ? { alt: node.alt } : {});
    if (node.parent) {
      const parent = this.elementOf(node.parent);
      for (const sibling of node.parent.children) {
        if (sibling === node) break;
        if (!sibling.element) this.createElements(sibling);
      }
      node.element = element;
      parent.add(element);
    } else {
      node.element = element;
    }
    return element;
  }

  /** Makes the elements of a node and all its descendants that have none yet, in reading order. */
  private createElements(node: StructNode): void {
    this.elementOf(node);
    for (const child of node.children) this.createElements(child);
  }
}

function textRun(text: string): Run {
  return { kind: 'text', text, bold: false, italic: false, code: false, link: null };
}
