import path from 'node:path';
import { importAcknowledgements } from '../../pipeline/acknowledge.js';
import { EXIT_CONTENT, EXIT_OK, UsageError, note, type CliIo } from '../io.js';
import { printDiagnostics } from '../print-diagnostics.js';
import { clockToday, parseFlags, PROJECT_OPTIONS, projectLocation } from '../options.js';
import { styleFor } from '../style.js';

export const ACK_USAGE = `Usage: policymark ack import FILE.csv [options]

Records staff acknowledgements of released policies in the ledger releases/acknowledgements.csv
(commit it). FILE.csv is what an HR system or e-signature service exports: a header line naming the
columns person, e-mail, policy, version and date (any order; comma or semicolon separated), then one
acknowledgement per line. person is a person of the organisation file (id or full name; the e-mail
identifies them when the name does not); version is a released version; date (YYYY-MM-DD) is no
earlier than that release and no later than today. Every problem is reported at its line and column,
and nothing is recorded unless the whole file is sound. Importing the same file twice changes nothing.
"policymark register" shows who has and has not acknowledged each policy's current material version.

Options:
  --org FILE         organisation variables file (default: organisation.yaml)
  --library DIR      module library (default: the bundled one)
  --json             print the result as JSON
  -h, --help         show this help
`;

export async function runAck(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, PROJECT_OPTIONS, ACK_USAGE, true);
  if (values.help) {
    io.stdout.write(ACK_USAGE);
    return EXIT_OK;
  }
  const [action, file, ...rest] = positionals;
  if (action !== 'import' || file === undefined || rest.length > 0) throw new UsageError('Say "ack import FILE.csv".', ACK_USAGE);
  const result = await importAcknowledgements({ ...projectLocation(io, values), file: path.resolve(io.cwd, file), today: clockToday() });
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ ok: result.ok, diagnostics: result.diagnostics, ledger: result.ledger ?? null, imported: result.imported ?? 0, added: result.added ?? 0, total: result.total ?? null }, null, 2)}\n`);
    return result.ok ? EXIT_OK : EXIT_CONTENT;
  }
  const style = styleFor(io.stderr.isTTY === true, io.env);
  printDiagnostics(io, result.diagnostics);
  if (!result.ok) {
    io.stderr.write('Nothing was recorded.\n');
    return EXIT_CONTENT;
  }
  note(io, `${style.green('Recorded')} ${result.added} new acknowledgement${result.added === 1 ? '' : 's'} of ${result.imported} in the file; ${result.total} in ${result.ledger}. Commit it.\n`);
  return EXIT_OK;
}
