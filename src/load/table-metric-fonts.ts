import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadPdfFonts } from './fonts.js';

/** The files of one typeface by face, each face in one or more files (Unicode subsets). */
export interface MetricTypeface {
  readonly regular: readonly Uint8Array[];
  readonly bold: readonly Uint8Array[];
  readonly italic: readonly Uint8Array[];
  readonly boldItalic: readonly Uint8Array[];
}

/** The npm package of Carlito, the default branding font of Word documents (Calibri's metrics). */
const CARLITO_PACKAGE = '@fontsource/carlito';
/** Carlito's subsets that hold the Latin letters the supported languages use. */
const CARLITO_SUBSETS = ['latin', 'latin-ext'] as const;

/**
 * The typefaces tables are measured with, so that a column is as wide as its longest word in every
 * format: Carlito (Word's default branding font) and DejaVu Sans Condensed (the PDF's). Read once per
 * process.
 */
export function loadTableMetricFonts(): Promise<readonly MetricTypeface[]> {
  loaded ??= readTableMetricFonts();
  return loaded;
}
let loaded: Promise<readonly MetricTypeface[]> | undefined;

async function readTableMetricFonts(): Promise<readonly MetricTypeface[]> {
  const require = createRequire(import.meta.url);
  const folder = path.join(path.dirname(require.resolve(`${CARLITO_PACKAGE}/package.json`)), 'files');
  const face = (weight: 400 | 700, style: 'normal' | 'italic'): Promise<Uint8Array[]> =>
    Promise.all(CARLITO_SUBSETS.map(async (subset) => new Uint8Array(await readFile(path.join(folder, `carlito-${subset}-${weight}-${style}.woff`)))));
  const [regular, bold, italic, boldItalic, pdf] = await Promise.all([face(400, 'normal'), face(700, 'normal'), face(400, 'italic'), face(700, 'italic'), loadPdfFonts()]);
  return [
    { regular, bold, italic, boldItalic },
    { regular: [pdf.regular], bold: [pdf.bold], italic: [pdf.italic], boldItalic: [pdf.boldItalic] },
  ];
}
