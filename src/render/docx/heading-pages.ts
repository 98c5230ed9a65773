import type { DocumentModel } from '../../model/document.js';
import { layoutPages } from '../page-layout/layout-pages.js';
import { modelToFlow } from '../page-layout/model-to-flow.js';
import type { TextMeasure } from '../table-columns/column-widths.js';
import type { DocxRenderOptions } from './docx-render-options.js';
import type { DocxTheme } from './theme.js';

/**
 * The page of every heading the contents lists (in the contents' order), as Word and LibreOffice will
 * paginate the document: the shared layout engine lays out the same flow the PDF does (landscape pages
 * included), in the branding font's metrics, with the column widths `tables-to-docx.ts` writes (both
 * take them from `settledColumnWidths` with `measure`); the Word styles carry the same sizes, spacing
 * and exact line heights, so the pages break in the same places.
 */
export function headingPages(model: DocumentModel, context: DocxRenderOptions, theme: DocxTheme, measure: TextMeasure): readonly (number | undefined)[] {
  const { blocks, contents } = modelToFlow(model, context, theme.layout, measure);
  const { laidOut } = layoutPages(blocks, { pageSize: model.organisation.branding.pageSize, fonts: context.fonts, theme: theme.layout.layout });
  return contents.map((anchor) => laidOut.anchors.get(anchor));
}
