// @ts-expect-error fontkit ships no type declarations; only `create` is used.
import { create } from 'fontkit';

/**
 * The one fontkit call of the renderers (fontkit has no types): fonts parsed once per process and the
 * few members of fontkit 2.0.4's font objects that layout reads. test/unit/render/pdf/pdfkit-internals
 * .test.ts fails when one of them stops working.
 */

/** A glyph of a shaped run: its advance in font units. */
interface ParsedGlyph {
  readonly advanceWidth: number;
}

/** A font parsed by fontkit: pdfkit shapes text with its `layout`; layout measures with it too. */
export interface ParsedFont {
  layout(text: string, features?: unknown): { readonly glyphs: readonly ParsedGlyph[] };
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): ParsedGlyph;
  readonly unitsPerEm: number;
}

const createFont = create as (bytes: Buffer) => ParsedFont;

/**
 * The fontkit font of a face's file bytes, parsed once per process and shared by every document:
 * fontkit keeps the glyphs and layout tables it has decoded on the font object, which is most of the
 * cost of setting text.
 */
export function parsedFont(bytes: Uint8Array): ParsedFont {
  let font = parsedFonts.get(bytes);
  if (!font) {
    font = createFont(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    parsedFonts.set(bytes, font);
  }
  return font;
}
const parsedFonts = new WeakMap<Uint8Array, ParsedFont>();
