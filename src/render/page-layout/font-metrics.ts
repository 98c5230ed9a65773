import type { TextMeasure } from '../table-columns/column-widths.js';
import { parsedFont, type ParsedFont } from './fontkit-internals.js';

/** The four faces of a font family, by the keys of `FontFaces`. */
export const FONT_KEYS = ['regular', 'bold', 'italic', 'boldItalic'] as const;
/** One of the four faces. */
export type FontKey = (typeof FONT_KEYS)[number];

/** The TrueType file bytes of the four faces of one family. */
export type FontFaces = Readonly<Record<FontKey, Uint8Array>>;

/** The fonts text is set in: the branding font, and the fallback drawn for characters it has no glyph for. */
export interface LayoutFonts {
  readonly main: FontFaces;
  readonly fallback: FontFaces;
}

/** A stretch of text that one font draws. */
export interface FontRun {
  readonly text: string;
  readonly fallback: boolean;
}

/** The face of text that is bold and/or italic. */
export function fontOf(bold: boolean, italic: boolean): FontKey {
  if (bold) return italic ? 'boldItalic' : 'bold';
  return italic ? 'italic' : 'regular';
}

/**
 * Text widths per face and size, as pdfkit measures them (the glyph advances of fontkit's shaping,
 * split at spaces), in the branding font or, character by character where it has no glyph, the
 * fallback font. Format-neutral: the PDF draws with these widths and the Word pagination predicts
 * line breaks with them. Cached per metrics object (one per document).
 */
export class FontMetrics {
  private readonly widths = new Map<string, Map<string, number>>();
  private readonly advances = new Map<string, Map<string, number>>();
  private readonly main: Readonly<Record<FontKey, ParsedFont>>;
  private readonly fallback: Readonly<Record<FontKey, ParsedFont>>;

  constructor(fonts: LayoutFonts) {
    const parse = (faces: FontFaces): Record<FontKey, ParsedFont> =>
      ({ regular: parsedFont(faces.regular), bold: parsedFont(faces.bold), italic: parsedFont(faces.italic), boldItalic: parsedFont(faces.boldItalic) });
    this.main = parse(fonts.main);
    this.fallback = parse(fonts.fallback);
  }

  /** The width of `text` in points. */
  measure(text: string, font: FontKey, size: number): number {
    let cache = this.widths.get(font);
    if (!cache) {
      cache = new Map();
      this.widths.set(font, cache);
    }
    let em = cache.get(text);
    if (em === undefined) {
      em = 0;
      for (const run of this.runs(text, font)) em += widthInEm(run.fallback ? this.fallback[font] : this.main[font], run.text);
      cache.set(text, em);
    }
    return em * size;
  }

  /**
   * The width of `text` in points unkerned (each character's advance), or shaped where that is wider:
   * Word and LibreOffice set table text without kerning, so a column this wide holds the word in
   * every format.
   */
  unkerned(text: string, font: FontKey, size: number): number {
    let cache = this.advances.get(font);
    if (!cache) {
      cache = new Map();
      this.advances.set(font, cache);
    }
    let em = cache.get(text);
    if (em === undefined) {
      em = 0;
      for (const run of this.runs(text, font)) {
        const face = run.fallback ? this.fallback[font] : this.main[font];
        for (const ch of run.text) em += face.glyphForCodePoint(ch.codePointAt(0)!).advanceWidth / face.unitsPerEm;
      }
      cache.set(text, em);
    }
    return Math.max(em * size, this.measure(text, font, size));
  }

  /** `text` cut into stretches the branding font draws and stretches only the fallback font has glyphs for. */
  runs(text: string, font: FontKey): FontRun[] {
    const main = this.main[font];
    const out: FontRun[] = [];
    let current = '';
    let fallback = false;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      // Spaces and marks stay with the run they are in: only a character the branding font lacks switches.
      const useFallback = cp > 0x20 && !main.hasGlyphForCodePoint(cp);
      if (current !== '' && useFallback !== fallback) {
        out.push({ text: current, fallback });
        current = '';
      }
      fallback = useFallback;
      current += ch;
    }
    if (current !== '') out.push({ text: current, fallback });
    return out;
  }
}

/**
 * Table text measured in the pagination's fonts (the branding font, the fallback where it has no
 * glyph), unkerned as Word sets it: the one measure every format sizes table columns and decides
 * landscape pages with. Code is set in the text face in the PDF and measured in it for both formats.
 */
export function textMeasure(metrics: FontMetrics): TextMeasure {
  return (text, face, size) => metrics.unkerned(text, fontOf(face.bold, face.italic), size);
}

/** The table measure of a document's fonts (see {@link textMeasure}). */
export function layoutMeasure(fonts: LayoutFonts): TextMeasure {
  return textMeasure(new FontMetrics(fonts));
}

/** The width of `text` in ems, as pdfkit measures it: shaped word by word (split after spaces), glyph advances summed. */
function widthInEm(font: ParsedFont, text: string): number {
  let chunks = chunkWidths.get(font);
  if (!chunks) {
    chunks = new Map();
    chunkWidths.set(font, chunks);
  }
  let em = 0;
  let last = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === ' ' || text[i] === '\t') {
      const end = Math.min(text.length, i + 1);
      if (end > last) {
        const chunk = text.slice(last, end);
        let width = chunks.get(chunk);
        if (width === undefined) {
          width = 0;
          for (const glyph of font.layout(chunk).glyphs) width += glyph.advanceWidth;
          width /= font.unitsPerEm;
          chunks.set(chunk, width);
        }
        em += width;
      }
      last = end;
    }
  }
  return em;
}
/** Widths of shaped words per parsed font, shared by every document of the process (the fonts are). */
const chunkWidths = new WeakMap<ParsedFont, Map<string, number>>();
