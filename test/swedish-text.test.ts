import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS } from '../src/i18n/labels.js';
import { RESPONSIBILITY_LABELS } from '../src/i18n/responsibility-labels.js';
import { runCli } from './support/cli.js';
import { docxText } from './support/docx-text.js';
import { REPO_ROOT } from './support/project.js';

/**
 * Swedish as a first language: every document of the example, built in Swedish as Markdown and Word,
 * contains no English fixed text. The example is copied without its releases, whose version-history
 * summaries were written in English before summaries could be given per language (the release test
 * covers `--summary-sv`); what is left is what the library and policymark put into a Swedish document.
 *
 * Allowed English: the names of frameworks without an official Swedish name (SOC 2's), the
 * English names of the classification levels given in brackets beside the Swedish ones, document ids,
 * and proper names, which carry none of the words below.
 */
const ENGLISH_WORDS = ['the', 'and', 'of', 'with', 'must', 'shall', 'should', 'which', 'from', 'this', 'that', 'will', 'are', 'is', 'for', 'been', 'have', 'has', 'their', 'within', 'every', 'each', 'where', 'when', 'through', 'between', 'after', 'before', 'or', 'on', 'page', 'appendix', 'clause', 'contents', 'supported', 'implemented', 'responsible', 'accountable', 'consulted', 'informed', 'quarterly', 'annually', 'monthly', 'days', 'hours', 'months'];
const WORD = new RegExp(`(?<!\\p{L})(${ENGLISH_WORDS.join('|')})(?!\\p{L})`, 'giu');

/** The English labels that differ from their Swedish ones, split at their `{placeholders}`. */
function englishLabels(): string[] {
  const pairs = [LABELS, RESPONSIBILITY_LABELS].flatMap((set) => Object.entries(set.en).map(([key, en]) => [en, (set.sv as Record<string, string>)[key]] as const));
  return [...new Set(pairs.filter(([en, sv]) => en !== sv).flatMap(([en]) => en.split(/\{\w+\}/)).map((part) => part.trim()).filter((part) => part.length >= 4 && /\p{L}{3}/u.test(part)))];
}

/**
 * Texts given in English by design, longest first so that no shorter one cuts a longer one. Catalog
 * control and group titles are not among them: every bundled catalog has Swedish titles
 * (test/catalog-titles.test.ts), so an English one in a Swedish document is a finding.
 */
function allowedEnglish(): string[] {
  // The classification scheme gives each level's English name in brackets, so that staff recognise the
  // labels on documents written in English; document ids are ids, not prose.
  const texts: string[] = [
    'SOC 2 - 2017 Trust Services Criteria (revised points of focus, 2022)',
    ...['Public', 'Internal', 'Confidential', 'Restricted'].map((level) => `(${level})`),
    ...readdirSync(path.join(REPO_ROOT, 'policy-modules/policies')).map((name) => name.replace(/\.yaml$/, '')),
  ];
  return [...new Set(texts)].sort((a, b) => b.length - a.length);
}

let dir: string;
const documents: { name: string; text: string }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'policymark-swedish-'));
  cpSync(path.join(REPO_ROOT, 'examples/kestrel'), path.join(dir, 'kestrel'), { recursive: true, filter: (source) => !source.includes(`${path.sep}releases`) });
  const run = await runCli(['build', '--org', 'kestrel/organisation.yaml', '--draft', '--lang', 'sv', '--format', 'md,docx', '--out', 'out'], dir);
  expect(run.code, run.stderr).toBe(0);
  const root = path.join(dir, 'out/kestrel');
  for (const policy of readdirSync(root).sort()) {
    const folder = path.join(root, policy, 'draft');
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.sv.md') || name.endsWith('.sv.docx')).sort()) {
      const bytes = readFileSync(path.join(folder, file));
      // Front matter keys and the annotations of docxText (style ids, "page break before") are for
      // machines and reviewers, not text of the document.
      const text = file.endsWith('.md') ? bytes.toString('utf8').replace(/^---\n[\s\S]*?\n---\n/, '') : docxText(bytes).replace(/\[[A-Za-z0-9 ,\-]+\]/g, ' ');
      documents.push({ name: `${policy}/${file}`, text });
    }
  }
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whether `text` contains `phrase` as whole words ("Public" is not found in "Publicerade"). */
function containsWords(text: string, phrase: string): boolean {
  return new RegExp(`(?<!\\p{L})${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\p{L})`, 'u').test(text);
}

function withoutAllowed(text: string): string {
  let rest = text;
  for (const allowed of allowedEnglish()) rest = rest.split(allowed).join(' ');
  return rest;
}

describe('Swedish documents of the example', () => {
  it('are every document in Markdown and Word', () => {
    expect(documents.length).toBe(2 * readdirSync(path.join(REPO_ROOT, 'policy-modules/policies')).filter((name) => name.endsWith('.yaml')).length);
  });

  it('contain no English fixed text', () => {
    const labels = englishLabels();
    expect(labels).toContain('Version history');
    const found: string[] = [];
    for (const { name, text } of documents) {
      const rest = withoutAllowed(text);
      for (const label of labels) if (containsWords(rest, label)) found.push(`${name}: label "${label}"`);
      for (const line of rest.split('\n')) {
        for (const match of line.matchAll(WORD)) found.push(`${name}: "${match[0]}" in …${line.slice(Math.max(0, match.index - 50), match.index + 50)}…`);
      }
    }
    expect(found).toEqual([]);
  });

  it('name the clauses of ISO/IEC 27001 and the EU acts as the Swedish editions do', () => {
    const all = documents.map((document) => document.text).join('\n');
    expect(all).toMatch(/Avsnitt\u00A05\.3/);
    expect(all).toContain('Dataskyddsförordningen (förordning (EU) 2016/679)');
    expect(all).toContain('NIS2-direktivet (direktiv (EU) 2022/2555)');
    expect(all).toContain('K = konsulteras');
  });
});
