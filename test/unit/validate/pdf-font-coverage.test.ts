import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PDF_FONT_PACKAGE } from '../../../src/load/fonts.js';
import { PDF_FONT_COVERAGE, pdfFontDraws } from '../../../src/validate/rules/pdf-font-coverage.js';

/** fontkit (pdfkit's font parser) has no type declarations; this is the one call the test makes. */
const fontkit = createRequire(import.meta.url)('fontkit') as { create(bytes: Buffer): { characterSet?: number[] } };

const FACES = ['DejaVuSansCondensed.ttf', 'DejaVuSansCondensed-Bold.ttf', 'DejaVuSansCondensed-Oblique.ttf', 'DejaVuSansCondensed-BoldOblique.ttf'];

/** The code points every face of the PDF font has a glyph for, as ranges. */
function coverageOfFontFiles(): [number, number][] {
  const folder = path.join(path.dirname(createRequire(import.meta.url).resolve(`${PDF_FONT_PACKAGE}/package.json`)), 'ttf');
  const sets = FACES.map((file) => {
    const font = fontkit.create(readFileSync(path.join(folder, file)));
    if (!font.characterSet) throw new Error(`${file} has no character set`);
    return new Set(font.characterSet);
  });
  const every = [...sets[0]!].filter((code) => sets.every((set) => set.has(code))).sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  for (const code of every) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === code - 1) last[1] = code;
    else ranges.push([code, code]);
  }
  return ranges;
}

describe('the PDF font coverage table of the text rule', () => {
  it('is what the embedded font files draw (regenerate the table from this test when the fonts change)', () => {
    expect(PDF_FONT_COVERAGE.map(([a, b]) => [a, b])).toEqual(coverageOfFontFiles());
  });

  it('draws Latin, Swedish and typographic punctuation; not CJK, Hangul or emoji', () => {
    for (const character of 'Aåäöé–—“”€') expect(pdfFontDraws(character.codePointAt(0)!), character).toBe(true);
    for (const character of '株에🏭') expect(pdfFontDraws(character.codePointAt(0)!), character).toBe(false);
  });
});
