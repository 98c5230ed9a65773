import { listTranslations, stampTranslation, type TranslationStatus } from '../../pipeline/translations.js';
import { LANGUAGES, type Language } from '../../schema/common.js';
import { EXIT_CONTENT, EXIT_OK, UsageError, note, type CliIo } from '../io.js';
import { printDiagnostics } from '../print-diagnostics.js';
import { parseFlags, PROJECT_OPTIONS, projectLocation } from '../options.js';
import { styleFor } from '../style.js';

export const TRANSLATIONS_USAGE = `Usage: policymark translations [options]
       policymark translations stamp MODULE [--lang LANG] [options]

Lists the translations that need work, for every language the organisation publishes in: stale
(the source module changed since the translation was stamped), unstamped (the translation does not
record which version of its source it translates) and missing (no translation at all; "used" when a
policy of the organisation needs it). "check" and "build" warn about stale and unstamped ones too.

"stamp" records in MODULE's translation (policy-modules/sections/MODULE.LANG.md) that it translates
the source as it is now: run it after checking that the translation says what the source says. Only
the translation's \`translates:\` front-matter line is written. The stamp is the sha256 of the
source's title and body (after the front matter), line endings normalised, so a change to the
source's controls or conditions does not make a translation stale.

Options:
  --lang LANG        the translation's language (default: sv)
  --all              list every translation, the current ones too
  --org FILE         organisation variables file (default: organisation.yaml)
  --library DIR|PKG  module library holding policy-modules/ (default: the organisation file's
                     \`library:\`, else the bundled one)
  --json             print the result as JSON: { ok, translations: [{ module, lang, state, file,
                     sourceFile, stamp, expectedStamp, used }], diagnostics }
  -h, --help         show this help
`;

export async function runTranslations(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, { ...PROJECT_OPTIONS, lang: { type: 'string' }, all: { type: 'boolean', default: false } }, TRANSLATIONS_USAGE, true);
  if (values.help) {
    io.stdout.write(TRANSLATIONS_USAGE);
    return EXIT_OK;
  }
  const location = projectLocation(io, values);
  const style = styleFor(io.stderr.isTTY === true, io.env);
  const [action, module, ...rest] = positionals;
  if (action === 'stamp') {
    if (module === undefined || rest.length > 0) throw new UsageError('Say "translations stamp MODULE", naming one section module.', TRANSLATIONS_USAGE);
    const lang = languageFlag(values.lang);
    const result = await stampTranslation(location, { module, lang });
    if (values.json) {
      io.stdout.write(`${JSON.stringify(result.ok ? { ok: true, file: result.file, stamp: result.stamp, changed: result.changed, diagnostics: result.diagnostics } : { ok: false, diagnostics: result.diagnostics }, null, 2)}\n`);
      return result.ok ? EXIT_OK : EXIT_CONTENT;
    }
    printDiagnostics(io, result.diagnostics);
    if (!result.ok) return EXIT_CONTENT;
    note(io, result.changed ? `${style.green('Stamped')} ${result.file} as translating the current source (${result.stamp.slice(0, 19)}…).\n` : `${result.file} was already stamped with the current source; nothing was written.\n`);
    return EXIT_OK;
  }
  if (action !== undefined) throw new UsageError(`Unknown action "${action}": say "translations" to list, or "translations stamp MODULE".`, TRANSLATIONS_USAGE);
  if (values.lang !== undefined) throw new UsageError('--lang goes with "translations stamp MODULE".', TRANSLATIONS_USAGE);
  const result = await listTranslations(location);
  if (values.json) {
    io.stdout.write(`${JSON.stringify(result.ok ? { ok: true, translations: result.translations, diagnostics: result.diagnostics } : { ok: false, diagnostics: result.diagnostics }, null, 2)}\n`);
    return result.ok ? EXIT_OK : EXIT_CONTENT;
  }
  if (!result.ok) {
    printDiagnostics(io, result.diagnostics);
    return EXIT_CONTENT;
  }
  const shown = result.translations.filter((status) => values.all || status.state !== 'current');
  io.stdout.write(shown.map(formatStatus).join(''));
  const count = (state: TranslationStatus['state']): number => result.translations.filter((status) => status.state === state).length;
  note(io, `${result.translations.length} translations: ${count('current')} current, ${count('stale')} stale, ${count('unstamped')} unstamped, ${count('missing')} missing.\n`);
  return EXIT_OK;
}

function formatStatus(status: TranslationStatus): string {
  const where = status.file ?? `${status.sourceFile.replace(/\.md$/, '')}.${status.lang}.md`;
  return `${status.state.padEnd(9)}  ${status.lang}  ${status.module.padEnd(36)}  ${where}${status.state === 'missing' && status.used ? '  (used)' : ''}\n`;
}

function languageFlag(value: string | undefined): Language {
  if (value === undefined) return 'sv';
  const lang = LANGUAGES.find((known) => known === value);
  if (!lang) throw new UsageError(`--lang takes one of ${LANGUAGES.join(', ')}, not "${value}".`, TRANSLATIONS_USAGE);
  return lang;
}
