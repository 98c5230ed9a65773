import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The bytes of the four TrueType faces of the PDF, by face. */
export interface PdfFontFiles {
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
  readonly italic: Uint8Array;
  readonly boldItalic: Uint8Array;
}

/** The npm package the PDF fonts come from (never a system font, so every machine embeds the same). */
export const PDF_FONT_PACKAGE = 'dejavu-fonts-ttf';

/**
 * DejaVu Sans Condensed: TrueType, with Latin-1, Latin Extended-A and more (å ä ö é ü ł ő ...), and
 * narrow enough for tables.
 */
const FONT_FILES: Readonly<Record<keyof PdfFontFiles, string>> = {
  regular: 'DejaVuSansCondensed.ttf',
  bold: 'DejaVuSansCondensed-Bold.ttf',
  italic: 'DejaVuSansCondensed-Oblique.ttf',
  boldItalic: 'DejaVuSansCondensed-BoldOblique.ttf',
};

/**
 * The four TrueType faces the PDF renderer embeds, read once per process: the same bytes for every
 * document, so that the renderer's parsed fonts are shared too.
 */
export function loadPdfFonts(): Promise<PdfFontFiles> {
  loaded ??= readPdfFonts();
  return loaded;
}
let loaded: Promise<PdfFontFiles> | undefined;

async function readPdfFonts(): Promise<PdfFontFiles> {
  const require = createRequire(import.meta.url);
  const folder = path.join(path.dirname(require.resolve(`${PDF_FONT_PACKAGE}/package.json`)), 'ttf');
  const read = async (file: string): Promise<Uint8Array> => new Uint8Array(await readFile(path.join(folder, file)));
  const [regular, bold, italic, boldItalic] = await Promise.all([
    read(FONT_FILES.regular),
    read(FONT_FILES.bold),
    read(FONT_FILES.italic),
    read(FONT_FILES.boldItalic),
  ]);
  return { regular, bold, italic, boldItalic };
}
