// @ts-expect-error fontkit ships no type declarations; only `create` is used.
import { create } from 'fontkit';
import type { TextFace, TextMeasure } from './column-widths.js';

/** The font files of one typeface, by face; each face may come in several files (Unicode subsets). */
export interface FontFaceFiles {
  readonly regular: readonly Uint8Array[];
  readonly bold: readonly Uint8Array[];
  readonly italic: readonly Uint8Array[];
  readonly boldItalic: readonly Uint8Array[];
}

interface Glyphs {
  readonly unitsPerEm: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): { readonly advanceWidth: number };
}

const createFont = create as (bytes: Buffer) => Glyphs;

/** An em's share a character is taken to be where no font has it, and the width of code (monospaced). */
const UNKNOWN_EM = 0.6;
const CODE_EM = 0.6;

/**
 * A glyph's advance in ems. fontkit reads some glyphs of a subset WOFF past the end of its table (a
 * RangeError): such a glyph is taken at the width of an unknown one rather than failing the build.
 */
function advance(font: Glyphs, codePoint: number): number {
  try {
    return font.glyphForCodePoint(codePoint).advanceWidth / font.unitsPerEm;
  } catch (error) {
    if (error instanceof RangeError) return UNKNOWN_EM;
    throw error;
  }
}

/**
 * A measure in points: the widest of the typefaces given, character by character (no kerning, which
 * only ever narrows text), so that a column wide enough by this measure is wide enough in each of
 * them. Code is taken as monospaced at 0.6 em.
 */
export function fontMeasure(typefaces: readonly FontFaceFiles[]): TextMeasure {
  const parsed = typefaces.map((typeface) => ({
    regular: typeface.regular.map(parse),
    bold: typeface.bold.map(parse),
    italic: typeface.italic.map(parse),
    boldItalic: typeface.boldItalic.map(parse),
  }));
  const cache = new Map<string, number>();
  const em = (char: string, face: TextFace): number => {
    const key = `${face.bold ? 'b' : ''}${face.italic ? 'i' : ''}${char}`;
    let width = cache.get(key);
    if (width === undefined) {
      const codePoint = char.codePointAt(0)!;
      const faceKey = face.bold ? (face.italic ? 'boldItalic' : 'bold') : face.italic ? 'italic' : 'regular';
      width = 0;
      for (const typeface of parsed) {
        const font = typeface[faceKey].find((f) => f.hasGlyphForCodePoint(codePoint));
        width = Math.max(width, font ? advance(font, codePoint) : UNKNOWN_EM);
      }
      cache.set(key, width);
    }
    return width;
  };
  // Table text repeats its words ("Yes", "Not assessed", role names): each is added up once per face.
  const words = new Map<string, number>();
  return (text, face, size) => {
    const key = `${face.code ? 'c' : face.bold ? (face.italic ? 'z' : 'b') : face.italic ? 'i' : 'r'}${text}`;
    let total = words.get(key);
    if (total === undefined) {
      total = 0;
      for (const char of text) total += face.code ? CODE_EM : em(char, face);
      words.set(key, total);
    }
    return total * size;
  };
}

/** A measure without fonts: every character 0.6 em (wider than most text faces' letters). */
export const approximateMeasure: TextMeasure = (text, _face, size) => [...text].length * UNKNOWN_EM * size;

function parse(bytes: Uint8Array): Glyphs {
  let font = parsedFonts.get(bytes);
  if (!font) {
    font = createFont(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    parsedFonts.set(bytes, font);
  }
  return font;
}
const parsedFonts = new WeakMap<Uint8Array, Glyphs>();
