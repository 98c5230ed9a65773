import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelsFor } from '../src/i18n/labels.js';
import { loadDocumentFonts } from '../src/load/fonts.js';
import type { LayoutFonts } from '../src/render/page-layout/font-metrics.js';
import type { Block, DocumentModel, Inline, Section } from '../src/model/document.js';
import type { PdfRenderOptions } from '../src/render/pdf/pdf-render-options.js';
import { renderPdf } from '../src/render/pdf/render-pdf.js';
import { requireTool as toolAvailable, runTool } from './support/external-tools.js';

const SWEDISH = 'Ärendet åtgärdas: växel, Łódź, Müller, café';
const VERBATIM = '{{constructor}} # <b>x</b> | [a](b)';
const LONG_URL = 'https://intranet.example.com/security/incident-management/runbooks/2025/escalation-matrix-and-contact-list?version=current&format=pdf';
const TIMESTAMP = new Date('2025-03-01T00:00:00Z');

const text = (value: string): Inline => ({ type: 'text', value });
const paragraph = (...children: Inline[]): Block => ({ type: 'paragraph', children });
const cell = (value: string): { children: Inline[] } => ({ children: [text(value)] });

function section(number: string, title: string, blocks: Block[], sections: Section[] = [], controls: Section['controls'] = []): Section {
  const level = number.split('.').length as Section['level'];
  return { id: `s-${number}`, number, level, title, module: `m${number.split('.')[0]}`, controls, blocks, sections };
}

const filler = (n: number): Block =>
  paragraph(text(`Paragraph ${n}. Staff report suspected incidents without delay, record what they observed, and preserve evidence. `.repeat(3).trim()));

/** A model that exercises every block type, pagination and the characters that must survive. */
function testModel(lang: 'en' | 'sv' = 'en', overrides: Partial<DocumentModel['organisation']['branding']> = {}): DocumentModel {
  const longTable: Block = {
    type: 'table',
    align: ['left', 'left', 'right'],
    header: [cell('Asset'), cell('Handling rule'), cell('Hours')],
    rows: Array.from({ length: 70 }, (_, i) => [
      cell(`row${i}start`),
      cell(i % 7 === 3 ? 'A longer rule that wraps over several lines in its cell so that the row is taller than its neighbours and must move whole to the next page.' : `Rule ${i}`),
      cell(`row${i}end`),
    ]),
  };
  return {
    modelVersion: 1,
    lang,
    labels: labelsFor(lang),
    organisation: {
      id: 'acme',
      legalName: 'Acme Widgets Łódź AB',
      shortName: 'Acme',
      branding: { primaryColor: '#1F4E79', font: 'Carlito', pageSize: 'A4', logo: null, ...overrides },
    },
    policy: {
      id: 'incident-management',
      title: 'Incident Management Policy',
      version: 'draft',
      status: 'draft',
      classification: 'internal',
      owner: { name: 'Ada Lovelace', title: 'Chief Information Security Officer', role: 'ciso' },
      approver: { name: 'Bob Hope', title: 'Chief Executive Officer', role: 'ceo' },
      reviewIntervalMonths: 12,
      effectiveDate: null,
      nextReviewDate: null,
    },
    history: [{ version: 'draft', date: null, author: 'Ada Lovelace', approver: null, summary: 'Working draft' }],
    sections: [
      section('1', 'Purpose and scope', [
        paragraph(text(SWEDISH)),
        paragraph(text(VERBATIM)),
        paragraph(
          text('Incidents are logged in '),
          { type: 'strong', children: [text('ServiceNow')] },
          text(', described in '),
          { type: 'emphasis', children: [text('the runbook')] },
          text(' and tagged '),
          { type: 'code', value: 'SEC-INC' },
          text('. See '),
          { type: 'link', url: LONG_URL, children: [text(LONG_URL)] },
          text(' for the escalation list, which '),
          { type: 'strong', children: [{ type: 'emphasis', children: [text('must')] }] },
          text(' be kept current.'),
        ),
        {
          type: 'list',
          ordered: false,
          items: [
            { children: [paragraph(text('the service desk'))] },
            {
              children: [
                paragraph(text('the security team, which triages every report within one hour and keeps the reporter informed until the incident is closed')),
                { type: 'list', ordered: true, items: [{ children: [paragraph(text('by phone'))] }, { children: [paragraph(text('by e-mail'))] }] },
              ],
            },
          ],
        },
      ]),
      section('2', 'Roles and responsibilities', [filler(1), filler(2)], [
        section('2.1', 'Priorities', [longTable]),
        section('2.2', 'Escalation', [filler(3)], [section('2.2.1', 'Out of hours', [filler(4), { type: 'quote', children: [filler(5)] }])]),
      ]),
      section('3', 'Evidence', [{ type: 'codeBlock', value: 'collect --host srv01 --out /evidence/case-42\nsha256sum /evidence/case-42/*' }, { type: 'rule' }, ...[6, 7, 8, 9, 10, 11, 12, 13].map(filler)]),
      section('4', 'Review', [filler(14)]),
    ],
    appendix: [
      {
        framework: 'iso27001',
        name: 'ISO/IEC 27001:2022',
        controls: [
          { id: '5.24', title: 'Information security incident management planning and preparation', sections: [{ number: '1', title: 'Purpose and scope' }] },
          { id: '5.26', title: 'Response to information security incidents', sections: [{ number: '2', title: 'Roles and responsibilities' }, { number: '2.2', title: 'Escalation' }] },
        ],
      },
      { framework: 'gdpr', name: 'GDPR', controls: [{ id: 'Art. 33(1)', title: 'Notification of a personal data breach', sections: [{ number: '3', title: 'Evidence' }] }] },
    ],
  };
}

