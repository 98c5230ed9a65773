import { registerReport } from '../../pipeline/reports.js';
import { registerToCsv } from '../../render/csv/register-to-csv.js';
import { registerToMarkdown } from '../../render/markdown/register-to-markdown.js';
import path from 'node:path';
import { batchFiles, shown } from '../client-batch.js';
import { EXIT_CONTENT, EXIT_OK, note, UsageError, type CliIo } from '../io.js';
import { printDiagnostics } from '../print-diagnostics.js';
import { dateFlag, listFlag, parseFlags, PROJECT_OPTIONS, projectLocation, today } from '../options.js';

export const REGISTER_USAGE = `Usage: policymark register [options] [ORGANISATION_FILE|FOLDER ...]

The policy register: every policy of the organisation with its title, owner, current version,
approval date, approver, next review date and status (draft, current, review due within 30 days,
review overdue), most urgent first. "unreleased changes" marks a policy whose working copy differs
from its latest release. Several organisation files, or a folder of clients (as build takes them),
give one register per organisation: md one after the other, json { today, organisations: [{ file,
organisation, policies }] }; csv takes one organisation.

Options:
  --format FORMAT    md, csv or json (default: md)
  --fail-on-overdue  exit 1 when any review is overdue (for CI)
  --today YYYY-MM-DD the date to judge overdue reviews against (default: SOURCE_DATE_EPOCH, else today)
  --org FILE         organisation variables file (default: organisation.yaml)
  --library DIR      module library (default: the bundled one)
  --json             same as --format json
  -h, --help         show this help
`;

export async function runRegister(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    ...PROJECT_OPTIONS,
    format: { type: 'string' },
    'fail-on-overdue': { type: 'boolean', default: false },
    today: { type: 'string' },
  }, REGISTER_USAGE, true);
  if (values.help) {
    io.stdout.write(REGISTER_USAGE);
    return EXIT_OK;
  }
  const [format = values.json ? 'json' : 'md'] = listFlag(values.format, ['md', 'csv', 'json'] as const, 'format', REGISTER_USAGE);
  const date = values.today === undefined ? today(io.env, REGISTER_USAGE) : dateFlag(values.today, 'today', REGISTER_USAGE);
  const given = [...(values.org === undefined ? [] : [values.org]), ...positionals];
  const batch = await batchFiles(given, io, REGISTER_USAGE);
  if (batch && format === 'csv') throw new UsageError('--format csv takes one organisation; use md or json for a folder of clients.', REGISTER_USAGE);
  const overdue: string[] = [];
  const registers: { file: string; organisation?: string; policies?: unknown[]; diagnostics?: unknown[] }[] = [];
  let failed = false;
  let printed = 0;
  for (const file of batch ?? [given[0]]) {
    const composed = await registerReport({ ...projectLocation(io, { org: file, library: values.library }), today: date });
    if (!composed.ok) {
      if (batch && format === 'json') registers.push({ file: shown(io, path.resolve(io.cwd, file ?? 'organisation.yaml')), diagnostics: [...composed.diagnostics] });
      printDiagnostics(io, composed.diagnostics);
      failed = true;
      continue;
    }
    const rows = composed.value;
    const name = composed.project.organisation.legalName ?? composed.project.organisation.id;
    overdue.push(...rows.filter((r) => r.status === 'review-overdue').map((r) => (batch ? `${r.policy} (${shown(io, file!)})` : r.policy)));
    if (format === 'json') registers.push({ file: shown(io, path.resolve(io.cwd, file ?? 'organisation.yaml')), organisation: name, policies: rows });
    else io.stdout.write(format === 'csv' ? registerToCsv(rows) : `${printed > 0 ? '\n' : ''}${registerToMarkdown(name, date, rows)}`);
    printed += 1;
  }
  if (format === 'json') {
    const single = registers[0];
    io.stdout.write(`${JSON.stringify(batch ? { today: date, organisations: registers } : { organisation: single?.organisation, today: date, policies: single?.policies ?? [] }, null, 2)}\n`);
  }
  if (failed) return EXIT_CONTENT;
  const fails = values['fail-on-overdue'] && overdue.length > 0;
  if (overdue.length > 0) (fails ? (text: string) => io.stderr.write(text) : (text: string) => note(io, text))(`${overdue.length} polic${overdue.length === 1 ? 'y has' : 'ies have'} an overdue review: ${overdue.join(', ')}.\n`);
  return fails ? EXIT_CONTENT : EXIT_OK;
}
