import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { inflateSync } from 'node:zlib';

/** The bytes of the four TrueType faces of one font family, by face. */
export interface FontFaceFiles {
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
  readonly italic: Uint8Array;
  readonly boldItalic: Uint8Array;
}

/** The fonts of a document: the branding font (TrueType, embeddable) and the fallback for what it lacks. */
export interface DocumentFontFiles {
  /** The family name written into the Word styles and font table: the branding font as named. */
  readonly name: string;
  /** Whether `faces` are that family (embedded in Word); otherwise they are Carlito, which the PDF uses instead. */
  readonly embeddable: boolean;
  readonly faces: FontFaceFiles;
  /** DejaVu Sans Condensed: drawn in the PDF for characters the branding font has no glyph for. */
  readonly fallback: FontFaceFiles;
}

/** The npm package the fallback fonts come from (never a system font, so every machine embeds the same). */
export const PDF_FONT_PACKAGE = 'dejavu-fonts-ttf';

/** The npm package the default branding font comes from. */
export const BRANDING_FONT_PACKAGE = '@fontsource/carlito';

/**
 * The branding fonts policymark can embed, by lower-case name: Carlito (OFL, metric-compatible with
 * Calibri) from npm. Any other name is written into the Word styles but embedded nowhere.
 */
export const EMBEDDABLE_FONTS: ReadonlyMap<string, string> = new Map([['carlito', 'Carlito']]);

/** The font a document is laid out and embedded with when its branding font cannot be embedded. */
export const DEFAULT_BRANDING_FONT = 'Carlito';

/**
 * DejaVu Sans Condensed: TrueType, with Latin-1, Latin Extended-A and more (å ä ö é ü ł ő ...), and
 * narrow enough for tables.
 */
const FALLBACK_FILES: Readonly<Record<keyof FontFaceFiles, string>> = {
  regular: 'DejaVuSansCondensed.ttf',
  bold: 'DejaVuSansCondensed-Bold.ttf',
  italic: 'DejaVuSansCondensed-Oblique.ttf',
  boldItalic: 'DejaVuSansCondensed-BoldOblique.ttf',
};

/**
 * Carlito's Latin subset from @fontsource/carlito: Basic Latin, Latin-1 (å ä ö é ü), general
 * punctuation (– — ‘ ’ “ ” …), € and ™. The package ships one file per Unicode range; one sfnt cannot
 * be merged from several without rebuilding its glyph tables, so the Latin one is embedded and the
 * PDF draws anything else (ł ő, Greek, Cyrillic) in the fallback font.
 */
const CARLITO_FILES: Readonly<Record<keyof FontFaceFiles, string>> = {
  regular: 'carlito-latin-400-normal.woff',
  bold: 'carlito-latin-700-normal.woff',
  italic: 'carlito-latin-400-italic.woff',
  boldItalic: 'carlito-latin-700-italic.woff',
};

/** The fallback faces the PDF renderer embeds, read once per process. */
export function loadPdfFonts(): Promise<FontFaceFiles> {
  fallback ??= readFaces(PDF_FONT_PACKAGE, 'ttf', FALLBACK_FILES, (bytes) => bytes);
  return fallback;
}
let fallback: Promise<FontFaceFiles> | undefined;

/**
 * The fonts of a document whose branding names `brandingFont`: that font when policymark can embed
 * it, else Carlito (validation warns at `branding.font`), with DejaVu as the fallback. Read once per
 * process, so the renderers' parsed fonts are shared by every document.
 */
export async function loadDocumentFonts(brandingFont: string): Promise<DocumentFontFiles> {
  const known = EMBEDDABLE_FONTS.get(brandingFont.trim().toLowerCase());
  carlito ??= readFaces(BRANDING_FONT_PACKAGE, 'files', CARLITO_FILES, woffToSfnt);
  const [faces, fallbackFaces] = await Promise.all([carlito, loadPdfFonts()]);
  const name = known ?? (brandingFont.trim() === '' ? DEFAULT_BRANDING_FONT : brandingFont);
  return { name, embeddable: known !== undefined || brandingFont.trim() === '', faces, fallback: fallbackFaces };
}
let carlito: Promise<FontFaceFiles> | undefined;

async function readFaces(
  packageName: string,
  folderName: string,
  files: Readonly<Record<keyof FontFaceFiles, string>>,
  decode: (bytes: Uint8Array) => Uint8Array,
): Promise<FontFaceFiles> {
  const require = createRequire(import.meta.url);
  const folder = path.join(path.dirname(require.resolve(`${packageName}/package.json`)), folderName);
  const read = async (file: string): Promise<Uint8Array> => decode(new Uint8Array(await readFile(path.join(folder, file))));
  const [regular, bold, italic, boldItalic] = await Promise.all([read(files.regular), read(files.bold), read(files.italic), read(files.boldItalic)]);
  return { regular, bold, italic, boldItalic };
}

/**
 * Unpacks a WOFF 1.0 file into the TrueType (sfnt) font it wraps: the same tables, each inflated
 * where WOFF stored it zlib-compressed, behind a new table directory. Word embeds TrueType only.
 */
export function woffToSfnt(woff: Uint8Array): Uint8Array {
  const view = new DataView(woff.buffer, woff.byteOffset, woff.byteLength);
  if (view.getUint32(0) !== 0x774f4646) throw new Error('woffToSfnt: not a WOFF 1.0 file');
  const flavor = view.getUint32(4);
  const numTables = view.getUint16(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const tag = view.getUint32(at);
    const offset = view.getUint32(at + 4);
    const compLength = view.getUint32(at + 8);
    const origLength = view.getUint32(at + 12);
    const checksum = view.getUint32(at + 16);
    const stored = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? new Uint8Array(inflateSync(stored)) : stored;
    if (data.length !== origLength) throw new Error('woffToSfnt: a table does not inflate to its stated length');
    return { tag, checksum, data };
  });
  const headerLength = 12 + 16 * numTables;
  const total = tables.reduce((n, t) => n + ((t.data.length + 3) & ~3), headerLength);
  const out = new Uint8Array(total);
  const sfnt = new DataView(out.buffer);
  let power = 1;
  let log = 0;
  while (power * 2 <= numTables) {
    power *= 2;
    log += 1;
  }
  sfnt.setUint32(0, flavor);
  sfnt.setUint16(4, numTables);
  sfnt.setUint16(6, power * 16);
  sfnt.setUint16(8, log);
  sfnt.setUint16(10, numTables * 16 - power * 16);
  let offset = headerLength;
  tables.forEach((table, i) => {
    const at = 12 + i * 16;
    sfnt.setUint32(at, table.tag);
    sfnt.setUint32(at + 4, table.checksum);
    sfnt.setUint32(at + 8, offset);
    sfnt.setUint32(at + 12, table.data.length);
    out.set(table.data, offset);
    offset += (table.data.length + 3) & ~3;
  });
  return out;
}
