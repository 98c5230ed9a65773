import path from 'node:path';
import { upgradeSummaryToMarkdown } from '../../library/upgrade-report.js';
import { upgradeClients } from '../../pipeline/upgrade.js';
import { EXIT_CONTENT, EXIT_OK, UsageError, note, type CliIo } from '../io.js';
import { printDiagnostics } from '../print-diagnostics.js';
import { parseFlags, PROJECT_OPTIONS, projectLocation } from '../options.js';

export const UPGRADE_USAGE = `Usage: policymark upgrade --to VERSION|DIR|PKG [options] [CLIENTS_FOLDER|ORGANISATION_FILE ...]

Upgrades client projects from the library version each one records (\`libraryVersion:\` in its
organisation file) to a new one. For every client: the modules and policies the library added,
removed and changed (word by word), a three-way merge of each of the client's overrides (base: the
old library file, ours: the client's, theirs: the new library's), the exclusions and insertions that
name changed or removed sections, and the released policies that need a new release. Without
--apply nothing is written into the clients.

Options:
  --to VERSION|DIR|PKG  the new library: a folder, an installed npm package, or a version that the
                        library each client names must now be
  --from DIR|PKG        the library as it was at the clients' recorded version (default: the library
                        each client names); its declared version must match the recorded one
  --apply               write the clean merges and the new libraryVersion (and library:) into each
                        client without conflicts; a client with conflicts gets <file>.conflict files
                        with the markers, and nothing applied
  --allow-conflicts     with --apply, write merges with conflict markers into the overrides too
  --out DIR             write a report per client (<id>.md, <id>.json) and summary.md, summary.json
  --org FILE            one organisation file (default: organisation.yaml, when no client is named)
  --library DIR|PKG     the library the clients build from now, instead of their \`library:\`
  --json                print the reports and the summary as JSON on stdout
  -h, --help            show this help
`;

export async function runUpgrade(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    ...PROJECT_OPTIONS,
    to: { type: 'string' },
    from: { type: 'string' },
    apply: { type: 'boolean', default: false },
    'allow-conflicts': { type: 'boolean', default: false },
    out: { type: 'string' },
  }, UPGRADE_USAGE, true);
  if (values.help) {
    io.stdout.write(UPGRADE_USAGE);
    return EXIT_OK;
  }
  if (values.to === undefined) throw new UsageError('Name the library to upgrade to with --to VERSION, a folder or a package.', UPGRADE_USAGE);
  if (values['allow-conflicts'] && !values.apply) throw new UsageError('--allow-conflicts only means something with --apply.', UPGRADE_USAGE);
  if (values.org !== undefined && positionals.length > 0) throw new UsageError('Give either --org FILE or client folders and files, not both.', UPGRADE_USAGE);
  const clients = positionals.length > 0 ? positionals : [values.org ?? 'organisation.yaml'];
  const result = await upgradeClients({
    root: io.cwd,
    clients: clients.map((c) => path.resolve(io.cwd, c)),
    to: values.to,
    from: values.from,
    library: projectLocation(io, { library: values.library }).libraryDir,
    apply: values.apply,
    allowConflicts: values['allow-conflicts'],
    out: values.out === undefined ? undefined : path.resolve(io.cwd, values.out),
  });
  const diagnostics = [...result.diagnostics, ...result.clients.flatMap((c) => c.diagnostics)];
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ ok: result.ok, summary: result.summary, clients: result.clients, diagnostics: result.diagnostics, written: result.written }, null, 2)}\n`);
  } else {
    if (diagnostics.length > 0) printDiagnostics(io, diagnostics);
    io.stdout.write(upgradeSummaryToMarkdown(result.summary));
    if (result.written.length > 0) note(io, `Wrote ${result.written.length} file${result.written.length === 1 ? '' : 's'}.\n`);
  }
  return result.ok ? EXIT_OK : EXIT_CONTENT;
}
