import path from 'node:path';
import type { PolicyDiff } from '../../diff/diff-models.js';
import { diffToMarkdown } from '../../render/markdown/diff-to-markdown.js';
import { diffVersions, type VersionRef } from '../../pipeline/diff.js';
import { LANGUAGES } from '../../schema/common.js';
import { batchFiles, shown } from '../client-batch.js';
import { EXIT_CONTENT, EXIT_OK, UsageError, note, type CliIo } from '../io.js';
import { printDiagnostics } from '../print-diagnostics.js';
import { listFlag, parseFlags, PROJECT_OPTIONS, projectLocation, today } from '../options.js';

export const DIFF_USAGE = `Usage: policymark diff <policy>@<version> <policy>@<version|working> [options]

Compares two versions of a policy as documents, not as text files: policy details, organisation
variables, sections added, removed, moved or renamed, word-level changes inside each section, and
control mappings added or removed. "working" is the current working copy. With --org naming a folder
of clients (as build takes them), the policy is compared for each client: md one section per client,
json { organisations: [{ file, ok, diff | diagnostics }] }; docx takes one organisation.

Options:
  --format FORMAT    md (a reviewer's summary, the default), json, or docx: the newer version as a
                     Word document with real tracked changes (author and date) to accept or reject
  --out FILE         where to write the .docx (default: <policy>-<a>-to-<b>.redline.docx)
  --lang LANG        the language to compare (default: the organisation's first)
  --org FILE|FOLDER  organisation variables file, or a folder of clients (default: organisation.yaml)
  --library DIR      module library (default: the bundled one)
  --json             same as --format json
  -h, --help         show this help

Example: policymark diff incident-management@1.0.0 incident-management@working
`;

export async function runDiff(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, { ...PROJECT_OPTIONS, format: { type: 'string' }, lang: { type: 'string' }, out: { type: 'string' } }, DIFF_USAGE, true);
  if (values.help) {
    io.stdout.write(DIFF_USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 2) throw new UsageError('Name two versions to compare, such as incident-management@1.0.0 incident-management@working.', DIFF_USAGE);
  const [from, to] = positionals.map(parseRef) as [VersionRef, VersionRef];
  const [format = values.json ? 'json' : 'md'] = listFlag(values.format, ['md', 'json', 'docx'] as const, 'format', DIFF_USAGE);
  const [lang] = listFlag(values.lang, LANGUAGES, 'lang', DIFF_USAGE);
  const batch = values.org === undefined ? undefined : await batchFiles([values.org], io, DIFF_USAGE);
  if (batch) {
    if (format === 'docx') throw new UsageError('--format docx takes one organisation; use md or json for a folder of clients.', DIFF_USAGE);
    const results: unknown[] = [];
    let ok = true;
    for (const file of batch) {
      const result = await diffVersions({ ...projectLocation(io, { org: file, library: values.library }), from, to, lang, today: today(io.env, DIFF_USAGE), redline: undefined });
      ok &&= result.ok;
      if (format === 'json') results.push(result.ok ? { file: shown(io, file), ok: true, diff: result.diff } : { file: shown(io, file), ok: false, diagnostics: result.diagnostics });
      else if (!result.ok) printDiagnostics(io, result.diagnostics);
      else io.stdout.write(`${results.push(file) > 1 ? '\n' : ''}<!-- ${shown(io, file)} -->\n${diffToMarkdown(result.diff, result.to.model.policy.title)}`);
    }
    if (format === 'json') io.stdout.write(`${JSON.stringify({ ok, organisations: results }, null, 2)}\n`);
    return ok ? EXIT_OK : EXIT_CONTENT;
  }
  const redline = format === 'docx' ? { file: path.resolve(io.cwd, values.out ?? `${to.policy}-${from.version}-to-${to.version}.redline.docx`) } : undefined;
  const result = await diffVersions({ ...projectLocation(io, values), from, to, lang, today: today(io.env, DIFF_USAGE), redline });
  if (!result.ok) {
    if (format === 'json') io.stdout.write(`${JSON.stringify({ ok: false, diagnostics: result.diagnostics }, null, 2)}\n`);
    else printDiagnostics(io, result.diagnostics);
    return EXIT_CONTENT;
  }
  if (result.redline) {
    io.stdout.write(`${path.relative(io.cwd, result.redline).split(path.sep).join('/')}\n`);
    note(io, `Wrote the redline of ${to.policy} ${from.version} → ${to.version}: ${summaryCount(result.diff)}.\n`);
    return EXIT_OK;
  }
  io.stdout.write(format === 'json' ? `${JSON.stringify(result.diff, null, 2)}\n` : diffToMarkdown(result.diff, result.to.model.policy.title));
  return EXIT_OK;
}

function summaryCount(diff: PolicyDiff): string {
  const sections = new Set(diff.sections.map((c) => c.id)).size;
  return sections === 0 ? 'no section changed' : `${sections} section${sections === 1 ? '' : 's'} changed`;
}

function parseRef(value: string): VersionRef {
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) throw new UsageError(`"${value}" is not a version reference; write <policy>@<version>, e.g. incident-management@1.2.0.`, DIFF_USAGE);
  return { policy: value.slice(0, at), version: value.slice(at + 1) };
}