/** Headings as the Markdown renderer writes them, in document order. */
function headingTexts(model: DocumentModel): string[] {
  const sections = (list: readonly Section[]): string[] => list.flatMap((s) => [`${s.number} ${s.title}`, ...sections(s.sections)]);
  return [
    model.policy.title,
    model.labels.documentControl,
    model.labels.versionHistory,
    model.labels.contents,
    ...sections(model.sections),
    `${model.labels.appendix} A: ${model.labels.controlMapping}`,
    ...model.appendix.map((f) => f.name),
  ];
}

interface OutlineNode {
  title: string;
  kids: OutlineNode[];
}

/** The bookmark tree the model calls for: every heading below the title, nested like the sections. */
function expectedOutline(model: DocumentModel): OutlineNode[] {
  const sections = (list: readonly Section[]): OutlineNode[] => list.map((s) => ({ title: `${s.number} ${s.title}`, kids: sections(s.sections) }));
  return [
    { title: model.labels.documentControl, kids: [] },
    { title: model.labels.versionHistory, kids: [] },
    { title: model.labels.contents, kids: [] },
    ...sections(model.sections),
    { title: `${model.labels.appendix} A: ${model.labels.controlMapping}`, kids: model.appendix.map((f) => ({ title: f.name, kids: [] })) },
  ];
}

/** A valid 2x1 PNG, built here so the test needs no image file. */
function tinyPng(): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer): number => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const pixels = deflateSync(Buffer.from([0, 0x1f, 0x4e, 0x79, 0xff, 0xff, 0xff]));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

let fonts: LayoutFonts;
let dir: string;
let enModel: DocumentModel;
let enBytes: Uint8Array;
let enFile: string;

