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

  /** Cuts a word so that the head fits `available` (at least one character goes to the head). */
  private splitWord(word: Word, available: number, size: number): [Word, Word | null] {
    const chars: { ch: string; piece: number; width: number }[] = [];
    word.pieces.forEach((piece, index) => {
      for (const ch of piece.text) chars.push({ ch, piece: index, width: this.metrics.measure(ch, piece.font, size) });
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
        return { ...source, text, width: this.metrics.measure(text, source.font, size) };
      });
      return { kind: 'word', pieces, width: pieces.reduce((w, p) => w + p.width, 0) };
    };
    return [build(chars.slice(0, cut)), build(chars.slice(cut))];
  }
}
