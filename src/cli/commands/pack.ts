import path from 'node:path';
import { packRelease } from '../../pipeline/pack.js';
import { EXIT_CONTENT, EXIT_OK, UsageError, note, type CliIo } from '../io.js';
import { printDiagnostics } from '../print-diagnostics.js';
import { clockToday, parseFlags, PROJECT_OPTIONS, projectLocation } from '../options.js';
import { styleFor } from '../style.js';

export const PACK_USAGE = `Usage: policymark pack <policy>@<version> [options]

Writes the evidence pack of one release: a zip holding the documents in every language and format,
the release file and its signature, the allowed_signers lines that admit its signer, a one-page proof
of approval (PDF), the policy's register row, and manifest.json with every file's sha256. An auditor
checks it offline with "policymark verify PACK.zip", or the signature alone with ssh-keygen -Y verify.
Two packs of the same release are byte-identical.

Options:
  --out FILE         where to write it (default: output/<org>/<policy>/<version>/<policy>-<version>-evidence.zip)
  --org FILE         organisation variables file (default: organisation.yaml)
  --library DIR      module library (default: the bundled one)
  --json             print the result as JSON
  -h, --help         show this help
`;

export async function runPack(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, { ...PROJECT_OPTIONS, out: { type: 'string' } }, PACK_USAGE, true);
  if (values.help) {
    io.stdout.write(PACK_USAGE);
    return EXIT_OK;
  }
  const match = positionals.length === 1 ? /^([^@]+)@(.+)$/.exec(positionals[0]!) : null;
  if (!match) throw new UsageError('Name one release as <policy>@<version>, e.g. incident-management@1.1.0.', PACK_USAGE);
  const result = await packRelease({ ...projectLocation(io, values), policy: match[1]!, version: match[2]!, out: values.out === undefined ? undefined : path.resolve(io.cwd, values.out), today: clockToday() });
  const shown = result.file ? path.relative(io.cwd, result.file).split(path.sep).join('/') : null;
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ ok: result.ok, diagnostics: result.diagnostics, file: shown, entries: result.entries ?? [] }, null, 2)}\n`);
    return result.ok ? EXIT_OK : EXIT_CONTENT;
  }
  const style = styleFor(io.stderr.isTTY === true, io.env);
  printDiagnostics(io, result.diagnostics);
  if (!result.ok) return EXIT_CONTENT;
  io.stdout.write(`${shown}\n`);
  note(io, `${style.green('Packed')} ${match[1]} ${match[2]}: ${result.entries?.length} files.\n`);
  return EXIT_OK;
}
