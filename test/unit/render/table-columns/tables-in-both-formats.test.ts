import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { labelsFor } from '../../../../src/i18n/labels.js';
import { loadDocumentFonts } from '../../../../src/load/fonts.js';
import type { Block, DocumentModel, TableCell } from '../../../../src/model/document.js';
import type { DocxRenderOptions } from '../../../../src/render/docx/docx-render-options.js';
import { renderDocx } from '../../../../src/render/docx/render-docx.js';
import { layoutMeasure, type LayoutFonts } from '../../../../src/render/page-layout/font-metrics.js';
import { documentTheme } from '../../../../src/render/page-layout/model-to-flow.js';
import { renderPdf } from '../../../../src/render/pdf/render-pdf.js';
import { cellTypography, settledColumnWidths, type TextMeasure } from '../../../../src/render/table-columns/column-widths.js';
import { modelTableText, type TableBlock } from '../../../../src/render/table-columns/table-plan.js';

const cell = (value: string): TableCell => ({ children: [{ type: 'text', value }] });
const table = (header: string[], rows: string[][], extra: { wide?: boolean } = {}): Block => ({
  type: 'table',
  align: header.map(() => null),
  header: header.map(cell),
  rows: rows.map((row) => row.map(cell)),
  ...extra,
});
const paragraph = (value: string): Block => ({ type: 'paragraph', children: [{ type: 'text', value }] });

/** A policy with a narrow table of short labels and, in its own section, a wide one. */
function model(): DocumentModel {
  const labels = labelsFor('en');
  const section = (id: string, number: string, title: string, blocks: Block[]) => ({ id, number, level: 1 as const, title, module: id, kind: id, controls: [], blocks, sections: [] });
  return {
    modelVersion: 1,
    lang: 'en',
    labels,
    organisation: { id: 'acme', legalName: 'Acme Ltd', shortName: 'Acme', branding: { primaryColor: '#1F4E79', font: 'Carlito', pageSize: 'A4', logo: null } },
    policy: {
      id: 'p',
      title: 'Test Policy',
      version: '1.0.0',
      status: 'released',
      classification: 'internal',
      owner: { name: 'Ada', title: 'CISO', role: 'ciso' },
      approver: { name: 'Bob', title: 'CEO', role: 'ceo' },
      reviewIntervalMonths: 12,
      effectiveDate: '2025-01-01',
      nextReviewDate: '2026-01-01',
    },
    history: [{ version: '1.0.0', date: '2025-01-01', author: 'Ada', approver: 'Bob', summary: 'First' }],
    sections: [
      section('impact', '1', 'Impact', [
        table(['Impact level', 'People affected', 'Customers affected', 'Systems and services affected', 'Data involved'], [
          ['Extensive', 'The whole organisation or a whole site', 'Many customers', 'A critical service is unavailable', 'Confidential or restricted information'],
        ]),
      ]),
      section('soa', '2', 'Statement', [paragraph('Every control and its decision.'), table(['Control', 'Title', 'Applicable'], [['5.12', 'Classification of information', 'Yes']], { wide: true })]),
      section('after', '3', 'After', [paragraph('Back on a portrait page.')]),
    ],
    appendix: [],
  };
}

let measure: TextMeasure;
let fonts: LayoutFonts;
let docx: DocxRenderOptions;
beforeAll(async () => {
  const loaded = await loadDocumentFonts('Carlito');
  fonts = { main: loaded.faces, fallback: loaded.fallback };
  // The measure both formats size tables with: the pagination's (Carlito, DejaVu where it lacks a glyph).
  measure = layoutMeasure(fonts);
  docx = { timestamp: new Date(0), fonts: { ...fonts, name: loaded.name, embed: true } };
});

