#!/usr/bin/env node
// npm run bench: speed and memory of policymark on the bundled example, each figure next to a reference
// measured in the same run on the same machine, so the ratio means something wherever it runs.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
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
let batchMemory = '';
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

// Each round writes to a fresh folder: into the same one, every round after the first is up to date.
let round = 0;
const fullBuild = await time(() => build({ ...location, outDir: path.join(scratch, `out-${round++}`), policies: [], formats: ['md', 'docx', 'pdf'], langs: [] }), 3);
row(`full build: ${documents.length} documents x md, docx, pdf (written)`, fullBuild, '', undefined);
row('  per document, all three formats', fullBuild / documents.length, '', undefined);

// Incremental: the same command twice, each in a fresh process as a user runs it; the second has
// nothing to do. Target: under 10% of the full build.
const cli = (out) => {
  const started = process.hrtime.bigint();
  const result = spawnSync('node', [path.join(root, 'bin/policymark.js'), 'build', '--org', location.organisationFile, '--out', out], { stdio: 'ignore' });
  if (result.status !== 0) throw new Error('policymark build failed');
  return Number(process.hrtime.bigint() - started) / 1e6;
};
const cliFull = [1, 2, 3].map((i) => cli(path.join(scratch, `cli-${i}`))).sort((a, b) => a - b)[1];
const cliNoop = [1, 2, 3, 4, 5].map(() => cli(path.join(scratch, 'cli-1'))).sort((a, b) => a - b)[2];
row('no-op rebuild, one organisation (policymark build, new process)', cliNoop, 'full build of the same, new process', cliFull, '< 0.10');

// Batch: generated clients x the bundled library x md, docx, pdf, in parallel and on one worker.
const clients = Number(process.env.BENCH_CLIENTS ?? 100);
if (clients > 0) {
  const folder = path.join(scratch, 'clients');
  mkdirSync(folder);
  const kestrel = readFileSync(location.organisationFile, 'utf8').replace(/^\s*logo: .*$/m, '').replace('languages: [en, sv]', 'languages: [en]');
  for (let i = 1; i <= clients; i++) {
    const n = String(i).padStart(3, '0');
    writeFileSync(path.join(folder, `client-${n}.yaml`), kestrel
      .replace('id: kestrel', `id: client-${n}`)
      .replace(/^legalName: .*$/m, `legalName: Client ${n} AB`)
      .replace(/^shortName: .*$/m, `shortName: Client ${n}`)
      .replace(/inScope: true/, i % 3 === 0 ? 'inScope: false' : 'inScope: true'));
  }
  const batch = (jobs, out) => {
    const child = spawnSync('node', [path.join(root, 'test/bench/batch-child.mjs'), folder, path.join(scratch, out), String(jobs), root], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (child.status !== 0) throw new Error(`batch build failed: ${child.stderr}`);
    return JSON.parse(child.stdout);
  };
  const cores = availableParallelism();
  const parallel = batch(cores, 'batch-parallel');
  const single = batch(1, 'batch-single');
  row(`batch: ${clients} clients, ${parallel.documents} documents x 3 formats, ${cores} workers`, parallel.ms, 'the same batch on 1 worker', single.ms, `speed-up ${(single.ms / parallel.ms).toFixed(2)}x`);
  row('  per document, all three formats (parallel)', parallel.ms / parallel.documents, '  per document on 1 worker', single.ms / single.documents);
  batchMemory = `peak memory of the ${clients}-client batch (max RSS, all ${cores} workers): ${parallel.maxRssMb.toFixed(0)} MB (target < 500 MB); on 1 worker: ${single.maxRssMb.toFixed(0)} MB`;
}
rmSync(scratch, { recursive: true, force: true });

const peakMb = process.resourceUsage().maxRSS / 1024;
console.log(`policymark bench: ${documents.length} documents of the example organisation, median of ${ROUNDS} rounds, Node ${process.version}\n`);
console.table(rows);
console.log(`peak memory (max RSS) of this process: ${peakMb.toFixed(0)} MB`);
if (batchMemory) console.log(batchMemory);
