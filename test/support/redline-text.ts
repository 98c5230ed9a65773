import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { runTool } from './external-tools.js';

/**
 * The text of a .docx as `pandoc -t plain` reads it (with `--track-changes=accept|reject` for a
 * redline), normalised for comparison: white space collapsed, blank lines and table rules dropped,
 * the lines of `strip` (a redline's comparison note) removed, and page numbers at the end of the
 * contents' lines removed (a redline's page numbers are its own, not either version's). pandoc takes
 * Title and Subtitle paragraphs that open a document for its metadata and leaves them out of the body;
 * a redline opens with its note instead, so both are printed from the metadata to compare alike.
 */
export function docxPlainText(file: string, options: { readonly trackChanges?: 'accept' | 'reject'; readonly strip?: readonly string[]; readonly contents: string }): string {
  const flags = options.trackChanges ? [`--track-changes=${options.trackChanges}`] : [];
  const squash = (line: string): string => line.replace(/\s+/g, ' ').trim();
  const strip = new Set((options.strip ?? []).map(squash));
  const lines = runTool('pandoc', [...flags, '-s', `--template=${titleTemplate()}`, '-f', 'docx', '-t', 'plain', '--wrap=none', file])
    .split('\n')
    .map(squash)
    // pandoc leaves the outline of a deleted table row behind; Word and LibreOffice remove the row.
    .filter((line) => line !== '' && !/^[-\s]*$/.test(line) && !strip.has(line));
  const start = lines.indexOf(options.contents);
  // A policy's contents carries page numbers and a redline's does not ("8 ... NIS 2" is a title): strip them only where the first entry has one.
  if (start >= 0 && / \d+$/.test(lines[start + 1] ?? '')) {
    const first = lines[start + 1]?.replace(/ \d+$/, '');
    for (let i = start + 1; i < lines.length; i++) {
      const bare = lines[i]!.replace(/ \d+$/, '');
      if (i > start + 1 && bare === first) break;
      lines[i] = bare;
    }
  }
  return `${lines.join('\n')}\n`;
}

let template: string | undefined;

/** A plain-text template that prints the metadata title and subtitle before the body. */
function titleTemplate(): string {
  if (template === undefined) {
    template = path.join(mkdtempSync(path.join(tmpdir(), 'policymark-pandoc-')), 'title.plain');
    writeFileSync(template, '$if(title)$$title$\n\n$endif$$if(subtitle)$$subtitle$\n\n$endif$$body$\n');
  }
  return template;
}

/**
 * The text of one part of a package (`word/header1.xml`, `word/footer1.xml`) with its tracked changes
 * accepted or rejected as Word does it: an accepted insertion and a rejected deletion keep their text.
 * Paragraphs on their own lines, tabs as one space.
 */
export function partText(bytes: Uint8Array, part: string, mode: 'accept' | 'reject' | 'none'): string {
  const file = unzipSync(bytes)[part];
  if (!file) throw new Error(`partText: the package has no ${part}`);
  let xml = strFromU8(file);
  if (mode !== 'none') {
    const drop = mode === 'accept' ? 'del' : 'ins';
    xml = xml.replace(new RegExp(`<w:${drop}\\b[^>]*>[\\s\\S]*?</w:${drop}>`, 'g'), '');
  }
  const decode = (text: string): string => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return xml
    .split(/<\/w:p>/)
    .map((paragraph) =>
      [...paragraph.matchAll(/<w:(t|delText)\b[^>]*>([^<]*)<\/w:\1>|<w:tab\/>/g)].map((m) => (m[0] === '<w:tab/>' ? ' ' : decode(m[2]!))).join('').replace(/\s+/g, ' ').trim(),
    )
    .filter((line) => line !== '')
    .join('\n');
}