beforeAll(async () => {
  const loaded = await loadDocumentFonts('Carlito');
  fonts = { main: loaded.faces, fallback: loaded.fallback };
  dir = mkdtempSync(path.join(tmpdir(), 'policymark-pdf-'));
  enModel = testModel('en');
  enBytes = await renderPdf(enModel, { timestamp: TIMESTAMP, fonts });
  enFile = path.join(dir, 'en.pdf');
  writeFileSync(enFile, enBytes);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

describe('renderPdf', () => {
  it('writes a PDF 1.7 file', () => {
    expect(latin1(enBytes.subarray(0, 8))).toBe('%PDF-1.7');
    expect(latin1(enBytes.subarray(-6)).trim()).toBe('%%EOF');
  });

  it('is deterministic: the same model and context give the same bytes', async () => {
    const again = await renderPdf(testModel('en'), { timestamp: TIMESTAMP, fonts });
    expect(sha256(again)).toBe(sha256(enBytes));
    const later = await renderPdf(testModel('en'), { timestamp: new Date('2026-01-01T00:00:00Z'), fonts });
    expect(sha256(later)).not.toBe(sha256(enBytes));
  });

  it('cannot be called without fonts, so that no text falls back to an unembedded font', () => {
    // Checked by the type checker (`npm run typecheck`): the options type requires the fonts.
    // @ts-expect-error fonts are missing
    const withoutFonts: PdfRenderOptions = { timestamp: TIMESTAMP };
    expect(withoutFonts).not.toHaveProperty('fonts');
  });

  it('makes links clickable', () => {
    const raw = latin1(enBytes);
    expect(raw).toContain(`/URI (${LONG_URL})`);
    expect(raw).toMatch(/\/Subtype \/Link/);
  });
});

describe.skipIf(!toolAvailable('qpdf'))('renderPdf, checked by qpdf', () => {
  it('passes qpdf --check', () => {
    expect(runTool('qpdf', ['--check', enFile])).toContain('No syntax or stream encoding errors found');
  });

  it('has bookmarks that mirror the heading tree, each pointing at its heading', () => {
    const json = JSON.parse(runTool('qpdf', ['--json', '--json-key=outlines', enFile])) as { outlines: (OutlineNode & { dest: unknown })[] };
    const strip = (nodes: readonly OutlineNode[]): OutlineNode[] => nodes.map((n) => ({ title: n.title, kids: strip(n.kids) }));
    expect(strip(json.outlines)).toEqual(expectedOutline(enModel));
    // Named destinations resolved by qpdf: [page, /XYZ, left, top, zoom].
    expect(json.outlines[0]?.dest).toEqual([expect.stringMatching(/ 0 R$/), '/XYZ', null, expect.any(Number), null]);
  });
});

describe.skipIf(!toolAvailable('pdffonts'))('renderPdf, checked by pdffonts', () => {
  it('embeds every font it uses, as a subset', () => {
    const rows = runTool('pdffonts', [enFile]).trim().split('\n').slice(2);
    // Carlito's regular, bold, italic and bold italic (the test model uses all four), and DejaVu for
    // the characters Carlito lacks (the list bullets' '◦').
    expect(rows.filter((row) => /Carlito/.test(row))).toHaveLength(4);
    for (const row of rows) {
      expect(row).toMatch(/Carlito|DejaVuSansCondensed/);
      expect(row).toMatch(/CID TrueType\s+Identity-H\s+yes yes yes/);
    }
  });
});

describe.skipIf(!toolAvailable('pdfinfo') || !toolAvailable('pdftotext') || !toolAvailable('qpdf'))('renderPdf, read back with poppler', () => {
  const pageCount = (file: string): number => Number(/^Pages:\s+(\d+)/m.exec(runTool('pdfinfo', [file]))?.[1]);
  const pagesOf = (file: string): string[] => runTool('pdftotext', ['-enc', 'UTF-8', file, '-']).split('\f').slice(0, -1);

  it('has the title, tags, language and fixed dates in its document info', () => {
    const info = runTool('pdfinfo', [enFile]);
    expect(info).toMatch(/^Title:\s+Incident Management Policy$/m);
    expect(info).toMatch(/^Author:\s+Ada Lovelace$/m);
    expect(info).toMatch(/^Creator:\s+policymark$/m);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^CreationDate:\s+Sat Mar\s+1 00:00:00 2025 UTC$/m);
    expect(info).toMatch(/^Page size:\s+595.3 x 841.9 pts \(A4\)$/m);
    expect(pageCount(enFile)).toBeGreaterThanOrEqual(4);
  });

  it('shows every heading, in order, in the table of contents and then in the body', () => {
    const text = runTool('pdftotext', ['-enc', 'UTF-8', enFile, '-']);
    const headings = headingTexts(enModel);
    const front = headings.slice(0, 4);
    const listed = headings.slice(4);
    let at = 0;
    for (const heading of [...front, ...listed, ...listed]) {
      const found = text.indexOf(heading, at);
      expect(found, `"${heading}" after offset ${at}`).toBeGreaterThanOrEqual(0);
      at = found + heading.length;
    }
  });

  it('tags every heading with its level, in document order', () => {
    const tree = runTool('pdfinfo', ['-struct-text', enFile]);
    const tagged = [...tree.matchAll(/^\s*H(\d) \(block\)\n\s*"([^"]*)"/gm)].map((m) => `H${m[1]} ${m[2]}`);
    const level = (n: string): number => n.split('.').length + 1;
    const sections = (list: readonly Section[]): string[] => list.flatMap((s) => [`H${level(s.number)} ${s.number} ${s.title}`, ...sections(s.sections)]);
    expect(tagged).toEqual([
      'H1 Incident Management Policy',
      'H2 Document control',
      'H2 Version history',
      'H2 Contents',
      ...sections(enModel.sections),
      'H2 Appendix A: Control mapping',
      'H3 ISO/IEC 27001:2022',
      'H3 GDPR',
    ]);
    for (const tag of ['Table', 'THead', 'TBody', 'TR', 'TH', 'TD', 'L', 'LI', 'Lbl', 'LBody', 'P', 'Link', 'TOC', 'TOCI', 'Sect', 'BlockQuote', 'Code']) {
      expect(tree, tag).toMatch(new RegExp(`^\\s*${tag}\\b`, 'm'));
    }
    // Running headers and footers are artifacts, outside the tag tree.
    expect(tree).not.toContain('Page 1 of');
    expect(tree).not.toContain('Acme · Incident Management Policy');
  });

  it('keeps Swedish and Latin Extended-A text and literal values intact', () => {
    const text = runTool('pdftotext', ['-enc', 'UTF-8', enFile, '-']);
    expect(text).toContain(SWEDISH);
    expect(text).toContain(VERBATIM);
    expect(text).toContain('Acme Widgets Łódź AB');
  });

  it('numbers pages "Page N of M" with M the real page count, in the header and footer of every page', () => {
    const total = pageCount(enFile);
    const pages = pagesOf(enFile);
    expect(pages).toHaveLength(total);
    pages.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${total}`);
      expect(page).toContain('Acme · Incident Management Policy');
      expect(page).toContain('Internal');
      expect(page).toContain('DRAFT');
      expect(page).toContain('Version Draft (not approved)');
    });
  });

  it('puts real page numbers in the table of contents', () => {
    const onPage = headingPages(enFile);
    const tocLines = runTool('pdftotext', ['-enc', 'UTF-8', '-layout', '-f', '1', '-l', '2', enFile, '-']).split('\n');
    const entries = headingTexts(enModel).slice(4);
    for (const heading of entries) {
      const title = heading.replace(/^[\d.]+ /, '');
      const line = tocLines.find((l) => new RegExp(`${escape(title)}\\s+\\d+\\s*$`).test(l));
      expect(line, heading).toBeDefined();
      expect(Number(/(\d+)\s*$/.exec(line!)?.[1]), heading).toBe(onPage.get(heading));
    }
    // Not trivially all on one page: the long table pushes later sections on.
    expect(new Set(entries.map((h) => onPage.get(h))).size).toBeGreaterThanOrEqual(3);
  });

  it('repeats the table header on every page a table spans and never splits a row', () => {
    const pages = pagesOf(enFile);
    const tablePages = pages.map((page, i) => ({ page, i })).filter(({ page }) => /row\d+start/.test(page));
    expect(tablePages.length).toBeGreaterThanOrEqual(2);
    for (const { page } of tablePages) expect(page).toMatch(/^Handling rule$/m);
    for (let r = 0; r < 70; r++) {
      const start = pages.findIndex((p) => new RegExp(`^row${r}start$`, 'm').test(p));
      const end = pages.findIndex((p) => new RegExp(`^row${r}end$`, 'm').test(p));
      expect(start, `row ${r}`).toBeGreaterThanOrEqual(0);
      expect(end, `row ${r}`).toBe(start);
    }
  });

  it('keeps all text inside the margins: long words and URLs wrap', () => {
    const bbox = runTool('pdftotext', ['-bbox', enFile, '-']);
    const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"/g)].map((m) => ({ xMin: Number(m[1]), xMax: Number(m[2]) }));
    expect(words.length).toBeGreaterThan(500);
    for (const word of words) {
      expect(word.xMin).toBeGreaterThanOrEqual(60);
      expect(word.xMax).toBeLessThanOrEqual(595.3 - 60);
    }
    // The URL is broken across lines, yet every part of it is there.
    expect(runTool('pdftotext', ['-enc', 'UTF-8', enFile, '-']).replace(/\s+/g, '')).toContain(LONG_URL);
  });

  it('never leaves a heading alone at the bottom of a page', () => {
    const pages = pagesOf(enFile);
    const onPage = headingPages(enFile);
    for (const heading of headingTexts(enModel).slice(1)) {
      const page = onPage.get(heading);
      expect(page, heading).toBeDefined();
      const lines = pages[page! - 1]!.split('\n').map((l) => l.trim()).filter((l) => l && !/^Page \d+ of \d+$/.test(l) && l !== 'Version Draft (not approved)');
      const at = lines.indexOf(heading);
      expect(at, `${heading} on page ${page}`).toBeGreaterThanOrEqual(0);
      expect(lines.length - at, `${heading} is followed by content on page ${page}`).toBeGreaterThan(1);
    }
  });

  it('keeps a heading with the start of what follows, wherever it falls near the bottom of a page', async () => {
    const oneLiner = (n: number): Block => paragraph(text(`Line ${n}.`));
    for (let k = 0; k < 10; k++) {
      const file = path.join(dir, `keep-${k}.pdf`);
      const model: DocumentModel = {
        ...testModel('en'),
        sections: [
          section('1', 'Lead-in', [...Array.from({ length: 8 }, (_, i) => filler(i)), ...Array.from({ length: k }, (_, i) => oneLiner(i))]),
          section('2', 'Target heading', [filler(99)], [section('2.1', 'Target subheading', [filler(100)])]),
        ],
        appendix: [],
      };
      writeFileSync(file, await renderPdf(model, { timestamp: TIMESTAMP, fonts }));
      const pages = pagesOf(file);
      const onPage = headingPages(file);
      for (const heading of ['2 Target heading', '2.1 Target subheading']) {
        const lines = pages[onPage.get(heading)! - 1]!.split('\n').map((l) => l.trim()).filter((l) => l && !/^Page \d+ of \d+$/.test(l) && l !== 'Version Draft (not approved)');
        const at = lines.indexOf(heading);
        expect(at, `${heading} with ${k} extra lines`).toBeGreaterThanOrEqual(0);
        expect(lines[at + 1] ?? '', `${heading} with ${k} extra lines is followed by its text`).toMatch(/^(Paragraph|2\.1 )/);
      }
    }
  });

  it('labels a Swedish document in Swedish: "Sida N av M"', async () => {
    const file = path.join(dir, 'sv.pdf');
    writeFileSync(file, await renderPdf(testModel('sv'), { timestamp: TIMESTAMP, fonts }));
    const total = pageCount(file);
    const pages = pagesOf(file);
    expect(pages[0]).toContain(`Sida 1 av ${total}`);
    expect(pages[total - 1]).toContain(`Sida ${total} av ${total}`);
    expect(pages[0]).toContain('UTKAST');
    expect(pages.join('\f')).toContain('Innehåll');
    expect(runTool('pdfinfo', [file])).toMatch(/^Tagged:\s+yes$/m);
  });

  it('renders a model without sections or appendix on one page, without a contents list', async () => {
    const file = path.join(dir, 'bare.pdf');
    writeFileSync(file, await renderPdf({ ...testModel('en'), sections: [], appendix: [], history: [] }, { timestamp: TIMESTAMP, fonts }));
    expect(pageCount(file)).toBe(1);
    const text = runTool('pdftotext', ['-enc', 'UTF-8', file, '-']);
    expect(text).toContain('Page 1 of 1');
    expect(text).not.toContain('Contents');
  });

  it('shows the markers of a list item that opens with a nested list on one line', async () => {
    const file = path.join(dir, 'nested.pdf');
    const nested: Block = {
      type: 'list',
      ordered: false,
      items: [{ children: [{ type: 'list', ordered: true, start: 3, items: [{ children: [paragraph(text('third step'))] }] }] }],
    };
    writeFileSync(file, await renderPdf({ ...testModel('en'), sections: [section('1', 'Steps', [nested])], appendix: [] }, { timestamp: TIMESTAMP, fonts }));
    const lines = runTool('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-']).split('\n');
    expect(lines.some((l) => /•\s+3\.\s+third step/.test(l))).toBe(true);
  });

  it('uses the Letter page size and shows the logo as a tagged figure', async () => {
    const file = path.join(dir, 'letter.pdf');
    const context: PdfRenderOptions = { timestamp: TIMESTAMP, fonts, logo: { bytes: tinyPng(), type: 'png', width: 1, height: 1 } };
    writeFileSync(file, await renderPdf(testModel('en', { pageSize: 'Letter' }), context));
    expect(runTool('pdfinfo', [file])).toMatch(/^Page size:\s+612 x 792 pts \(letter\)$/m);
    expect(runTool('pdfinfo', ['-struct', file])).toMatch(/^\s*Figure\b/m);
    if (toolAvailable('pdfimages')) expect(runTool('pdfimages', ['-list', file]).trim().split('\n')).toHaveLength(3);
  });
});

/** Heading title → page number, from the bookmarks qpdf resolves to pages. */
function headingPages(file: string): Map<string, number> {
  const json = JSON.parse(runTool('qpdf', ['--json', '--json-key=pages', file])) as { pages: { outlines: { title: string }[] }[] };
  const map = new Map<string, number>();
  json.pages.forEach((page, i) => page.outlines.forEach((o) => map.set(o.title, i + 1)));
  return map;
}

function escape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
