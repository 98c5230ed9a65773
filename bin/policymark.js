#!/usr/bin/env node
// Runs the compiled CLI; `npm ci` compiles it (the "prepare" script).
process.env.TZ = 'UTC';
import('../dist/cli/main.js').then(
  (cli) => cli.run(),
  (error) => {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
      process.stderr.write('policymark is not built yet: run "npm run build" (npm ci does it for you).\n');
    } else {
      process.stderr.write(`policymark could not start: ${error && error.message}\n`);
    }
    process.exitCode = 2;
  },
);
