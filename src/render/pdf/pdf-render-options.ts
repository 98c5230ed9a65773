import type { LayoutFonts } from '../page-layout/font-metrics.js';
import type { RenderContext } from '../render-context.js';

/**
 * What the PDF renderer needs: the shared render context plus the fonts, which are required so that
 * no text can fall back to a font that is not embedded: the branding font's four TrueType faces and
 * the fallback's, for characters the branding font lacks. `loadDocumentFonts()` in `load/` reads them.
 */
export interface PdfRenderOptions extends RenderContext {
  readonly fonts: LayoutFonts;
}
