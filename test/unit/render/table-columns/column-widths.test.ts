import { describe, expect, it } from 'vitest';
import type { Block, TableCell } from '../../../../src/model/document.js';
import { cellExtent, columnWidths, distribute, type TextMeasure } from '../../../../src/render/table-columns/column-widths.js';
import { approximateMeasure } from '../../../../src/render/table-columns/font-measure.js';
import { abbreviationLegend, planTable, plainTableText, sectionOrientations, shownHeader, type TableBlock } from '../../../../src/render/table-columns/table-plan.js';

/** Every character 1 unit wide at size 1, bold 1.5: widths are easy to read. */
const measure: TextMeasure = (text, face, size) => [...text].length * size * (face.bold ? 1.5 : 1);
const typography = { measure, headerSize: 1, bodySize: 1, padding: 2 };
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

const cell = (value: string): TableCell => ({ children: [{ type: 'text', value }] });
function table(header: string[], rows: string[][], extra: Partial<TableBlock> = {}): TableBlock {
  return { type: 'table', align: header.map(() => null), header: header.map(cell), rows: rows.map((row) => row.map(cell)), ...extra };
}

describe('cellExtent', () => {
  it('takes the longest word as the minimum and the longest line as the maximum', () => {
    expect(cellExtent([{ text: 'an Extensive impact', bold: false, italic: false }], measure, 1)).toEqual({ minimum: 9, maximum: 19 });
  });

  it('joins a word across runs of different styles, and a line break ends a line', () => {
    const runs = [
      { text: 'ab', bold: true, italic: false },
      { text: 'cd ef\nghijk', bold: false, italic: false },
    ];
    // "ab" bold (3) + "cd" (2) is one word of 5; the first line "abcd ef" is 3 + 2 + 1 + 2 = 8, the second "ghijk" 5.
    expect(cellExtent(runs, measure, 1)).toEqual({ minimum: 5, maximum: 8 });
  });

  it('keeps words joined by a no-break space together', () => {
    expect(cellExtent([{ text: 'Art.\u00A033 x', bold: false, italic: false }], measure, 1).minimum).toBe(7);
  });
});

describe('columnWidths', () => {
  it('makes no column narrower than its longest word plus padding, header words at the header size and weight', () => {
    const text = plainTableText(['Impact level', 'Meaning'], [['Extensive', 'The whole organisation is affected, or a risk to health and safety, and much more text here']]);
    text.header.forEach((runs) => runs.forEach((run) => Object.assign(run, { bold: true })));
    const result = columnWidths(text, typography, 40);
    expect(result.fits).toBe(true);
    // "Extensive" 9 in the body; "Impact" 6 × 1.5 = 9 in the bold header; plus 2 padding.
    expect(result.minimum[0]).toBe(11);
    expect(result.widths[0]).toBeGreaterThanOrEqual(11);
    expect(result.minimum[1]).toBe('organisation'.length + 2);
    expect(sum(result.widths)).toBeCloseTo(40, 6);
  });

  it('shares the room above the minimums in proportion to how much more each column needs', () => {
    // Column 0: min 4, max 4 (one word); column 1: min 4, max 4+1+4+1+4 = 14 (+2 padding each).
    const result = columnWidths(plainTableText(['aaaa', 'bbbb cccc dddd'], []), typography, 16);
    expect(result.minimum).toEqual([6, 6]);
    expect(result.maximum).toEqual([6, 16]);
    // Column 0 needs nothing more; column 1 gets all 4 spare units.
    expect(result.widths).toEqual([6, 10]);
  });

  it('gives spare room in proportion to the content when everything fits on one line', () => {
    const result = columnWidths(plainTableText(['ab', 'abcdef'], []), typography, 40);
    expect(result.maximum).toEqual([4, 8]);
    expect(result.widths[1]! / result.widths[0]!).toBeCloseTo(2, 6);
    expect(sum(result.widths)).toBeCloseTo(40, 6);
  });

  it('says when the minimum widths do not fit', () => {
    const result = columnWidths(plainTableText(['Confidential', 'Restricted', 'Internal'], []), typography, 30);
    expect(result.fits).toBe(false);
    expect(result.widths).toEqual(result.minimum);
  });

  it('distribute keeps the total', () => {
    expect(sum(distribute([1, 2, 3], [10, 2, 30], 20))).toBeCloseTo(20, 9);
  });
});

describe('planTable (orientation and abbreviations, for every format)', () => {
  it('keeps a table whose longest words fit the portrait column portrait', () => {
    expect(planTable(table(['Level', 'Meaning'], [['Extensive', 'A long explanation of what the level means']]), approximateMeasure, 'A4')).toEqual({ orientation: 'portrait', abbreviated: false });
  });

  it('sets a table whose longest words do not fit the portrait column on landscape pages', () => {
    const roles = ['Communications', 'Information', 'Administration', 'Responsibilities', 'Accountability', 'Notification'];
    const wide = table(['Activity', ...roles], [['Receive and log reports', ...roles.map(() => 'R')]]);
    expect(planTable(wide, approximateMeasure, 'A4')).toEqual({ orientation: 'landscape', abbreviated: false });
  });

  it('sets a table the model marks wide on landscape pages even when it would fit', () => {
    expect(planTable(table(['Control', 'Title'], [['5.1', 'Policies']], { wide: true }), approximateMeasure, 'A4').orientation).toBe('landscape');
  });

  it('abbreviates headers that do not fit even a landscape page, with a legend', () => {
    const roles = Array.from({ length: 10 }, (_, i) => `Responsibility${i}`);
    const matrix = table(['Activity', ...roles], [['Log', ...roles.map(() => 'R')]], { abbreviations: [null, ...roles.map((_, i) => `R${i}`)] });
    const plan = planTable(matrix, approximateMeasure, 'A4');
    expect(plan.abbreviated).toBe(true);
    expect(shownHeader(matrix, true).map((c) => (c.children[0] as { value: string }).value)).toEqual(['Activity', ...roles.map((_, i) => `R${i}`)]);
    expect(abbreviationLegend(matrix)).toMatch(/^R0 = Responsibility0; R1 = Responsibility1; /);
    // Without abbreviations it can only go landscape, and stays whole-headed.
    expect(planTable({ ...matrix, abbreviations: undefined } as unknown as TableBlock, approximateMeasure, 'A4')).toEqual({ orientation: 'landscape', abbreviated: false });
  });

  it('takes a wide table\'s introduction, and the heading when they open the section, onto the landscape pages', () => {
    const wide = table(['Control'], [['x']], { wide: true });
    const para: Block = { type: 'paragraph', children: [{ type: 'text', value: 'Intro' }] };
    const plan = (t: TableBlock) => planTable(t, approximateMeasure, 'A4');
    expect(sectionOrientations({ blocks: [para, para, wide, para] }, plan)).toEqual({ heading: 'landscape', blocks: ['landscape', 'landscape', 'landscape', 'portrait'] });
    const narrow = table(['a'], [['b']]);
    expect(sectionOrientations({ blocks: [narrow, para, wide] }, plan)).toEqual({ heading: 'portrait', blocks: ['portrait', 'landscape', 'landscape'] });
  });
});
