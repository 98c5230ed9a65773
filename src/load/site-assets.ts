import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** A web font face the site ships. */
export interface SiteFontFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly weight: 400 | 700;
  readonly style: 'normal' | 'italic';
}

/** What the static site ships besides its pages: the search library's browser build and the web fonts. */
export interface SiteAssets {
  /** MiniSearch's UMD build (it defines `window.MiniSearch`), without its source-map comment. */
  readonly searchLibrary: string;
  /** Carlito's Latin faces as WOFF2 (Basic Latin, Latin-1: å ä ö), from @fontsource/carlito. */
  readonly fonts: readonly SiteFontFile[];
  readonly fontName: string;
}

const FACES: readonly { file: string; weight: 400 | 700; style: 'normal' | 'italic' }[] = [
  { file: 'carlito-latin-400-normal.woff2', weight: 400, style: 'normal' },
  { file: 'carlito-latin-700-normal.woff2', weight: 700, style: 'normal' },
  { file: 'carlito-latin-400-italic.woff2', weight: 400, style: 'italic' },
  { file: 'carlito-latin-700-italic.woff2', weight: 700, style: 'italic' },
];

/** Reads the site's assets from the installed packages (never from the network, never a system font). */
export async function loadSiteAssets(): Promise<SiteAssets> {
  const require = createRequire(import.meta.url);
  const minisearch = path.join(path.dirname(require.resolve('minisearch')), '..', 'umd', 'index.js');
  const fontFolder = path.join(path.dirname(require.resolve('@fontsource/carlito/package.json')), 'files');
  // The source map is not shipped, so its comment would make a browser's developer tools ask for a missing file.
  const searchLibrary = (await readFile(minisearch, 'utf8')).replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  const fonts = await Promise.all(FACES.map(async (face) => ({ name: face.file, bytes: new Uint8Array(await readFile(path.join(fontFolder, face.file))), weight: face.weight, style: face.style })));
  return { searchLibrary, fonts, fontName: 'Carlito' };
}
