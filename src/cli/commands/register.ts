import { registerReport } from '../../pipeline/reports.js';
import { registerToCsv } from '../../render/csv/register-to-csv.js';
import { registerToMarkdown } from '../../render/markdown/register-to-markdown.js';
import { EXIT_CONTENT, EXIT_OK, type CliIo } from '../io.js';
import { formatDiagnostics } from '../print-diagnostics.js';
import { dateFlag, listFlag, parseFlags, PROJECT_OPTIONS, projectLocation, today } from '../options.js';
import { styleFor } from '../style.js';

export const REGISTER_USAGE = `Usage: policymark register [options]

The policy register: every policy of the organisation with its title, owner, current version,
approval date, approver, next review date and status (draft, current, review due within 30 days,
review overdue), most urgent first. "unreleased changes" marks a policy whose working copy differs
from its latest release.

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
  const { values } = parseFlags(args, {
    ...PROJECT_OPTIONS,
    format: { type: 'string' },
    'fail-on-overdue': { type: 'boolean', default: false },
    today: { type: 'string' },
  }, REGISTER_USAGE);
  if (values.help) {
    io.stdout.write(REGISTER_USAGE);
    return EXIT_OK;
  }
  const [format = values.json ? 'json' : 'md'] = listFlag(values.format, ['md', 'csv', 'json'] as const, 'format', REGISTER_USAGE);
  const date = values.today === undefined ? today(io.env, REGISTER_USAGE) : dateFlag(values.today, 'today', REGISTER_USAGE);
  const composed = await registerReport({ ...projectLocation(io, values), today: date });
  if (!composed.ok) {
    io.stderr.write(formatDiagnostics(composed.diagnostics, styleFor(io.stderr.isTTY === true, io.env)));
    return EXIT_CONTENT;
  }
  const rows = composed.value;
  const output =
    format === 'json' ? `${JSON.stringify({ organisation: composed.project.organisation.legalName ?? composed.project.organisation.id, today: date, policies: rows }, null, 2)}\n`
    : format === 'csv' ? registerToCsv(rows)
    : registerToMarkdown(composed.project.organisation.legalName ?? composed.project.organisation.id, date, rows);
  io.stdout.write(output);
  const overdue = rows.filter((r) => r.status === 'review-overdue');
  if (overdue.length > 0) io.stderr.write(`${overdue.length} polic${overdue.length === 1 ? 'y has' : 'ies have'} an overdue review: ${overdue.map((r) => r.policy).join(', ')}.\n`);
  return values['fail-on-overdue'] && overdue.length > 0 ? EXIT_CONTENT : EXIT_OK;
}
