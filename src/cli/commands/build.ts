import { availableParallelism } from 'node:os';
import path from 'node:path';
import { build, FORMATS } from '../../pipeline/build.js';
import type { SharedBuildOptions } from '../../pipeline/batch/run-batch.js';
import { parseShard, type Shard } from '../../pipeline/batch/shard.js';
import { isFolder } from '../../load/organisation-files.js';
import { LANGUAGES } from '../../schema/languages.js';
import { EXIT_CONTENT, EXIT_OK, UsageError, note, type CliIo } from '../io.js';
import { formatDiagnostics, printDiagnostics } from '../print-diagnostics.js';
import { listFlag, versionFlag, parseFlags, PROJECT_OPTIONS, projectLocation, sourceDateEpoch } from '../options.js';
import { progressLine } from '../progress.js';
import { styleFor } from '../style.js';

export const BUILD_USAGE = `Usage: policymark build [options] [ORGANISATION_FILE|FOLDER ...]

Composes the organisation's policies (the latest release of each, or the working draft where a
policy has no release) and writes them to
<out>/<organisation>/<policy>/<version>/<policy>[.<lang>].<ext> with a manifest.json.
Nothing is written when any input has an error. A rebuild whose inputs did not change writes
nothing and takes a fraction of the time.

Several organisation files, or a folder of them (each *.yaml in it, and each
<client>/organisation.yaml one level down), are built as a batch: in parallel, one
organisation per worker; a client whose input has errors fails alone, with its
diagnostics; a summary table follows.

Options:
  --org FILE         organisation variables file (default: organisation.yaml)
  --policy ID        build only this policy; repeat or separate with commas (default: all)
  --format LIST      ${FORMATS.join(',')} (default: all)
  --lang LIST        ${LANGUAGES.join(',')} (default: every language of the organisation)
  --version X.Y.Z    build this release of the policy (default: the latest release)
  --draft            build the working draft, marked DRAFT, even where releases exist
  --template         build fill-in templates: every value left empty in the organisation file is
                     printed as a highlighted placeholder, listed in a "to complete" checklist at
                     the start; written to the "template" version folder
  --out DIR          output folder (default: output)
  --library DIR|PKG  module library holding policy-modules/ and frameworks/: a folder or an installed
                     npm package (default: the organisation file's \`library:\`, else the bundled one)
  --jobs N           batch: organisations built at the same time (default: one per CPU core)
  -q, --quiet        only errors on stderr: no progress bar, no summary, no list of files
  --shard I/N        batch: build only share I of N of the organisation files (chosen by a hash of
                     each file's path relative to the current folder), for a CI matrix: the N shards
                     together write exactly what one build of them all writes
  --json             print the result as JSON on stdout
  -h, --help         show this help
`;

export async function runBuild(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    ...PROJECT_OPTIONS,
    org: { type: 'string', multiple: true },
    jobs: { type: 'string' },
    shard: { type: 'string' },
    policy: { type: 'string', multiple: true },
    format: { type: 'string', multiple: true },
    lang: { type: 'string', multiple: true },
    out: { type: 'string' },
    version: { type: 'string' },
    draft: { type: 'boolean', default: false },
    template: { type: 'boolean', default: false },
  }, BUILD_USAGE, true);
  if (values.help) {
    io.stdout.write(BUILD_USAGE);
    return EXIT_OK;
  }
  if (values.draft && values.version) throw new UsageError('Use either --draft or --version, not both.', BUILD_USAGE);
  if (values.template && values.version) throw new UsageError('A template is built from the working draft; --version does not apply.', BUILD_USAGE);
  if (values.version !== undefined) versionFlag(values.version, BUILD_USAGE);
  const formats = listFlag(values.format, FORMATS, 'format', BUILD_USAGE);
  const langs = listFlag(values.lang, LANGUAGES, 'lang', BUILD_USAGE);
  const policies = (values.policy ?? []).flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean);
  const outDir = path.resolve(io.cwd, values.out ?? 'output');
  const organisations = [...(values.org ?? []), ...positionals];
  const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw new UsageError(`--jobs must be a whole number from 1 to 256, not "${values.jobs}".`, BUILD_USAGE);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (values.shard !== undefined && !shard) throw new UsageError(`--shard must be I/N with 1 <= I <= N <= 10000, such as 2/4, not "${values.shard}".`, BUILD_USAGE);
  const shared: SharedBuildOptions = {
    root: io.cwd,
    libraryDir: projectLocation(io, { library: values.library }).libraryDir,
    outDir,
    policies,
    formats: formats.length > 0 ? formats : [...FORMATS],
    langs,
    select: values.draft ? { kind: 'draft' } : values.version ? { kind: 'version', version: values.version } : { kind: 'latest' },
    sourceDateEpoch: sourceDateEpoch(io.env, BUILD_USAGE),
    template: values.template,
  };
  // A shard is a share of a batch, even of a batch of one file: the share may be empty.
  const isBatch = shard !== undefined || organisations.length > 1 || (organisations.length === 1 && (await isFolder(path.resolve(io.cwd, organisations[0]!))));
  if (isBatch) return runBatchBuild(organisations.length > 0 ? organisations : [projectLocation(io, {}).organisationFile], shared, jobs, { ...values, shard }, io);
  // A long build shows how many documents are rendered and about how long the rest will take.
  const progress = progressLine(io, { json: values.json, noun: 'documents' });
  const result = await build({ ...shared, organisationFile: projectLocation(io, { org: organisations[0] }).organisationFile, onProgress: (done, total) => progress.update(done, total) });
  progress.clear();
  if (values.json) {
    io.stdout.write(`${JSON.stringify({
      ok: result.ok,
      diagnostics: result.diagnostics,
      documents: result.documents.map(({ policy, lang, version, files }) => ({ policy, lang, version, files })),
      written: result.written,
      unchanged: result.unchanged,
      upToDate: result.upToDate === true,
    }, null, 2)}\n`);
    return result.ok ? EXIT_OK : EXIT_CONTENT;
  }
  const style = styleFor(io.stderr.isTTY === true, io.env);
  printDiagnostics(io, result.diagnostics);
  if (!result.ok) {
    io.stderr.write('Nothing was written.\n');
    return EXIT_CONTENT;
  }
  const outLabel = path.relative(io.cwd, outDir) || '.';
  const documents = `${result.documents.length} document${result.documents.length === 1 ? '' : 's'}`;
  // An up-to-date rebuild says so in one line: listing every file it did not write says nothing.
  if (result.upToDate) {
    note(io, `${style.green('Up to date')}: ${documents} in ${outLabel.split(path.sep).join('/')}; no input changed since the last build, nothing was written.\n`);
    return EXIT_OK;
  }
  if (!io.quiet) {
    for (const document of result.documents) {
      for (const file of document.files) io.stdout.write(`${path.posix.join(outLabel.split(path.sep).join('/'), file)}\n`);
    }
  }
  note(io, `${style.green('Built')} ${documents}: ${result.written.length} file${result.written.length === 1 ? '' : 's'} written, ${result.unchanged.length} unchanged.\n`);
  return EXIT_OK;
}

