import { fontOf, type FontKey, type FontMetrics } from './font-metrics.js';
import type { LayoutTheme, Run } from './layout-input.js';
import { FIT } from './page-geometry.js';

/** Size, leading and colour of a run of text, and whether all of it is bold or italic. */
export interface TextStyle {
  readonly size: number;
  readonly lineHeight: number;
  readonly color: string;
  readonly bold: boolean;
  readonly italic: boolean;
}

/** A part of a word in one style. */
interface Piece {
  readonly text: string;
  readonly font: FontKey;
  readonly color: string;
  readonly code: boolean;
  readonly highlight: boolean;
  readonly link: string | null;
  readonly width: number;
}

/** A word (unbreakable, possibly of several styles), a space between words, or a hard break. */
export type Token = { readonly kind: 'word'; readonly pieces: readonly Piece[]; readonly width: number } | { readonly kind: 'space' } | { readonly kind: 'break' };
type Word = Extract<Token, { kind: 'word' }>;

/** Text of one style on a line; `x` is its offset from the start of the line. */
export interface Segment {
  text: string;
  x: number;
  width: number;
  readonly font: FontKey;
  readonly color: string;
  readonly code: boolean;
  readonly highlight: boolean;
  readonly link: string | null;
}

/** One broken line: its segments left to right and its width. */
export interface Line {
  readonly segments: Segment[];
  width: number;
}

/**
 * Where a too-long word (a URL, an id) may break, after one of these. Not after a hyphen: readers and
 * text extraction take a line-end hyphen for hyphenation and drop it.
 */
const BREAK_AFTER = new Set([' ', '/', '_', '.', '?', '&', '=', '#', ',', ';', ':', '@', '|', '\\', ')', ']', '}', '+', '~']);

/**
 * How much wider the characters of a text measured one by one may be than the text measured whole
 * (kerning and ligatures only ever take a little off): a rest of a cut word whose characters add up to
 * more than this times the line is too wide for the line, without measuring it.
 */
const MEASURED_ALONE_SLACK = 2;

/** Breaks runs of text into lines of a width: greedy, never hyphenating, memoised per block and width. */
export class LineBreaker {
  private readonly cache = new WeakMap<object, Map<number, Line[]>>();

  constructor(
    private readonly metrics: FontMetrics,
    private readonly theme: LayoutTheme,
  ) {}

  /** The lines of `runs` at `width`; `owner` (the block) keys the memo, as headings are measured twice. */
  lines(owner: object, runs: readonly Run[], style: TextStyle, width: number): Line[] {
    let byWidth = this.cache.get(owner);
    if (!byWidth) {
      byWidth = new Map();
      this.cache.set(owner, byWidth);
    }
    let lines = byWidth.get(width);
    if (!lines) {
      lines = this.breakLines(this.tokens(runs, style), width, style.size);
      byWidth.set(width, lines);
    }
    return lines;
  }

  /** The lines of a code block: code keeps its spaces, so each source line is one word, broken only where it is too long. */
  codeLines(code: string, width: number, size: number, color: string): Line[] {
    const lines: Line[] = [];
    for (const source of code.split('\n')) {
      const text = source.replace(/\t/g, '    ');
      if (text.length === 0) {
        lines.push({ segments: [], width: 0 });
        continue;
      }
      const textWidth = this.metrics.measure(text, 'regular', size);
      const word: Word = { kind: 'word', pieces: [{ text, font: 'regular', color, code: false, highlight: false, link: null, width: textWidth }], width: textWidth };
      lines.push(...this.breakLines([word], width, size));
    }
    return lines;
  }

