import type { DocumentModel } from '../../model/document.js';
import type { RenderContext } from '../render-context.js';
import { layoutMeasure, type FontMetrics, type LayoutFonts } from './font-metrics.js';
import { layoutPages } from './layout-pages.js';
import type { LaidOutPages } from './marks.js';
import { documentTheme, modelToFlow } from './model-to-flow.js';
import type { StructNode } from './struct-node.js';

/** A document laid out in pages: what the PDF draws, and where the Word contents' page numbers come from. */
export interface PaginatedDocument {
  readonly laidOut: LaidOutPages;
  readonly metrics: FontMetrics;
  /** The anchors of the headings the contents lists, in its order. */
  readonly contents: readonly string[];
}

/**
 * The pages of a document model in its branding font and page size. The PDF draws these pages, and the
 * Word document numbers its contents from them, so a build that writes both lays the document out once:
 * the layout of the last document laid out is kept until the other format asks for it (then dropped),
 * and only for the same fonts and logo. One slot is enough, since a build renders a document's formats
 * one after the other, and it keeps a build of one format from holding every layout to its end.
 */
export function paginateDocument(model: DocumentModel, context: RenderContext & { readonly fonts: LayoutFonts }): PaginatedDocument {
  const kept = last;
  last = undefined;
  if (kept && kept.model === model && kept.main === context.fonts.main && kept.fallback === context.fonts.fallback && kept.logo === context.logo) {
    clearElements(kept.paginated.laidOut.root);
    return kept.paginated;
  }
  const theme = documentTheme(model.organisation.branding.primaryColor);
  const { blocks, contents } = modelToFlow(model, context, theme, layoutMeasure(context.fonts));
  const { laidOut, metrics } = layoutPages(blocks, { pageSize: model.organisation.branding.pageSize, fonts: context.fonts, theme: theme.layout });
  const paginated = { laidOut, metrics, contents };
  last = { model, main: context.fonts.main, fallback: context.fonts.fallback, logo: context.logo, paginated };
  return paginated;
}

let last: { model: DocumentModel; main: unknown; fallback: unknown; logo: unknown; paginated: PaginatedDocument } | undefined;

/** Forgets the PDF structure elements an earlier drawing attached to the tag tree: each PDF makes its own. */
function clearElements(node: StructNode): void {
  node.element = undefined;
  for (const child of node.children) clearElements(child);
}
