import { shareLayoutCache } from './pdfkit-internals.js';

/** The four embedded faces, by the keys of `PdfFonts`. */
export const FONT_KEYS = ['regular', 'bold', 'italic', 'boldItalic'] as const;
/** One of the four embedded faces. */
export type FontKey = (typeof FONT_KEYS)[number];

/** The face of text that is bold and/or italic. */
export function fontOf(bold: boolean, italic: boolean): FontKey {
  if (bold) return italic ? 'boldItalic' : 'bold';
  return italic ? 'italic' : 'regular';
}

/**
 * Text widths per face and size, measured by pdfkit and cached for the document, and the face and size
 * selected on the document: pdfkit measures and draws in whatever is selected, so both go through here.
 */
export class FontMetrics {
  private readonly widths = new Map<string, Map<string, number>>();
  private currentFont: FontKey | null = null;
  private currentSize = 0;

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  /** The width of `text` in points. */
  measure(text: string, font: FontKey, size: number): number {
    const key = `${font}:${size}`;
    let cache = this.widths.get(key);
    if (!cache) {
      cache = new Map();
      this.widths.set(key, cache);
    }
    let width = cache.get(text);
    if (width === undefined) {
      this.select(font, size);
      width = this.doc.widthOfString(text);
      cache.set(text, width);
    }
    return width;
  }

  /** Selects a face and size on the document, unless they are selected already. */
  select(font: FontKey, size: number): void {
    if (this.currentFont !== font) {
      this.doc.font(font);
      shareLayoutCache(this.doc);
    }
    if (this.currentSize !== size) this.doc.fontSize(size);
    this.currentFont = font;
    this.currentSize = size;
  }

  /** Forgets what is selected, so that the next `select` sets both face and size (on a new page). */
  reset(): void {
    this.currentFont = null;
    this.currentSize = 0;
  }
}