  /** Splits runs into words (unbreakable, possibly of several styles), spaces and hard breaks. */
  tokens(runs: readonly Run[], style: TextStyle): Token[] {
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
      const font = fontOf(style.bold || run.bold, style.italic || run.italic);
      const highlight = run.highlight === true;
      const color = highlight ? this.theme.placeholder.color : run.link !== null ? this.theme.linkColor : run.code ? this.theme.code.color : style.color;
      // Markdown whitespace collapses; a no-break space (U+00A0) is not whitespace here.
      const parts = run.text.split(/([ \t\n\r\f\v]+)/);
      parts.forEach((part, i) => {
        if (i % 2 === 1) {
          endWord();
          if (tokens.length > 0 && tokens[tokens.length - 1]!.kind === 'word') tokens.push({ kind: 'space' });
        } else if (part.length > 0) {
          pieces.push({ text: part, font, color, code: run.code, highlight, link: run.link, width: this.metrics.measure(part, font, style.size) });
        }
      });
    }
    endWord();
    return tokens;
  }

  /** Greedy line breaking; a word wider than the line is broken, preferably after `/`, `.` and the like. */
  breakLines(tokens: readonly Token[], maxWidth: number, size: number): Line[] {
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
        const spaceWidth = spaceBefore && last ? this.metrics.measure(' ', last.font, size) : 0;
        if (line.width + spaceWidth + word.width <= maxWidth + FIT) {
          this.append(line, word, spaceBefore, size);
          spaceBefore = false;
          word = null;
        } else if (line.segments.length > 0 && (word.width <= maxWidth || maxWidth - line.width - spaceWidth < maxWidth * 0.3)) {
          finish();
        } else {
          // Cut heads off the word, a line each, until the rest might fit on a line of its own: only then
          // is the rest measured as a whole, so a long word costs time linear in its length.
          const rest = this.cursorOf(word, size);
          let available = line.segments.length > 0 ? maxWidth - line.width - spaceWidth : maxWidth;
          word = null;
          for (;;) {
            const head = this.cutHead(rest, available, size);
            this.append(line, head ?? this.restOf(rest, size), spaceBefore, size);
            finish();
            if (!head) break;
            if (rest.after[rest.start]! <= (maxWidth + FIT) * MEASURED_ALONE_SLACK) {
              word = this.restOf(rest, size);
              break;
            }
            available = maxWidth;
          }
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
        const width = this.metrics.measure(' ', last.font, size);
        line.segments.push({ text: ' ', x: line.width, width, font: last.font, color: last.color, code: false, highlight: false, link: null });
        line.width += width;
      }
      const gap = space && same ? ' ' : '';
      const gapWidth = gap ? this.metrics.measure(' ', piece.font, size) : 0;
      if (same) {
        last.text += gap + piece.text;
        last.width += gapWidth + piece.width;
      } else {
        line.segments.push({ text: piece.text, x: line.width, width: piece.width, font: piece.font, color: piece.color, code: piece.code, highlight: piece.highlight, link: piece.link });
      }
      line.width += gapWidth + piece.width;
    });
  }

  /**
   * Cuts the word at the cursor so that the head fits `available` (at least one character goes to the
   * head), preferably after one of BREAK_AFTER. Returns the head, or null when the whole remainder is the
   * head. Only the characters of the head are looked at, so cutting a whole word is linear in its length.
   */
  private cutHead(rest: WordCursor, available: number, size: number): Word | null {
    const { chars } = rest;
    const start = rest.start;
    let fit = 0;
    let used = 0;
    while (start + fit < chars.length && used + chars[start + fit]!.width <= available) used += chars[start + fit++]!.width;
    fit = Math.max(1, fit);
    let cut = fit;
    let prefix = 0;
    for (let i = 0; i < fit; i++) {
      const char = chars[start + i]!;
      prefix += char.width;
      if (BREAK_AFTER.has(char.ch) && prefix >= available * 0.4 && start + i + 1 < chars.length) cut = i + 1;
    }
    if (start + cut >= chars.length) return null;
    rest.start = start + cut;
    return this.wordOf(rest, start, start + cut, size);
  }

  /** The part of the cursor's word not yet placed, as a word. */
  private restOf(cursor: WordCursor, size: number): Word {
    return cursor.start === 0 ? cursor.word : this.wordOf(cursor, cursor.start, cursor.chars.length, size);
  }

  /** The characters `from` to `to` of the cursor's word as a word, measured as the renderer draws them. */
  private wordOf(cursor: WordCursor, from: number, to: number, size: number): Word {
    const pieces: Piece[] = [];
    let index = -1;
    let text = '';
    const flush = (): void => {
      if (index < 0) return;
      const source = cursor.word.pieces[index]!;
      pieces.push({ ...source, text, width: this.metrics.measure(text, source.font, size) });
    };
    for (let i = from; i < to; i++) {
      const { ch, piece } = cursor.chars[i]!;
      if (piece !== index) {
        flush();
        index = piece;
        text = '';
      }
      text += ch;
    }
    flush();
    return { kind: 'word', pieces, width: pieces.reduce((w, p) => w + p.width, 0) };
  }

  /** A word split into its characters (code points), each measured alone, with the cursor at its start. */
  private cursorOf(word: Word, size: number): WordCursor {
    const chars: CharOf[] = [];
    word.pieces.forEach((piece, index) => {
      for (const ch of piece.text) chars.push({ ch, piece: index, width: this.metrics.measure(ch, piece.font, size) });
    });
    const after = new Array<number>(chars.length + 1).fill(0);
    for (let i = chars.length - 1; i >= 0; i--) after[i] = after[i + 1]! + chars[i]!.width;
    return { word, chars, after, start: 0 };
  }
}

/** One character of a word being cut, the index of its piece, and its width measured alone. */
interface CharOf {
  readonly ch: string;
  readonly piece: number;
  readonly width: number;
}

/**
 * A word being cut into lines: its characters, the sum of their widths from each one to the end, and
 * where the part not yet placed starts.
 */
interface WordCursor {
  readonly word: Word;
  readonly chars: readonly CharOf[];
  readonly after: readonly number[];
  start: number;
}
