#!/usr/bin/env node
// npm run bench: speed and memory of policymark on the bundled example, each figure next to a reference
// measured in the same run on the same machine, so the ratio means something wherever it runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import remarkStringify from 'remark-stringify';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { build, composeAll, renderMarkdown } from '../../dist/index.js';
import { renderDocx } from '../../dist/render/docx/render-docx.js';
import { renderPdf } from '../../dist/render/pdf/render-pdf.js';
import { loadPdfFonts } from '../../dist/load/fonts.js';

process.env.TZ = 'UTC';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const location = { root, organisationFile: path.join(root, 'examples/kestrel/organisation.yaml'), libraryDir: root };
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);

/** Median wall time in ms of `fn` over `rounds` runs, after one warm-up run. */
async function time(fn, rounds = ROUNDS) {
  await fn();
  const samples = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const rows = [];
const row = (what, ms, reference, referenceMs, target) =>
  rows.push({ what, ms: ms.toFixed(1), reference, referenceMs: referenceMs?.toFixed(1) ?? '', ratio: referenceMs ? (ms / referenceMs).toFixed(2) : '', target: target ?? '' });

const composed = await composeAll({ ...location, policies: [], langs: [] });
if (!composed.ok) {
  console.error('The example does not compose:', composed.diagnostics);
  process.exit(1);
}
const documents = composed.documents;
const markdown = documents.map((d) => renderMarkdown(d.model));
const roundTrip = unified().use(remarkParse).use(remarkGfm, { tablePipeAlign: false }).use(remarkFrontmatter, ['yaml']).use(remarkStringify);

// Reference: remark parsing and re-stringifying the finished Markdown, the least any Markdown tool does.
const reference = (await time(() => markdown.forEach((m) => roundTrip.stringify(roundTrip.parse(m))))) / documents.length;
const composeAndRender = (await time(async () => {
  const result = await composeAll({ ...location, policies: [], langs: [] });
  result.documents.forEach((d) => renderMarkdown(d.model));
})) / documents.length;
row('load + validate + compose + render .md, per document', composeAndRender, 'remark parse + stringify of the output', reference);

// Word and PDF for the example's incident policy, against the tools people would otherwise use.
const scratch = mkdtempSync(path.join(tmpdir(), 'policymark-bench-'));
const incident = documents.find((d) => d.policy === 'incident-management' && d.lang === 'en');
const context = { timestamp: new Date('2026-01-01T00:00:00Z'), fonts: await loadPdfFonts() };
const docxMs = await time(() => renderDocx(incident.model, context));
const pdfMs = await time(() => renderPdf(incident.model, context));
const mdFile = path.join(scratch, 'incident.md');
const docxFile = path.join(scratch, 'incident.docx');
writeFileSync(mdFile, renderMarkdown(incident.model));
writeFileSync(docxFile, await renderDocx(incident.model, context));
const has = (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${cmd} failed`);
};
if (has('pandoc')) {
  const pandocMs = await time(() => run('pandoc', ['-f', 'gfm', '-t', 'docx', mdFile, '-o', path.join(scratch, 'pandoc.docx')]), 10);
  row('render incident policy .docx (in process)', docxMs, 'pandoc: same Markdown to .docx', pandocMs, '<= 0.50');
} else {
  row('render incident policy .docx (in process)', docxMs, 'pandoc not installed', undefined);
}
if (has('soffice')) {
  const officeMs = await time(() => run('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', scratch, docxFile]), 5);
  row('render incident policy .pdf (in process)', pdfMs, 'LibreOffice: the .docx to PDF', officeMs, '<= 0.30');
} else {
  row('render incident policy .pdf (in process)', pdfMs, 'LibreOffice not installed', undefined);
}

const fullBuild = await time(() => build({ ...location, outDir: path.join(scratch, 'out'), policies: [], formats: ['md', 'docx', 'pdf'], langs: [] }), 3);
row(`full build: ${documents.length} documents x md, docx, pdf (written)`, fullBuild, '', undefined);
row('  per document, all three formats', fullBuild / documents.length, '', undefined);
rmSync(scratch, { recursive: true, force: true });

const peakMb = process.resourceUsage().maxRSS / 1024;
console.log(`policymark bench: ${documents.length} documents of the example organisation, median of ${ROUNDS} rounds, Node ${process.version}\n`);
console.table(rows);
console.log(`peak memory (max RSS): ${peakMb.toFixed(0)} MB`);
