import PDFDocument from 'pdfkit';
import { FONT_KEYS } from '../page-layout/font-metrics.js';
import type { PdfSettings } from '../page-layout/layout-input.js';
import type { PaginatedDocument } from '../page-layout/paginate-document.js';
import { PAGE_SIZES } from '../page-layout/page-geometry.js';
import { drawPages } from './draw-pages.js';
import { fallbackName, PdfFontSelection } from './font-selection.js';
import { registerParsedFont } from './pdfkit-internals.js';

export type { FlowBlock, LayoutTheme, PageFurniture, ParagraphStyle, PdfSettings, Run, TextAlign, TocEntry } from '../page-layout/layout-input.js';

/**
 * The PDF layout engine: `render-pdf.ts` describes the document as a flow of blocks, and this lays it
 * out and draws it with pdfkit.
 *
 * Layout runs once and records every page as a list of marks (text, fills, links, ...). Only then are
 * the marks drawn, when the page count and the page of every heading are known: the table of contents
 * and "Page N of M" get real numbers without a second layout pass.
 */
export async function layoutPdf(paginated: Pick<PaginatedDocument, 'laidOut' | 'metrics'>, settings: PdfSettings): Promise<Uint8Array> {
  const [pageWidth, pageHeight] = PAGE_SIZES[settings.pageSize];
  const doc = new PDFDocument({
    autoFirstPage: false,
    bufferPages: false,
    tagged: true,
    lang: settings.lang,
    displayTitle: true,
    pdfVersion: '1.7',
    size: [pageWidth, pageHeight],
    margin: 0,
    info: {
      Title: settings.info.title,
      Author: settings.info.author,
      Subject: settings.info.subject,
      Keywords: settings.info.keywords,
      Creator: settings.info.creator,
      Producer: settings.info.producer,
      CreationDate: settings.info.date,
      ModDate: settings.info.date,
    },
  });
  const chunks: Uint8Array[] = [];
  const finished = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(concat(chunks)));
    doc.on('error', reject);
  });
  for (const key of FONT_KEYS) {
    registerParsedFont(doc, key, settings.fonts.main[key]);
    registerParsedFont(doc, fallbackName(key), settings.fonts.fallback[key]);
  }
  drawPages(doc, paginated.laidOut, paginated.metrics, new PdfFontSelection(doc), settings);
  doc.end();
  return finished;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
