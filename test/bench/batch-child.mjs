// One batch build in a process of its own, so that its time and peak memory (max RSS, worker
// threads included) are its own. Prints one JSON line.
import path from 'node:path';
import { runBatch } from '../../dist/pipeline/batch/run-batch.js';

process.env.TZ = 'UTC';
const [folder, outDir, jobs, libraryDir] = process.argv.slice(2);
const files = (await import('node:fs')).readdirSync(folder).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(folder, f));
const started = performance.now();
const results = await runBatch(files, {
  root: folder, libraryDir, outDir, policies: [], formats: ['md', 'docx', 'pdf'], langs: [], select: { kind: 'draft' },
}, Number(jobs));
const ms = performance.now() - started;
const failed = results.filter((r) => !r.ok);
if (failed.length > 0) {
  console.error(JSON.stringify(failed[0].diagnostics.slice(0, 3)));
  process.exit(1);
}
console.log(JSON.stringify({ ms, documents: results.reduce((n, r) => n + r.documents, 0), maxRssMb: process.resourceUsage().maxRSS / 1024 }));
