import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadPdfFonts, type FontFaceFiles } from '../../../../src/load/fonts.js';
import { FontMetrics } from '../../../../src/render/page-layout/font-metrics.js';
import { parsedFont } from '../../../../src/render/page-layout/fontkit-internals.js';
import type { LayoutTheme } from '../../../../src/render/page-layout/layout-input.js';
import { LineBreaker } from '../../../../src/render/page-layout/line-breaking.js';
import { FIT } from '../../../../src/render/page-layout/page-geometry.js';

let fonts: FontFaceFiles;
beforeAll(async () => {
  fonts = await loadPdfFonts();
});

/** A line breaker with fresh metrics, and the number of characters the metrics have been asked to measure. */
function breaker(): { lines: LineBreaker; metrics: FontMetrics; measured: () => number } {
  const metrics = new FontMetrics({ main: fonts, fallback: fonts });
  // Measurements that reach the font (the metrics cache the rest).
  const measure = vi.spyOn(parsedFont(fonts.regular), 'layout');
  // codeLines never reads the theme (only the colours of styled runs come from it).
  const lines = new LineBreaker(metrics, {} as LayoutTheme);
  return { lines, metrics, measured: () => measure.mock.calls.reduce((n, [text]) => n + String(text).length, 0) };
}

function longWord(length: number): string {
  let word = '';
  for (let i = 0; word.length < length; i++) word += `${'abcdefghijklmnopqrstuvwxyz'.slice(0, 5 + (i % 20))}${i % 9 === 0 ? '/' : ''}`;
  return word.slice(0, length);
}

describe('LineBreaker, a word longer than the line', () => {
  it('is cut into pieces that fit, in order, measuring each character about a constant number of times', () => {
    const { lines, metrics, measured } = breaker();
    const word = longWord(20_000);
    const broken = lines.codeLines(word, 300, 9, '#000000');
    expect(broken.length).toBeGreaterThan(100);
    expect(broken.map((line) => line.segments.map((s) => s.text).join('')).join('')).toBe(word);
    for (const line of broken) {
      expect(line.width).toBeLessThanOrEqual(300 + FIT);
      for (const segment of line.segments) expect(segment.width).toBe(metrics.measure(segment.text, segment.font, 9));
    }
    // Before: the rest of the word was measured again at every line, some 2,000,000 characters in all.
    expect(measured()).toBeLessThan(4 * word.length);
  });

  it('cuts after a slash or the like when one is far enough along the line', () => {
    const { lines } = breaker();
    const broken = lines.codeLines(longWord(2_000), 300, 9, '#000000').map((line) => line.segments.map((s) => s.text).join(''));
    expect(broken.slice(0, -1).filter((text) => text.endsWith('/')).length).toBeGreaterThan(5);
  });
});
