import path from 'node:path';
import { releasePolicy } from '../../pipeline/release.js';
import { EXIT_CONTENT, EXIT_OK, UsageError, note, type CliIo } from '../io.js';
import { printDiagnostics } from '../print-diagnostics.js';
import { clockToday, dateFlag, versionFlag, parseFlags, PROJECT_OPTIONS, projectLocation, today } from '../options.js';
import { styleFor } from '../style.js';
import { LANGUAGES, type Language } from '../../schema/common.js';

export const RELEASE_USAGE = `Usage: policymark release <policy> --version X.Y.Z --summary TEXT [options]

Freezes the working copy of a policy as an approved release: the composed documents in every language
of the organisation, the organisation variables and the sha256 of every input, sealed with a sha256 of
their own, stored in releases/<policy>/<version>.json beside the organisation file. Commit that file.
A release is never replaced: an existing, lower or malformed version is refused, and so is a date
before the last release's or after today. releases/<policy>/index.json lists the releases stored so
far (commit it too), so that a deleted release file is found. Two releases of one policy at once
take turns: the second waits for the first, then releases after it or is refused.

Options:
  --version X.Y.Z    the new version (greater than the last release)
  --summary TEXT     what changed, for the version history (in every language without its own)
  --summary-sv TEXT  the summary in Swedish, for the Swedish document's version history
  --summary-en TEXT  the summary in English, where --summary is written in another language
  --author PERSON    who prepared the change: a person id or full name (default: the policy owner)
  --approver PERSON  who approved it: a person id or full name of the organisation file, who holds
                     the policy's approver role on the release date or is its delegate
                     (default: the role's holder)
  --key FILE         the approver's OpenSSH ed25519 private key: signs the release as
                     releases/<policy>/<version>.json.sig; allowed_signers must list it for the approver
  --unsigned         release without a signature (shown as unsigned in the document, register, verify)
  --material         the change alters what staff must do: everyone acknowledges it again
  --editorial        wording or corrections only; acknowledgements of the last material version stand
                     (one of the two is required after the first release, which is material)
  --date YYYY-MM-DD  approval date, from the previous release's date to today, UTC
                     (default: SOURCE_DATE_EPOCH's date, else today)
  --partial-soa      release the Statement of Applicability with controls not yet assessed or
                     justified; the document then says it is partial (refused without this)
  --org FILE         organisation variables file (default: organisation.yaml)
  --library DIR      module library (default: the bundled one)
  --json             print the result as JSON
  -h, --help         show this help
`;

export async function runRelease(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    ...PROJECT_OPTIONS,
    version: { type: 'string' },
    summary: { type: 'string' },
    'summary-en': { type: 'string' },
    'summary-sv': { type: 'string' },
    author: { type: 'string' },
    approver: { type: 'string' },
    date: { type: 'string' },
    'partial-soa': { type: 'boolean', default: false },
    key: { type: 'string' },
    unsigned: { type: 'boolean', default: false },
    material: { type: 'boolean', default: false },
    editorial: { type: 'boolean', default: false },
  }, RELEASE_USAGE, true);
  if (values.help) {
    io.stdout.write(RELEASE_USAGE);
    return EXIT_OK;
  }
  const policy = positionals[0];
  if (!policy || positionals.length > 1) throw new UsageError('Name exactly one policy to release.', RELEASE_USAGE);
  if (!values.version) throw new UsageError('--version is required.', RELEASE_USAGE);
  versionFlag(values.version, RELEASE_USAGE);
  if (!values.summary?.trim()) throw new UsageError('--summary is required: say what changed.', RELEASE_USAGE);
  if (values.key === undefined && !values.unsigned) throw new UsageError('Sign the release with --key FILE (the approver\'s ed25519 key), or say --unsigned.', RELEASE_USAGE);
  if (values.key !== undefined && values.unsigned) throw new UsageError('--key and --unsigned contradict each other; give one.', RELEASE_USAGE);
  if (values.material && values.editorial) throw new UsageError('--material and --editorial contradict each other; give one.', RELEASE_USAGE);
  const date = values.date === undefined ? today(io.env, RELEASE_USAGE) : dateFlag(values.date, 'date', RELEASE_USAGE);
  const result = await releasePolicy({
    ...projectLocation(io, values),
    policy,
    version: values.version,
    summary: values.summary.trim(),
    summaries: summariesOf(values),
    date,
    latestDate: clockToday(),
    author: values.author,
    approver: values.approver,
    partialSoa: values['partial-soa'],
    change: values.material ? 'material' : values.editorial ? 'editorial' : undefined,
    signing: values.key === undefined ? 'unsigned' : { key: path.resolve(io.cwd, values.key), shown: values.key },
  });
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ ok: result.ok, diagnostics: result.diagnostics, file: result.file ?? null }, null, 2)}\n`);
    return result.ok ? EXIT_OK : EXIT_CONTENT;
  }
  const style = styleFor(io.stderr.isTTY === true, io.env);
  printDiagnostics(io, result.diagnostics);
  if (!result.ok) {
    io.stderr.write('Nothing was released.\n');
    return EXIT_CONTENT;
  }
  io.stdout.write(`${result.file}\n`);
  const signed = result.record?.signer ? ` signed by ${result.record.signer.principal} (${result.record.signer.fingerprint})` : ' unsigned';
  const files = result.record?.signer ? `${result.file}, ${result.file}.sig and ${result.index}` : `${result.file} and ${result.index}`;
  note(io, `${style.green('Released')} ${policy} ${values.version} (${date},${signed}). Commit ${files}.\n`);
  return EXIT_OK;
}

/** The per-language summaries given as `--summary-<lang>`, trimmed. */
function summariesOf(values: Readonly<Partial<Record<`summary-${Language}`, string>>>): Partial<Record<Language, string>> {
  const summaries: Partial<Record<Language, string>> = {};
  for (const lang of LANGUAGES) {
    const text = values[`summary-${lang}`]?.trim();
    if (text) summaries[lang] = text;
  }
  return summaries;
}