/** Several organisations: built in parallel, a progress bar on a terminal, a summary table at the end. */
async function runBatchBuild(
  given: readonly string[],
  shared: SharedBuildOptions,
  jobs: number,
  values: { json?: boolean; shard?: Shard | undefined },
  io: CliIo,
): Promise<number> {
  // Loaded here, so that building one organisation does not load the batch machinery.
  const [{ runBatch }, { organisationFiles }, { summaryLine, summaryTable }] = await Promise.all([
    import('../../pipeline/batch/run-batch.js'),
    import('../../load/organisation-files.js'),
    import('../batch-summary.js'),
  ]);
  const { files, missing, skipped } = await organisationFiles(given.map((file) => path.resolve(io.cwd, file)));
  if (missing.length > 0) throw new UsageError(`No such organisation file or folder: ${missing.map((m) => path.relative(io.cwd, m) || m).join(', ')}.`, BUILD_USAGE);
  for (const skip of skipped) note(io, `Skipped ${(path.relative(io.cwd, skip.file) || skip.file).split(path.sep).join('/')}: ${skip.reason}.\n`);
  if (files.length === 0) throw new UsageError(`No organisation files in ${given.join(', ')} (looked for *.yaml and */organisation.yaml).`, BUILD_USAGE);
  const style = styleFor(io.stderr.isTTY === true, io.env);
  const started = performance.now();
  // A batch of one (`build clients/acme`, `build examples/kestrel`) is one long build: "0/1
  // organisations" would say nothing until the end, so its bar counts documents, as a single build's.
  const ofDocuments = files.length === 1 && values.shard === undefined;
  const progress = progressLine(io, { json: values.json, noun: ofDocuments ? 'documents' : 'organisations' });
  const results = ofDocuments
    ? await runBatch(files, { ...shared, onProgress: (done, total) => progress.update(done, total) }, jobs)
    : await runBatch(files, shared, jobs, (batch) => progress.update(batch.done, batch.total, batch.failed), values.shard);
  progress.clear();
  const workers = Math.max(1, Math.min(jobs, results.length));
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ ok: results.every((r) => r.ok), organisations: results, skipped: skipped.map((skip) => ({ file: (path.relative(io.cwd, skip.file) || skip.file).split(path.sep).join('/'), reason: skip.reason })) }, null, 2)}\n`);
    return results.every((r) => r.ok) ? EXIT_OK : EXIT_CONTENT;
  }
  for (const result of results) {
    const shown = io.quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics;
    if (shown.length === 0) continue;
    io.stderr.write(`${style.bold(`${result.file}:`)}\n${formatDiagnostics(shown, style)}${result.ok ? '' : 'Nothing was written for this organisation.\n'}\n`);
  }
  if (!io.quiet) io.stdout.write(summaryTable(results));
  note(io, summaryLine(results, performance.now() - started, workers));
  if (values.shard) note(io, `Shard ${values.shard.index}/${values.shard.count}: ${results.length} of ${files.length} organisation files.\n`);
  return results.every((r) => r.ok) ? EXIT_OK : EXIT_CONTENT;
}
