import path from 'node:path';
import { CI_SYSTEMS } from '../../load/starter-project.js';
import { initProject } from '../../pipeline/init-project.js';
import { diagnostic } from '../../diagnostics/diagnostic.js';
import { EXIT_CONTENT, EXIT_OK, type CliIo } from '../io.js';
import { listFlag, parseFlags } from '../options.js';

export const INIT_USAGE = `Usage: policymark init [DIR] [--ci github|gitlab] [--package SPEC]

Creates a new organisation project in DIR (default: the current folder):
  organisation.yaml  every variable filled with example values, linked to the JSON Schema in the
                     project's node_modules/policymark, so that editors autocomplete after npm install
  package.json       policymark as a devDependency and the scripts check, build and register, so that
                     "npx policymark" runs the project's own version on every machine and in CI
  .gitignore         output/, node_modules/ and review/; lines missing from an existing one are added
The project builds as created; then replace the values. An existing organisation.yaml stops init, and
no other existing file is overwritten.

Options:
  --ci SYSTEM        also write a CI workflow: github (.github/workflows/policies.yml) or gitlab
                     (.gitlab-ci.yml): check with annotations, overdue reviews, build, and on a pull or
                     merge request "policymark review" with the Word redlines as artifacts
  --package SPEC     how package.json names policymark: a version, or the path of a packed tarball
                     (default: this version; while policymark is not on the npm registry,
                     file:policymark-<version>.tgz, the tarball kept in the project)
  --json             print the result as JSON on stdout: { ok, diagnostics, dir, written, kept,
                     gitignoreAdded, packageSpec, tarballNeeded } (tarballNeeded: null, or the tarball
                     to put into the project); with an existing organisation file { ok: false,
                     diagnostics, dir } with init/exists
  -h, --help         show this help
`;

export async function runInit(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    help: { type: 'boolean', short: 'h', default: false },
    ci: { type: 'string' },
    package: { type: 'string' },
    json: { type: 'boolean', default: false },
  }, INIT_USAGE, true);
  if (values.help) {
    io.stdout.write(INIT_USAGE);
    return EXIT_OK;
  }
  const dir = path.resolve(io.cwd, positionals[0] ?? '.');
  const ci = listFlag(values.ci, CI_SYSTEMS, 'ci', INIT_USAGE);
  const given = values.package;
  const packageSpec = given !== undefined && /\.(tgz|tar\.gz)$/.test(given) && !/^(file|https?):/.test(given) ? path.resolve(io.cwd, given) : given;
  const result = await initProject({ dir, ci, packageSpec });
  const shown = (file: string): string => path.relative(io.cwd, file).split(path.sep).join('/');
  const rel = shown(dir) || '.';
  if ('exists' in result) {
    const exists = diagnostic('init/exists', shown(result.exists), { line: 0, column: 0 }, 'An organisation file already exists here; init never overwrites it.', { hint: 'Choose another folder: policymark init <dir>.' });
    if (values.json) io.stdout.write(`${JSON.stringify({ ok: false, diagnostics: [exists], dir: rel }, null, 2)}\n`);
    else io.stderr.write(`${exists.file}  error  ${exists.message}  ${exists.code}\n  hint: ${exists.hint ?? ''}\n`);
    return EXIT_CONTENT;
  }
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ ok: true, diagnostics: [], dir: rel, written: result.written, kept: result.kept, gitignoreAdded: result.gitignoreAdded, packageSpec: result.packageSpec, tarballNeeded: result.tarballNeeded ?? null }, null, 2)}\n`);
    return EXIT_OK;
  }
  const lines = [`Created ${result.written.map((name) => (name === '.gitignore' && result.gitignoreAdded.length > 0 ? `.gitignore (added ${result.gitignoreAdded.join(', ')})` : name)).join(', ')} in ${rel}.`];
  if (result.kept.length > 0) lines.push(`Kept as they were: ${result.kept.join(', ')}.${result.kept.includes('package.json') ? ' Add policymark to its devDependencies if it is not there.' : ''}`);
  if (result.tarballNeeded) lines.push(`policymark is not on the npm registry yet: put ${result.tarballNeeded} (made by "npm pack" in policymark's folder) into ${rel}, or run init with --package <path to the tarball>.`);
  lines.push(`Next: ${rel === '.' ? '' : `cd ${rel} && `}npm install && npx policymark check && npx policymark build`);
  io.stderr.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}
