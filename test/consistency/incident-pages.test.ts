import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { requireTool, runTool } from '../support/external-tools.js';
import { REPO_ROOT } from '../support/project.js';

/**
 * The page budget of the Incident Management Policy (issue 14), measured as the README says: body pages
 * run from the page where section 1 starts to the page before "Appendix A" (title block, contents and
 * appendix excluded); at most 6 of them and at most 9 pages in all, the Swedish within one page.
 */
const out = mkdtempSync(path.join(tmpdir(), 'policymark-pages-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function pages(file: string): { total: number; body: number } {
  const text = runTool('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']).split('\f');
  if (text.at(-1)?.trim() === '') text.pop();
  const lines = (page: string) => page.split('\n').map((line) => line.trim());
  const isContents = (page: string) => lines(page).some((line) => /^(Contents|Innehåll)$/.test(line));
  const start = text.findIndex((page) => !isContents(page) && lines(page).some((line) => /^1\s+\S/.test(line)));
  const appendix = text.findIndex((page, index) => index > start && lines(page).some((line) => /^(Appendix|Bilaga) A/.test(line)));
  expect(start, file).toBeGreaterThan(0);
  expect(appendix, file).toBeGreaterThan(start);
  return { total: text.length, body: appendix - start };
}

describe.skipIf(!requireTool('pdftotext'))('Incident Management Policy: page budget', () => {
  it('is at most 6 body pages and 9 in all in English, and the Swedish within one page of it', async () => {
    const run = await runCli(['build', '--org', path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), '--draft', '--format', 'pdf', '--policy', 'incident-management', '--out', out], REPO_ROOT);
    expect(run.code, run.stderr).toBe(0);
    const folder = path.join(out, 'kestrel/incident-management/draft');
    const en = pages(path.join(folder, 'incident-management.pdf'));
    const sv = pages(path.join(folder, 'incident-management.sv.pdf'));
    expect(en.body).toBeLessThanOrEqual(6);
    expect(en.total).toBeLessThanOrEqual(9);
    expect(Math.abs(sv.total - en.total)).toBeLessThanOrEqual(1);
    expect(Math.abs(sv.body - en.body)).toBeLessThanOrEqual(1);
  });
});
