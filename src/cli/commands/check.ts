import { checkProject } from '../../pipeline/check.js';
import { EXIT_CONTENT, EXIT_OK, UsageError, note, type CliIo } from '../io.js';
import { TOOL_VERSION } from '../../load/package-info.js';
import { formatCodeQuality } from '../format-codequality.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { batchFiles, shown } from '../client-batch.js';
import { CHECK_FORMATS, type CheckFormat, formatGithub, formatSarif, summaryLine, printDiagnostics } from '../print-diagnostics.js';
import { listFlag, parseFlags, PROJECT_OPTIONS, projectLocation } from '../options.js';
import { styleFor } from '../style.js';

export const CHECK_USAGE = `Usage: policymark check [options] [ORGANISATION_FILE|FOLDER ...]

Validates the organisation file, every section module, policy manifest and framework catalog, and
composes every policy in every language of the organisation, without writing anything. Reports
overrides and tailoring that no longer match the library. Several organisation files, or a folder of
clients, are checked one after the other, as build takes them (a file named with a leading _ or
without an id or legalName is skipped with a note); json then gives { ok, organisations: [{ file, ok,
diagnostics }] }.

Options:
  --org FILE         organisation variables file (default: organisation.yaml)
  --library DIR|PKG  module library holding policy-modules/ and frameworks/: a folder or an installed
                     npm package (default: the organisation file's \`library:\`, else the bundled one)
  --template         check as a fill-in template: values left empty are placeholders, not errors
  --format FORMAT    text (default, on stderr), json, sarif (SARIF 2.1.0 for code scanning),
                     github (workflow annotations) or codequality (GitLab's Code Quality report);
                     all but text go to stdout
  --json             the same as --format json
  -q, --quiet        only errors on stderr
  -h, --help         show this help
`;

export async function runCheck(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, { ...PROJECT_OPTIONS, template: { type: 'boolean', default: false }, format: { type: 'string' } }, CHECK_USAGE, true);
  if (values.help) {
    io.stdout.write(CHECK_USAGE);
    return EXIT_OK;
  }
  const formats = listFlag(values.format, CHECK_FORMATS, 'format', CHECK_USAGE);
  if (formats.length > 1) throw new UsageError(`--format takes one format, not "${formats.join(',')}".`, CHECK_USAGE);
  const [format = values.json ? 'json' : 'text'] = formats;
  const given = [...(values.org === undefined ? [] : [values.org]), ...positionals];
  const batch = await batchFiles(given, io, CHECK_USAGE);
  if (batch) return checkBatch(batch, format, values, io);
  const result = await checkProject({ ...projectLocation(io, { ...values, org: given[0] }), policies: [], langs: [], template: values.template });
  if (format === 'sarif' || format === 'github' || format === 'codequality') {
    io.stdout.write(format === 'sarif' ? formatSarif(result.diagnostics, TOOL_VERSION) : format === 'github' ? formatGithub(result.diagnostics) : formatCodeQuality(result.diagnostics));
    return result.ok ? EXIT_OK : EXIT_CONTENT;
  }
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify({ ok: result.ok, diagnostics: result.diagnostics }, null, 2)}\n`);
    return result.ok ? EXIT_OK : EXIT_CONTENT;
  }
  const style = styleFor(io.stderr.isTTY === true, io.env);
  printDiagnostics(io, result.diagnostics);
  if (result.ok) {
    const count = result.documents.length;
    note(io, `${style.green('OK')}: ${result.project.policies.size} policies, ${result.project.modules.size} section modules, ${count} document${count === 1 ? '' : 's'} composed${result.diagnostics.length > 0 ? ` (${summaryLine(result.diagnostics)})` : ''}.\n`);
    return EXIT_OK;
  }
  return EXIT_CONTENT;
}

/** A batch: each organisation checked in turn; every report names its file, SARIF and annotations are one list. */
async function checkBatch(files: readonly string[], format: CheckFormat, values: { library?: string | undefined; template: boolean }, io: CliIo): Promise<number> {
  const results: { file: string; ok: boolean; diagnostics: readonly Diagnostic[] }[] = [];
  const style = styleFor(io.stderr.isTTY === true, io.env);
  for (const file of files) {
    const result = await checkProject({ ...projectLocation(io, { org: file, library: values.library }), policies: [], langs: [], template: values.template });
    results.push({ file: shown(io, file), ok: result.ok, diagnostics: result.diagnostics });
    if (format !== 'text') continue;
    if (result.diagnostics.length > 0 && (!io.quiet || !result.ok)) io.stderr.write(`${style.bold(`${shown(io, file)}:`)}\n`);
    printDiagnostics(io, result.diagnostics);
    if (result.ok) note(io, `${style.green('OK')}: ${shown(io, file)}\n`);
  }
  const ok = results.every((r) => r.ok);
  const all = results.flatMap((r) => r.diagnostics);
  if (format === 'sarif') io.stdout.write(formatSarif(all, TOOL_VERSION));
  else if (format === 'github') io.stdout.write(formatGithub(all));
  else if (format === 'codequality') io.stdout.write(formatCodeQuality(all));
  else if (format === 'json') io.stdout.write(`${JSON.stringify({ ok, organisations: results }, null, 2)}\n`);
  else note(io, `${results.length - results.filter((r) => !r.ok).length} of ${results.length} organisations OK.\n`);
  return ok ? EXIT_OK : EXIT_CONTENT;
}
