import path from 'node:path';
import { build, FORMATS } from '../../pipeline/build.js';
import { LANGUAGES } from '../../schema/common.js';
import { EXIT_CONTENT, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { formatDiagnostics } from '../print-diagnostics.js';
import { listFlag, parseFlags, PROJECT_OPTIONS, projectLocation } from '../options.js';
import { styleFor } from '../style.js';

export const BUILD_USAGE = `Usage: policymark build [options]

Composes the organisation's policies (the latest release of each, or the working draft where a
policy has no release) and writes them to
<out>/<organisation>/<policy>/<version>/<policy>[.<lang>].<ext> with a manifest.json.
Nothing is written when any input has an error.

Options:
  --org FILE         organisation variables file (default: organisation.yaml)
  --policy ID        build only this policy; repeat or separate with commas (default: all)
  --format LIST      ${FORMATS.join(',')} (default: all)
  --lang LIST        ${LANGUAGES.join(',')} (default: every language of the organisation)
  --version X.Y.Z    build this release of the policy (default: the latest release)
  --draft            build the working draft, marked DRAFT, even where releases exist
  --template         build fill-in templates: every value left empty in the organisation file is
                     printed as a highlighted placeholder, listed in a "to complete" checklist at
                     the start; written to the "template" version folder
  --out DIR          output folder (default: output)
  --library DIR      module library holding policy-modules/ and frameworks/ (default: the bundled one)
  --json             print the result as JSON on stdout
  -h, --help         show this help
`;

export async function runBuild(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, {
    ...PROJECT_OPTIONS,
    policy: { type: 'string', multiple: true },
    format: { type: 'string', multiple: true },
    lang: { type: 'string', multiple: true },
    out: { type: 'string' },
    version: { type: 'string' },
    draft: { type: 'boolean', default: false },
    template: { type: 'boolean', default: false },
  }, BUILD_USAGE);
  if (values.help) {
    io.stdout.write(BUILD_USAGE);
    return EXIT_OK;
  }
  if (values.draft && values.version) throw new UsageError('Use either --draft or --version, not both.', BUILD_USAGE);
  if (values.template && values.version) throw new UsageError('A template is built from the working draft; --version does not apply.', BUILD_USAGE);
  const formats = listFlag(values.format, FORMATS, 'format', BUILD_USAGE);
  const langs = listFlag(values.lang, LANGUAGES, 'lang', BUILD_USAGE);
  const policies = (values.policy ?? []).flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean);
  const outDir = path.resolve(io.cwd, values.out ?? 'output');
  const result = await build({
    ...projectLocation(io, values),
    outDir,
    policies,
    formats: formats.length > 0 ? formats : [...FORMATS],
    langs,
    select: values.draft ? { kind: 'draft' } : values.version ? { kind: 'version', version: values.version } : { kind: 'latest' },
    sourceDateEpoch: sourceDateEpoch(io.env),
    template: values.template,
  });
  if (values.json) {
    io.stdout.write(`${JSON.stringify({
      ok: result.ok,
      diagnostics: result.diagnostics,
      documents: result.documents.map(({ policy, lang, version, files }) => ({ policy, lang, version, files })),
      written: result.written,
      unchanged: result.unchanged,
    }, null, 2)}\n`);
    return result.ok ? EXIT_OK : EXIT_CONTENT;
  }
  const style = styleFor(io.stderr.isTTY === true, io.env);
  io.stderr.write(formatDiagnostics(result.diagnostics, style));
  if (!result.ok) {
    io.stderr.write('Nothing was written.\n');
    return EXIT_CONTENT;
  }
  const outLabel = path.relative(io.cwd, outDir) || '.';
  for (const document of result.documents) {
    for (const file of document.files) io.stdout.write(`${path.posix.join(outLabel.split(path.sep).join('/'), file)}\n`);
  }
  io.stderr.write(
    `${style.green('Built')} ${result.documents.length} document${result.documents.length === 1 ? '' : 's'}: ${result.written.length} file${result.written.length === 1 ? '' : 's'} written, ${result.unchanged.length} unchanged.\n`,
  );
  return EXIT_OK;
}

/** SOURCE_DATE_EPOCH, the reproducible-builds convention, when it is set to a whole number of seconds. */
export function sourceDateEpoch(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const value = env.SOURCE_DATE_EPOCH;
  return value && /^\d+$/.test(value) ? Number(value) : undefined;
}
