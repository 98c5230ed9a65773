import { checkProject } from '../../pipeline/check.js';
import { EXIT_CONTENT, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { TOOL_VERSION } from '../../load/package-info.js';
import { CHECK_FORMATS, formatDiagnostics, formatGithub, formatSarif, summaryLine } from '../print-diagnostics.js';
import { formatCodeQuality } from '../format-codequality.js';
import { listFlag, parseFlags, PROJECT_OPTIONS, projectLocation } from '../options.js';
import { styleFor } from '../style.js';

export const CHECK_USAGE = `Usage: policymark check [options]

Validates the organisation file, every section module, policy manifest and framework catalog, and
composes every policy in every language of the organisation, without writing anything. Reports
overrides and tailoring that no longer match the library.

Options:
  --org FILE         organisation variables file (default: organisation.yaml)
  --library DIR|PKG  module library holding policy-modules/ and frameworks/: a folder or an installed
                     npm package (default: the organisation file's \`library:\`, else the bundled one)
  --template         check as a fill-in template: values left empty are placeholders, not errors
  --format FORMAT    text (default, on stderr), json, sarif (SARIF 2.1.0 for code scanning),
                     github (workflow annotations) or codequality (GitLab's Code Quality report);
                     all but text go to stdout
  --json             the same as --format json
  -h, --help         show this help
`;

export async function runCheck(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, { ...PROJECT_OPTIONS, template: { type: 'boolean', default: false }, format: { type: 'string' } }, CHECK_USAGE);
  if (values.help) {
    io.stdout.write(CHECK_USAGE);
    return EXIT_OK;
  }
  const formats = listFlag(values.format, [...CHECK_FORMATS, 'codequality'] as const, 'format', CHECK_USAGE);
  if (formats.length > 1) throw new UsageError(`--format takes one format, not "${formats.join(',')}".`, CHECK_USAGE);
  const [format = values.json ? 'json' : 'text'] = formats;
  const result = await checkProject({ ...projectLocation(io, values), policies: [], langs: [], template: values.template });
  if (format === 'sarif' || format === 'github' || format === 'codequality') {
    io.stdout.write(format === 'sarif' ? formatSarif(result.diagnostics, TOOL_VERSION) : format === 'github' ? formatGithub(result.diagnostics) : formatCodeQuality(result.diagnostics));
    return result.ok ? EXIT_OK : EXIT_CONTENT;
  }
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify({ ok: result.ok, diagnostics: result.diagnostics }, null, 2)}\n`);
    return result.ok ? EXIT_OK : EXIT_CONTENT;
  }
  const style = styleFor(io.stderr.isTTY === true, io.env);
  io.stderr.write(formatDiagnostics(result.diagnostics, style));
  if (result.ok) {
    const count = result.documents.length;
    io.stderr.write(`${style.green('OK')}: ${result.project.policies.size} policies, ${result.project.modules.size} section modules, ${count} document${count === 1 ? '' : 's'} composed${result.diagnostics.length > 0 ? ` (${summaryLine(result.diagnostics)})` : ''}.\n`);
    return EXIT_OK;
  }
  return EXIT_CONTENT;
}
