import type { FontKey } from '../page-layout/font-metrics.js';
import { shareLayoutCache } from './pdfkit-internals.js';

/** The name the fallback font's face is registered under. */
export function fallbackName(key: FontKey): string {
  return `fallback-${key}`;
}

/**
 * The face and size selected on the document: pdfkit draws in whatever is selected, so every text
 * drawn goes through here, and a face is selected only when it changes.
 */
export class PdfFontSelection {
  private current: string | null = null;
  private size = 0;

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  /** Selects a face (of the branding font, or of the fallback) and size, unless they are selected already. */
  select(font: FontKey, fallback: boolean, size: number): void {
    const name = fallback ? fallbackName(font) : font;
    if (this.current !== name) {
      this.doc.font(name);
      shareLayoutCache(this.doc);
    }
    if (this.size !== size) this.doc.fontSize(size);
    this.current = name;
    this.size = size;
  }

  /** Forgets what is selected, so that the next `select` sets both face and size (on a new page). */
  reset(): void {
    this.current = null;
    this.size = 0;
  }
}
