import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadPdfFonts, type FontFaceFiles } from '../../../../src/load/fonts.js';
import { parsedFont } from '../../../../src/render/page-layout/fontkit-internals.js';
import { pdfString, pointOutlineAt, PDFKIT_VERSION, registerParsedFont, shareLayoutCache } from '../../../../src/render/pdf/pdfkit-internals.js';

let fonts: FontFaceFiles;

beforeAll(async () => {
  fonts = await loadPdfFonts();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A document set up the way the layout engine sets one up, with the regular face selected. */
function documentWithRegularFace(options: PDFKit.PDFDocumentOptions = {}): PDFKit.PDFDocument {
  const doc = new PDFDocument({ autoFirstPage: false, ...options });
  registerParsedFont(doc, 'regular', fonts.regular);
  doc.font('regular').fontSize(10);
  shareLayoutCache(doc);
  return doc;
}

/** The finished bytes of a document, as Latin-1 text (dictionaries are not compressed). */
function finish(doc: PDFKit.PDFDocument): Promise<string> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    doc.on('error', reject);
    doc.end();
  });
}

describe('pdfkit internals', () => {
  it('were written for the installed pdfkit', () => {
    // pdfkit's exports hide its package.json; it sits one folder above the CommonJS entry.
    const entry = createRequire(import.meta.url).resolve('pdfkit');
    const installed = (JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
    expect(installed).toBe(PDFKIT_VERSION);
  });

  it('parse each face once: pdfkit sets the text of every document with the one fontkit font', () => {
    expect(parsedFont(fonts.regular)).toBe(parsedFont(fonts.regular));
    const shape = vi.spyOn(parsedFont(fonts.regular), 'layout');
    documentWithRegularFace().widthOfString('Ångström');
    expect(shape).toHaveBeenCalledTimes(1);
    documentWithRegularFace().widthOfString('Öresund');
    expect(shape).toHaveBeenCalledTimes(2);
  });

  it('share the layout cache: a word shaped in one document is not shaped again in the next', () => {
    const shape = vi.spyOn(parsedFont(fonts.regular), 'layout');
    const first = documentWithRegularFace();
    const width = first.widthOfString('Kestrel-shared-cache');
    expect(shape).toHaveBeenCalledTimes(1);
    const second = documentWithRegularFace();
    expect(second.widthOfString('Kestrel-shared-cache')).toBe(width);
    expect(shape).toHaveBeenCalledTimes(1);
    // The control: a word new to the cache is shaped, so the spy does see pdfkit's calls.
    second.widthOfString('Kestrel-new-word');
    expect(shape).toHaveBeenCalledTimes(2);
  });

  it('refuse to run without the layout cache rather than quietly shape every word again', () => {
    expect(() => documentWithRegularFace({ fontLayoutCache: false })).toThrow(`pdfkit ${PDFKIT_VERSION}`);
  });

  it('point a bookmark at a named destination through the outline dictionary', async () => {
    const doc = documentWithRegularFace();
    doc.addPage();
    doc.addNamedDestination('h7', 'XYZ', null, 100, null);
    pointOutlineAt(doc.outline.addItem('Scope'), 'h7');
    const raw = await finish(doc);
    expect(raw).toMatch(/\/Title \(Scope\)[^]*?\/Dest \(h7\)|\/Dest \(h7\)[^]*?\/Title \(Scope\)/);
  });

  it('write a link description as a PDF text string, not as a name', async () => {
    const doc = documentWithRegularFace();
    doc.addPage();
    doc.link(10, 10, 50, 12, 'https://example.org/', { Contents: pdfString('Read more') });
    const raw = await finish(doc);
    expect(raw).toContain('/Contents (Read more)');
  });
});