describe('Word tables', () => {
  it('are fixed-layout, with grid columns equal to the cell widths and none narrower than its longest word', async () => {
    const xml = strFromU8(unzipSync(await renderDocx(model(), docx))['word/document.xml']!);
    const tables = [...xml.matchAll(/<w:tbl>.*?<\/w:tbl>/gs)].map((m) => m[0]);
    expect(tables.length).toBeGreaterThanOrEqual(4);
    for (const t of tables) {
      expect(t).toContain('<w:tblLayout w:type="fixed"/>');
      const grid = [...t.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
      const firstRow = /<w:tr>.*?<\/w:tr>/s.exec(t)![0];
      expect([...firstRow.matchAll(/<w:tcW w:type="dxa" w:w="(\d+)"\/>/g)].map((m) => Number(m[1]))).toEqual(grid);
    }
    const impact = tables.find((t) => t.includes('Extensive'))!;
    const grid = [...impact.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    // "Extensive" at 9 pt plus 2 × 120 twips of cell margin; the old fixed shares gave it 448 twips.
    expect(grid[0]!).toBeGreaterThanOrEqual(Math.ceil(measure('Extensive', { bold: false, italic: false }, 9) * 20) + 240);
    expect(grid[0]!).toBeGreaterThan(900);
  });

  it('have the grid columns the pagination lays them out with (the Word contents is numbered from those tables)', async () => {
    const xml = strFromU8(unzipSync(await renderDocx(model(), docx))['word/document.xml']!);
    const impact = [...xml.matchAll(/<w:tbl>.*?<\/w:tbl>/gs)].map((m) => m[0]).find((t) => t.includes('Extensive'))!;
    const grid = [...impact.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    const table = documentTheme('#1F4E79').layout.table;
    const block = model().sections[0]!.blocks[0] as TableBlock;
    // What page-layout/table-layout.ts computes for the same table in the portrait text column (467.3 pt).
    const laidOut = settledColumnWidths(modelTableText(block), cellTypography(measure, table.size, table.paddingX), 467.3);
    expect(grid).toEqual(laidOut.map((w) => Math.round(w * 20)));
    expect(grid.reduce((a, b) => a + b, 0)).toBe(11906 - 2 * 1280);
  });

  it('sets a wide table in a landscape section (turned page, same margins, header and footer) and turns back', async () => {
    const xml = strFromU8(unzipSync(await renderDocx(model(), docx))['word/document.xml']!);
    const sections = [...xml.matchAll(/<w:sectPr>.*?<\/w:sectPr>/gs)].map((m) => m[0]);
    expect(sections).toHaveLength(3);
    const [before, landscape, after] = sections as [string, string, string];
    expect(landscape).toContain('<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>');
    expect(before).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    expect(after).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    const margins = (s: string) => /<w:pgMar [^>]*>/.exec(s)![0];
    expect(margins(landscape)).toBe(margins(before));
    for (const s of sections) expect(s).toMatch(/<w:headerReference w:type="default"[^>]*\/><w:footerReference w:type="default"/);
    // The landscape section holds the section's heading, its introduction and the table; "After" is portrait again.
    const landscapeBody = xml.slice(xml.indexOf(before) + before.length, xml.indexOf(landscape));
    expect(landscapeBody).toContain('Every control and its decision.');
    expect(landscapeBody).toContain('5.12');
    expect(landscapeBody).not.toContain('Back on a portrait page.');
    // The landscape table fills the wider text column: 16838 − 2 × 1280 twips.
    const wide = [...landscapeBody.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(wide).toBe(16838 - 2 * 1280);
  });
});

describe('a matrix whose headers do not fit whole even on a landscape page', () => {
  it('shows the abbreviations the model gives, with a legend under the table', async () => {
    const roles = ['Service desk', 'Incident manager', 'Resolver groups', 'Problem manager', 'Communications', 'Chief Information Security Officer', 'Chief Executive Officer', 'Data Protection Officer', 'Procurement', 'Legal counsel', 'Human resources', 'Facilities', 'Internal auditor', 'Supplier manager', 'Business continuity coordinator', 'Information owners'];
    const short = ['SD', 'IM', 'RG', 'PM', 'COM', 'CISO', 'CEO', 'DPO', 'PRO', 'LEG', 'HR', 'FAC', 'IA', 'SM', 'BCC', 'IO'];
    const matrix: Block = { ...table(['Activity', ...roles], [['Receive and log reports', ...roles.map(() => 'R')]]), abbreviations: [null, ...short] } as Block;
    const base = model();
    const withMatrix: DocumentModel = { ...base, sections: [{ ...base.sections[0]!, blocks: [matrix] }] };
    const xml = strFromU8(unzipSync(await renderDocx(withMatrix, docx))['word/document.xml']!);
    const found = [...xml.matchAll(/<w:tbl>.*?<\/w:tbl>/gs)].map((m) => m[0]).find((t) => t.includes('Receive and log'))!;
    const header = /<w:tr>.*?<\/w:tr>/s.exec(found)![0];
    for (const s of short) expect(header).toContain(`>${s}<`);
    expect(header).not.toContain('Chief Information Security Officer');
    expect(xml).toContain('SD = Service desk; IM = Incident manager; RG = Resolver groups');
    // Abbreviated, it fits the portrait column again: no landscape section.
    expect(xml).not.toContain('w:orient="landscape"');
  });
});

describe('PDF tables', () => {
  it('sets the same wide table on a landscape page and turns back', async () => {
    const bytes = await renderPdf(model(), { timestamp: new Date(0), fonts });
    const boxes = [...Buffer.from(bytes).toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => `${m[1]}x${m[2]}`);
    // Word's A4 in points (11906 × 16838 twips), turned for the landscape page.
    expect(boxes).toContain('841.9x595.3');
    expect(boxes[0]).toBe('595.3x841.9');
    expect(boxes.at(-1)).toBe('595.3x841.9');
    expect(boxes.filter((b) => b === '841.9x595.3')).toHaveLength(1);
  });
});
