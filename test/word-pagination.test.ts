import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { skipUnlessTools } from './support/external-tools.js';
import { exampleRendering, pageTexts } from './support/office-rendering.js';

/** A numbered entry of a rendered table of contents, and the page it states. */
interface TocLine {
  readonly number: string;
  readonly title: string;
  readonly page: number;
}

const collapse = (line: string): string => line.trim().replace(/\s+/g, ' ');
const ENTRY = /^\s*(\d+(?:\.\d+)*)\s+(.+?)\s{2,}(\d+)\s*$/;

/** The numbered entries of the contents: from the page titled Contents/Innehåll, page by page while pages hold entries. */
function tocOf(pages: readonly string[]): { entries: TocLine[]; lastTocPage: number } {
  const start = pages.findIndex((text) => /^\s*(Contents|Innehåll)\s*$/m.test(text));
  const entries: TocLine[] = [];
  let last = start;
  for (let p = start; p >= 0 && p < pages.length; p++) {
    const found = pages[p]!.split('\n').map((line) => ENTRY.exec(line)).filter((m) => m !== null);
    if (found.length === 0) break;
    for (const m of found) entries.push({ number: m[1]!, title: collapse(m[2]!), page: Number(m[3]) });
    last = p;
  }
  return { entries, lastTocPage: last + 1 };
}

/** The page (1-based) after the contents on which a line starts with the entry's number and title. */
function pageOfHeading(pages: readonly string[], entry: TocLine, after: number): number | undefined {
  const head = `${entry.number} ${entry.title.slice(0, 24)}`;
  for (let p = after; p < pages.length; p++) {
    if (pages[p]!.split('\n').some((line) => collapse(line).startsWith(head))) return p + 1;
  }
  return undefined;
}

/** The last line of a page's text before its footer, whitespace collapsed. */
function lastBodyLine(page: string): string | undefined {
  const lines = page.split('\n').map(collapse).filter((line) => line !== '');
  // The last line is the footer ("Version ... Page N of M"); the first the running header.
  return lines.length > 2 ? lines[lines.length - 2] : undefined;
}

/** The first line of a page's text after its running header, whitespace collapsed. */
function firstBodyLine(page: string): string | undefined {
  const lines = page.split('\n').map(collapse).filter((line) => line !== '');
  return lines.length > 2 ? lines[1] : undefined;
}

describe('Word pagination, as LibreOffice renders the example documents', () => {
  it('every contents entry states the page its heading is on (at most 5% one page off, none further)', { timeout: 600_000 }, async (ctx) => {
    skipUnlessTools(ctx, 'soffice', 'pdftotext', 'pdfinfo');
    const { office } = await exampleRendering();
    let checked = 0;
    let exact = 0;
    const oneOff: string[] = [];
    const wrong: string[] = [];
    for (const [name, pdf] of office) {
      const pages = pageTexts(pdf);
      const { entries, lastTocPage } = tocOf(pages);
      expect(entries.length, `${name}: contents entries`).toBeGreaterThan(0);
      for (const entry of entries) {
        const actual = pageOfHeading(pages, entry, lastTocPage);
        checked += 1;
        const what = `${name} ${entry.number} ${entry.title}: contents says ${entry.page}, heading on ${actual ?? 'no page'}`;
        if (actual === entry.page) exact += 1;
        else if (actual !== undefined && Math.abs(actual - entry.page) === 1) oneOff.push(what);
        else wrong.push(what);
      }
    }
    console.log(`contents entries checked: ${checked}; exact ${exact}, one page off ${oneOff.length}, wrong ${wrong.length}`);
    expect(wrong).toEqual([]);
    expect(oneOff.length / checked, oneOff.join('\n')).toBeLessThanOrEqual(0.05);
  });

  it('embeds Carlito in word/fonts/, and LibreOffice, without Carlito on the system, renders with the embedded font', { timeout: 600_000 }, async (ctx) => {
    skipUnlessTools(ctx, 'soffice', 'pdffonts');
    const { ours, office } = await exampleRendering();
    const docx = ours.get('incident-management.sv.docx')!;
    const files = unzipSync(new Uint8Array(readFileSync(docx)));
    const fonts = Object.keys(files).filter((name) => name.startsWith('word/fonts/'));
    expect(fonts).toHaveLength(4);
    const table = strFromU8(files['word/fontTable.xml']!);
    for (const face of ['Regular', 'Bold', 'Italic', 'BoldItalic']) expect(table).toMatch(new RegExp(`<w:embed${face} [^>]*w:fontKey="\\{[0-9A-F-]{36}\\}"`));
    expect(strFromU8(files['word/settings.xml']!)).toContain('<w:embedTrueTypeFonts/>');
    expect(strFromU8(files['word/settings.xml']!)).not.toContain('updateFields');
    expect(strFromU8(files['word/document.xml']!)).not.toContain('w:dirty');
    for (const [, pdf] of office) {
      const report = execFileSync('pdffonts', [pdf]).toString();
      // name type encoding emb sub uni: the body font is Carlito, embedded.
      expect(report, pdf).toMatch(/Carlito\S*\s+.*\byes\b/);
    }
  });

  it('no page of our PDFs or of LibreOffice\'s rendering of the .docx ends with a heading', { timeout: 600_000 }, async (ctx) => {
    skipUnlessTools(ctx, 'soffice', 'pdftotext', 'pdfinfo');
    const { ours, office } = await exampleRendering();
    const stranded: string[] = [];
    for (const [name, officePdf] of office) {
      const officePages = pageTexts(officePdf);
      const headings = new Set(tocOf(officePages).entries.map((entry) => `${entry.number} ${entry.title}`));
      const ourPdf = ours.get(name.replace(/\.docx$/, '.pdf'))!;
      for (const [which, pages] of [['LibreOffice', officePages], ['ours', pageTexts(ourPdf)]] as const) {
        pages.forEach((page, i) => {
          const last = lastBodyLine(page);
          if (last !== undefined && headings.has(last)) stranded.push(`${which} ${name} page ${i + 1}: ${last}`);
        });
      }
    }
    expect(stranded).toEqual([]);
  });

  it('no page of our PDFs or of LibreOffice\'s rendering of the .docx starts with the line after an appendix table', { timeout: 600_000 }, async (ctx) => {
    skipUnlessTools(ctx, 'soffice', 'pdftotext', 'pdfinfo');
    const { ours, office } = await exampleRendering();
    const alone: string[] = [];
    for (const [name, officePdf] of office) {
      const ourPdf = ours.get(name.replace(/\.docx$/, '.pdf'))!;
      for (const [which, pages] of [['LibreOffice', pageTexts(officePdf)], ['ours', pageTexts(ourPdf)]] as const) {
        pages.forEach((page, i) => {
          const first = firstBodyLine(page);
          if (first !== undefined && /^(Supported only|Endast stöd):/.test(first)) alone.push(`${which} ${name} page ${i + 1}: ${first}`);
        });
      }
    }
    expect(alone).toEqual([]);
  });
});
