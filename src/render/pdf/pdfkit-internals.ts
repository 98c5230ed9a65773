import { parsedFont } from '../page-layout/fontkit-internals.js';

/**
 * Every place the PDF renderer depends on pdfkit beyond its documented, typed API (and the one fontkit
 * call, whose package has no types). Each one was written against pdfkit 0.20.2, pinned in
 * package.json, and checks the shape it reaches for: a
 * missing internal means a dependency upgrade to review, so it throws rather than quietly running
 * slower or writing different bytes. test/unit/render/pdf/pdfkit-internals.test.ts fails when one of
 * them stops working on the installed versions.
 */

/** The pdfkit version these internals were written against (package.json pins it). */
export const PDFKIT_VERSION = '0.20.2';

/**
 * Registers a face under `name` as its shared parsed font (see `parsedFont`). pdfkit 0.20.2 accepts
 * any object with a `layout` method in place of the font file (its types say a path or a Buffer);
 * each document still embeds its own subset. Were that to change, pdfkit itself throws "Not a
 * supported font format" when the face is first used.
 */
export function registerParsedFont(doc: PDFKit.PDFDocument, name: string, bytes: Uint8Array): void {
  doc.registerFont(name, parsedFont(bytes) as unknown as Buffer);
}

/**
 * Makes the document's current font use the one layout cache of its parsed font. pdfkit 0.20.2
 * shapes every word with fontkit and caches the shaped run in the `layoutCache` field of the
 * document's own font object (`doc._font`), so each new document would shape the same words again.
 * The shaped runs depend only on the parsed font, which every document shares, so one cache per
 * parsed font serves them all. Call it after every `doc.font(...)` that selects a registered face.
 */
export function shareLayoutCache(doc: PDFKit.PDFDocument): void {
  const current = (doc as unknown as { _font?: { font?: unknown; layoutCache?: unknown } | null })._font;
  if (!current || typeof current.font !== 'object' || current.font === null) {
    throw internalsChanged('the document has no current embedded font in `_font.font`');
  }
  if (typeof current.layoutCache !== 'object' || current.layoutCache === null) {
    throw internalsChanged('the current font has no `layoutCache` (was the document made with `fontLayoutCache: false`?)');
  }
  let shared = layoutCaches.get(current.font);
  if (!shared) {
    shared = Object.create(null) as object;
    layoutCaches.set(current.font, shared);
  }
  current.layoutCache = shared;
}
const layoutCaches = new WeakMap<object, object>();

/**
 * Points a bookmark at a named destination. pdfkit's `addItem` points it at a whole page; pointing
 * it at the heading's destination lands the reader on the heading itself. pdfkit 0.20.2 keeps the
 * item's PDF dictionary in `dictionary.data`, which its types do not show.
 */
export function pointOutlineAt(item: PDFKit.PDFOutline, anchor: string): void {
  const data = (item as unknown as { dictionary?: { data?: unknown } }).dictionary?.data;
  if (typeof data !== 'object' || data === null) throw internalsChanged('an outline item has no `dictionary.data`');
  (data as Record<string, unknown>)['Dest'] = pdfString(anchor);
}

/**
 * A PDF text string for a value pdfkit writes into a dictionary (a link's `Contents`, a `Dest`).
 * pdfkit 0.20.2 writes a JavaScript string as a PDF name (`/Read#20more`) and only a `String` object
 * as a text string (`(Read more)`), though its types ask for a `string`.
 */
export function pdfString(text: string): string {
  return new String(text) as unknown as string;
}

function internalsChanged(what: string): Error {
  return new Error(
    `pdfkit no longer has an internal the PDF renderer relies on: ${what}. It was written for pdfkit ${PDFKIT_VERSION}; ` +
      'review src/render/pdf/pdfkit-internals.ts against the installed pdfkit.',
  );
}
