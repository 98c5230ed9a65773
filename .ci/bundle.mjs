#!/usr/bin/env node
// `npm run build`, after tsc: bundles the command line into dist/policymark.mjs (and the batch worker
// into dist/policymark-worker.mjs), which bin/policymark.js prefers. One file starts much faster than
// the few hundred ESM modules of dist/ and the packages they import. What a command loads only when it
// needs it (the Word writer, pdfkit, validation) stays a separate chunk under dist/chunks/, so a quick
// command still does not pay for it.
//
// It lives in .ci/ beside the other build tooling rather than in bin/, which holds only commands for
// users. Packages that read their own data files relative to their own folder at run time (pdfkit's
// standard-font metrics, fontkit beside it) stay outside the bundle and load from node_modules.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await build({
  absWorkingDir: root,
  entryPoints: { policymark: 'src/cli/main.ts', 'policymark-worker': 'src/pipeline/batch/build-worker.ts' },
  outdir: 'dist',
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['pdfkit', 'fontkit'],
  // CommonJS packages inside an ES module bundle still call require() for Node's own modules.
  banner: { js: "import { createRequire as __policymarkRequire } from 'node:module'; const require = __policymarkRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});

// dist/build-id: the sha256 of everything built, so that the disk cache of parsed inputs
// (src/load/parse-cache-file.ts) is never read by a policymark other than the one that wrote it.
const hash = createHash('sha256');
const files = (await readdir(path.join(root, 'dist'), { recursive: true, withFileTypes: true }))
  .filter((entry) => entry.isFile() && entry.name !== 'build-id')
  .map((entry) => path.relative(path.join(root, 'dist'), path.join(entry.parentPath ?? entry.path, entry.name)).split(path.sep).join('/'))
  .sort();
for (const file of files) hash.update(`${file}\0`).update(await readFile(path.join(root, 'dist', file))).update('\0');
await writeFile(path.join(root, 'dist', 'build-id'), `${hash.digest('hex')}\n`);
