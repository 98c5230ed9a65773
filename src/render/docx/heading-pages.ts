import type { DocumentModel } from '../../model/document.js';
import { paginateDocument } from '../page-layout/paginate-document.js';
import type { DocxRenderOptions } from './docx-render-options.js';

/**
 * The page of every heading the contents lists (in the contents' order), as Word and LibreOffice will
 * paginate the document: the shared layout engine lays out the same flow the PDF does (landscape pages
 * included), in the branding font's metrics, with the column widths `tables-to-docx.ts` writes (both
 * take them from `settledColumnWidths` with `measure`); the Word styles carry the same sizes, spacing
 * and exact line heights, so the pages break in the same places.
 */
export function headingPages(model: DocumentModel, context: DocxRenderOptions): readonly (number | undefined)[] {
  const { laidOut, contents } = paginateDocument(model, context);
  return contents.map((anchor) => laidOut.anchors.get(anchor));
}
