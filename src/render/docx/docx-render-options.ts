import type { LayoutFonts } from '../page-layout/font-metrics.js';
import type { RenderContext } from '../render-context.js';

/**
 * What the Word renderer needs: the shared render context plus the branding font, embedded in the
 * document and measured to number its table of contents, and the fallback font for the measuring.
 */
export interface DocxRenderOptions extends RenderContext {
  readonly fonts: LayoutFonts & {
    /** The family name the styles and the font table give. */
    readonly name: string;
    /** Whether `main` is that family (embedded), or a stand-in that is only measured. */
    readonly embed: boolean;
  };
}
