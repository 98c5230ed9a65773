import path from 'node:path';
import { importTemplate } from '../../pipeline/import-template.js';
import { EXIT_CONTENT, EXIT_OK, UsageError, note, type CliIo } from '../io.js';
import { summaryLine, printDiagnostics } from '../print-diagnostics.js';
import { parseFlags } from '../options.js';
import { styleFor } from '../style.js';

export const IMPORT_USAGE = `Usage: policymark import FILE.docx [options]

Reads the values a client filled into a Word template (built with \`build --template\`) and writes them
into the organisation file, keeping its comments, key order and layout. A role's name and title create
the person who holds it. Nothing is written unless the result is a valid organisation file. Values
that cannot be mapped (an unknown field, an empty value, a placeholder left as it was) are listed.

Options:
  --org FILE         organisation file to write into (default: organisation.yaml)
  --json             print what was imported, what was left out and the diagnostics as JSON
  -h, --help         show this help
`;

export async function runImport(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    { org: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    IMPORT_USAGE,
    true,
  );
  if (values.help) {
    io.stdout.write(IMPORT_USAGE);
    return EXIT_OK;
  }
  const [docx, ...extra] = positionals;
  if (docx === undefined) throw new UsageError('Name the filled-in template: policymark import FILE.docx --org organisation.yaml.', IMPORT_USAGE);
  if (extra.length > 0) throw new UsageError(`import takes one template file, not ${positionals.length}.`, IMPORT_USAGE);
  const result = await importTemplate({
    root: io.cwd,
    docxFile: path.resolve(io.cwd, docx),
    organisationFile: path.resolve(io.cwd, values.org ?? 'organisation.yaml'),
  });
  if (values.json) {
    const { ok, written, imported, skipped, diagnostics } = result;
    io.stdout.write(`${JSON.stringify({ ok, written, imported, skipped, diagnostics }, null, 2)}\n`);
    return result.ok ? EXIT_OK : EXIT_CONTENT;
  }
  const style = styleFor(io.stderr.isTTY === true, io.env);
  printDiagnostics(io, result.diagnostics);
  if (!result.ok) return EXIT_CONTENT;
  const org = values.org ?? 'organisation.yaml';
  for (const value of result.imported) note(io, `  ${value.field} = ${JSON.stringify(value.value)}\n`);
  note(io, 
    result.written
      ? `${style.green('OK')}: ${result.imported.length} value${result.imported.length === 1 ? '' : 's'} imported into ${org}${result.diagnostics.length > 0 ? ` (${summaryLine(result.diagnostics)})` : ''}.\n`
      : `Nothing to import: the template holds no filled-in value that differs from ${org}.\n`,
  );
  return EXIT_OK;
}
