#!/usr/bin/env node
// Runs the built CLI. A packed tarball carries dist/ (the "prepack" script builds it); in a clone of the
// repository `npm start`, `npm test` and `npm run build` build it first. The single bundled file starts
// faster than the compiled modules of dist/cli/ (see .ci/bundle.mjs); those are the fallback when only
// tsc ran.
import { existsSync } from 'node:fs';

process.env.TZ = 'UTC';
const bundle = new URL('../dist/policymark.mjs', import.meta.url);
import(existsSync(bundle) ? bundle.href : '../dist/cli/main.js').then(
  (cli) => cli.run(),
  (error) => {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
      process.stderr.write('policymark is not built yet: run "npm run build" in its folder (npm start and npm test build it for you).\n');
    } else {
      process.stderr.write(`policymark could not start: ${error && error.message}\n`);
    }
    process.exitCode = 2;
  },
);
