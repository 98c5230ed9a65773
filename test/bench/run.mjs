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
import { build, composeAll, renderMarkdown } from '../../dist/index.js';

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

const out = mkdtempSync(path.join(tmpdir(), 'policymark-bench-'));
const fullBuild = await time(() => build({ ...location, outDir: out, policies: [], formats: ['md'], langs: [] }), 5);
row(`full build of ${documents.length} documents (md, written)`, fullBuild, '', undefined);
rmSync(out, { recursive: true, force: true });

const peakMb = process.resourceUsage().maxRSS / 1024;
console.log(`policymark bench: ${documents.length} documents of the example organisation, median of ${ROUNDS} rounds, Node ${process.version}\n`);
console.table(rows);
console.log(`peak memory (max RSS): ${peakMb.toFixed(0)} MB`);
