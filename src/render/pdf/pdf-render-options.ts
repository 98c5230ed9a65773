import type { RenderContext } from '../render-context.js';

/** The four TrueType faces the PDF embeds as subsets, as file bytes. */
export interface PdfFonts {
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
  readonly italic: Uint8Array;
  readonly boldItalic: Uint8Array;
}

/**
 * What the PDF renderer needs: the shared render context plus the fonts, which are required so that
 * no text can fall back to a font that is not embedded. `loadPdfFonts()` in `load/` returns an object
 * of this shape.
 */
export interface PdfRenderOptions extends RenderContext {
  readonly fonts: PdfFonts;
}
