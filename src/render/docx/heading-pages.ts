import type { DocumentModel } from '../../model/document.js';
import { layoutPages } from '../page-layout/layout-pages.js';
import { modelToFlow, type TableSource } from '../page-layout/model-to-flow.js';
import type { DocxRenderOptions } from './docx-render-options.js';
import { plainText } from './inlines-to-docx.js';
import { columnShares } from './tables-to-docx.js';
import type { DocxTheme } from './theme.js';

/** The column shares the Word renderer gives each table (see `model-to-docx.ts` and `blocks-to-docx.ts`). */
export function docxTableShares(source: TableSource): readonly number[] {
  switch (source.kind) {
    case 'toComplete':
      return [0.45, 0.55];
    case 'documentControl':
      return [0.32, 0.68];
    case 'versionHistory':
      return [0.12, 0.15, 0.2, 0.2, 0.33];
    case 'appendix':
      return [0.17, 0.43, 0.4];
    case 'body': {
      const { table } = source;
      return columnShares([table.header.map((cell) => plainText(cell.children)), ...table.rows.map((row) => row.map((cell) => plainText(cell.children)))]);
    }
  }
}

/**
 * The page of every heading the contents lists (in the contents' order), as Word and LibreOffice will paginate the document:
 * the shared layout engine lays out the same flow the PDF does, with the Word document's column
 * widths, in the branding font's metrics; the Word styles carry the same sizes, spacing and exact line
 * heights, so the pages break in the same places.
 */
export function headingPages(model: DocumentModel, context: DocxRenderOptions, theme: DocxTheme): readonly (number | undefined)[] {
  const { blocks, contents } = modelToFlow(model, context, theme.layout, { tableShares: docxTableShares });
  const { laidOut } = layoutPages(blocks, { pageSize: model.organisation.branding.pageSize, fonts: context.fonts, theme: theme.layout.layout });
  return contents.map((anchor) => laidOut.anchors.get(anchor));
}
