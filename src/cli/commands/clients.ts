import path from 'node:path';
import { clientsOverview } from '../../pipeline/clients-overview.js';
import { clientsToCsv } from '../../render/csv/clients-to-csv.js';
import { clientsToMarkdown } from '../../render/markdown/clients-to-markdown.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { EXIT_CONTENT, EXIT_OK, type CliIo } from '../io.js';
import { printDiagnostics } from '../print-diagnostics.js';
import { dateFlag, listFlag, parseFlags, projectLocation, today } from '../options.js';

export const CLIENTS_USAGE = `Usage: policymark clients [options] [CLIENTS_FOLDER|ORGANISATION_FILE ...]

One line per client: the library version its organisation file records and the version its library
declares now, how many policies it has released and the latest release, overdue reviews and reviews
due within 30 days, released policies with unreleased changes, drafts, and the share of staff
acknowledgements of the current material versions. A folder stands for each *.yaml in it and each
<client>/organisation.yaml one level down (default: the current folder).

Options:
  --format FORMAT    md, csv or json (default: md)
  --today YYYY-MM-DD the date to judge overdue reviews against (default: SOURCE_DATE_EPOCH, else today)
  --library DIR      module library of every client, instead of each one's \`library:\`
  --json             same as --format json
  -h, --help         show this help
`;

export async function runClients(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    format: { type: 'string' },
    today: { type: 'string' },
    library: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  }, CLIENTS_USAGE, true);
  if (values.help) {
    io.stdout.write(CLIENTS_USAGE);
    return EXIT_OK;
  }
  const [format = values.json ? 'json' : 'md'] = listFlag(values.format, ['md', 'csv', 'json'] as const, 'format', CLIENTS_USAGE);
  const date = values.today === undefined ? today(io.env, CLIENTS_USAGE) : dateFlag(values.today, 'today', CLIENTS_USAGE);
  const { rows, diagnostics } = await clientsOverview({
    root: io.cwd,
    clients: (positionals.length > 0 ? positionals : ['.']).map((c) => path.resolve(io.cwd, c)),
    library: projectLocation(io, { library: values.library }).libraryDir,
    today: date,
  });
  if (diagnostics.length > 0) printDiagnostics(io, diagnostics);
  io.stdout.write(format === 'json' ? `${JSON.stringify({ today: date, clients: rows }, null, 2)}\n` : format === 'csv' ? clientsToCsv(rows) : clientsToMarkdown(date, rows));
  return hasErrors(diagnostics) ? EXIT_CONTENT : EXIT_OK;
}
