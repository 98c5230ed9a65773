import { runTool } from './external-tools.js';

/**
 * The text of a PDF page by page, for the `pdf.txt` golden: `pdftotext -layout` (poppler), so that
 * columns stay side by side and a table reads as rows. Each page starts with a `--- page N ---` line.
 *
 * pdftotext's blank lines stand for vertical gaps it estimates; they are normalised (trailing spaces
 * removed, runs of blank lines made one, none at the start or end of a page) so that the golden holds
 * the text and its order on each page, not the estimate. Needs `pdftotext` on PATH: callers skip through
 * test/support/external-tools.ts first.
 */
export function pdfText(file: string): string {
  const text = runTool('pdftotext', ['-layout', '-enc', 'UTF-8', '-eol', 'unix', file, '-']);
  // pdftotext ends every page, the last one too, with a form feed.
  const pages = text.split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages.map((page, index) => [`--- page ${index + 1} ---`, ...normaliseLines(page)].join('\n')).join('\n') + '\n';
}

function normaliseLines(page: string): string[] {
  const out: string[] = [];
  for (const line of page.split('\n').map((l) => l.trimEnd())) {
    if (line === '' && (out.length === 0 || out.at(-1) === '')) continue;
    out.push(line);
  }
  while (out.at(-1) === '') out.pop();
  return out;
}
