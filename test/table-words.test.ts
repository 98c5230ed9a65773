import { inlineText } from '../src/model/inline-text.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Block, type DocumentModel, type Section } from '../src/model/document.js';
import { build } from '../src/pipeline/build.js';
import { documentOutline } from '../src/render/document-outline.js';
import { runTool, skipUnlessTools } from './support/external-tools.js';
import { REPO_ROOT } from './support/project.js';

/**
 * Acceptance of "tables sized from their content": every word of every table cell of every example
 * document (the model's cells) is whole in the text of the PDF and of LibreOffice's rendering of the
 * .docx. Text is taken with `pdftotext -raw` (content order, so a cell's lines follow each other) and
 * whitespace normalised; a cell's text must appear as one run there, so a word broken over two lines
 * ("Im pa ct") fails it. Breaks after a hard hyphen or between ")(" count as whole (see `normalise`).
 */

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The text of every table cell of a document: the sections' tables and the fixed tables of the outline. */
function tableCells(model: DocumentModel): string[] {
  const cells: string[] = [];
  const blocks = (list: readonly Block[]): void => {
    for (const block of list) {
      if (block.type === 'table') for (const row of [block.header, ...block.rows]) for (const cell of row) cells.push(inlineText(cell.children));
      else if (block.type === 'list') block.items.forEach((item) => blocks(item.children));
      else if (block.type === 'quote') blocks(block.children);
    }
  };
  const sections = (list: readonly Section[]): void => list.forEach((s) => (blocks(s.blocks), sections(s.sections)));
  for (const part of documentOutline(model)) {
    switch (part.kind) {
      case 'documentControl':
        cells.push(...part.header, ...part.rows.flatMap((row) => [row.label, inlineText(row.value)]));
        break;
      case 'versionHistory':
        cells.push(...part.header, ...part.rows.flatMap((row) => row.map(inlineText)));
        break;
      case 'toComplete':
        cells.push(part.title, part.appearsIn, ...part.items.flatMap((item) => [inlineText(item.placeholder), item.where]));
        break;
      case 'sections':
        sections(part.sections);
        break;
      case 'appendix':
        // The header is printed once per framework table, and a framework the document only supports has none.
        if (part.frameworks.some((f) => f.rows.length > 0)) cells.push(...part.header);
        cells.push(...part.frameworks.flatMap((f) => f.rows.flat()));
        break;
      default:
        break;
    }
  }
  return cells.map(normalise).filter((cell) => cell !== '');
}

/**
 * Whitespace made one space, and a line break that a line breaker may take inside a token (after a hard
 * hyphen between letters, "non-\ndisclosure", or between ")(" in "21(2)(e)") joined again: a break there
 * is a break at punctuation the text has, not a word cut in pieces.
 */
function normalise(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    // A line may end after a hyphen (LibreOffice breaks "P-5" and "NIS2-rapporterna" there): not a cut word.
    .replace(/([\p{L}\p{N}])- (?=[\p{L}\p{N}])/gu, '$1-')
    .replace(/\) \(/g, ')(')
    .trim();
}

/** The cells (and their words) whose text is not one run in `text`. */
function brokenCells(cells: readonly string[], text: string): { cells: string[]; words: number } {
  const flat = ` ${normalise(text)} `;
  const broken = cells.filter((cell) => !flat.includes(cell));
  return { cells: broken, words: cells.reduce((n, cell) => n + cell.split(' ').length, 0) };
}

describe('table cells in the example documents', () => {
  it('every word of every table cell is whole in our PDF and in LibreOffice\'s rendering of the .docx', async (ctx) => {
    skipUnlessTools(ctx, 'soffice', 'pdftotext');
    const out = mkdtempSync(path.join(tmpdir(), 'policymark-table-words-'));
    dirs.push(out);
    const result = await build({
      root: path.join(REPO_ROOT, 'examples/kestrel'),
      organisationFile: path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'),
      libraryDir: REPO_ROOT,
      policies: [],
      langs: [],
      outDir: out,
      formats: ['docx', 'pdf'],
      select: { kind: 'draft' },
    });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const documents = result.documents.filter((d) => d.model);
    expect(new Set(documents.map((d) => d.lang))).toEqual(new Set(['en', 'sv']));
    expect(documents.length).toBeGreaterThanOrEqual(16);

    // One LibreOffice run converts every .docx: starting it is most of the cost.
    const docxFiles = documents.flatMap((d) => d.files.filter((f) => f.endsWith('.docx')));
    const rendered = path.join(out, 'libreoffice');
    const convert = spawnSync('soffice', [`-env:UserInstallation=file://${out}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', rendered, ...docxFiles.map((f) => path.resolve(out, f))], {
      encoding: 'utf8',
      timeout: 600_000,
    });
    expect(convert.status, convert.stderr).toBe(0);
    expect(readdirSync(rendered).filter((f) => f.endsWith('.pdf'))).toHaveLength(docxFiles.length);

    const failures: string[] = [];
    let words = 0;
    for (const document of documents) {
      const cells = tableCells(document.model!);
      const docx = document.files.find((f) => f.endsWith('.docx'))!;
      const pdf = document.files.find((f) => f.endsWith('.pdf'))!;
      const sources = {
        pdf: path.resolve(out, pdf),
        'docx (LibreOffice)': path.join(rendered, path.basename(docx).replace(/\.docx$/, '.pdf')),
      };
      for (const [format, file] of Object.entries(sources)) {
        const checked = brokenCells(cells, runTool('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']));
        words += checked.words;
        failures.push(...checked.cells.map((cell) => `${document.policy} ${document.lang} ${format}: ${JSON.stringify(cell)}`));
      }
    }
    console.info(`table words checked: ${words} in ${documents.length} documents, two formats each; cells not whole: ${failures.length}`);
    expect(failures.slice(0, 40)).toEqual([]);
    expect(words).toBeGreaterThan(10_000);
  }, 900_000);
});
