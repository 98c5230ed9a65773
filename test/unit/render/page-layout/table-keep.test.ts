import { beforeAll, describe, expect, it } from 'vitest';
import { loadPdfFonts, type FontFaceFiles } from '../../../../src/load/fonts.js';
import { textRun, type FlowBlock } from '../../../../src/render/page-layout/layout-input.js';
import { layoutPages } from '../../../../src/render/page-layout/layout-pages.js';
import { documentTheme } from '../../../../src/render/page-layout/model-to-flow.js';

const NOTE = 'Supported-only-note';
let fonts: FontFaceFiles;
beforeAll(async () => {
  fonts = await loadPdfFonts();
});

/** The page each word is first drawn on. */
function pagesOf(blocks: readonly FlowBlock[]): Map<string, number> {
  const theme = documentTheme('#1F4E79').layout;
  const { laidOut } = layoutPages(blocks, { pageSize: 'A4', fonts: { main: fonts, fallback: fonts }, theme });
  const pages = new Map<string, number>();
  laidOut.pages.forEach((marks, page) => {
    for (const mark of marks) if (mark.kind === 'text' && !pages.has(mark.text)) pages.set(mark.text, page + 1);
  });
  return pages;
}

/** Filler lines, a four-row table whose last row reads LASTROW, then a note after it. */
function document(fillerLines: number, keepWithNext: boolean): FlowBlock[] {
  const filler: FlowBlock[] = Array.from({ length: fillerLines }, (_, i) => ({ kind: 'paragraph', runs: [textRun(`Filler ${i}`)] }));
  const row = (label: string) => [[textRun(label)], [textRun('A control title that fills the second column')]];
  return [
    ...filler,
    { kind: 'table', header: [[textRun('Control')], [textRun('Title')]], rows: [row('FIRST'), row('SECOND'), row('THIRD'), row('LASTROW')], align: ['left', 'left'], keepWithNext },
    { kind: 'paragraph', runs: [textRun(NOTE)] },
  ];
}

describe('a table that keeps with the next block', () => {
  it('never leaves the note after it alone on a page: its last row moves with it, the header repeated', () => {
    let moved = 0;
    for (let lines = 20; lines <= 60; lines++) {
      const pages = pagesOf(document(lines, true));
      expect(pages.get(NOTE), `${lines} filler lines`).toBe(pages.get('LASTROW'));
      if (pages.get('LASTROW') !== pages.get('FIRST')) moved++;
    }
    // Some of the placements put the page break inside the table: those are the cases the keep decides.
    expect(moved).toBeGreaterThan(0);
  });

  it('without the keep, some placement strands the note on a page of its own', () => {
    const stranded = Array.from({ length: 41 }, (_, i) => pagesOf(document(20 + i, false))).filter((pages) => pages.get(NOTE) !== pages.get('LASTROW'));
    expect(stranded.length).toBeGreaterThan(0);
  });
});
