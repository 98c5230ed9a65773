import path from 'node:path';
import { exportOscal } from '../../pipeline/export-oscal.js';
import { EXIT_CONTENT, EXIT_OK, type CliIo } from '../io.js';
import { printDiagnostics } from '../print-diagnostics.js';
import { parseFlags, PROJECT_OPTIONS, projectLocation, sourceDateEpoch, today } from '../options.js';

export const OSCAL_USAGE = `Usage: policymark oscal [options]

Exports the organisation's policies as OSCAL 1.2.2 (NIST's Open Security Controls Assessment
Language) for GRC tools: one component definition with a component of type "policy" per policy
(its latest release, else its working draft) and the controls its sections implement or support,
and every framework catalog as an OSCAL catalog. Writes
<out>/<organisation>/oscal/component-definition.json and catalogs/<framework>.json, with a
manifest.json. Timestamps are SOURCE_DATE_EPOCH's, else the latest release's date.

Options:
  --out DIR          output folder (default: output)
  --org FILE         organisation variables file (default: organisation.yaml)
  --library DIR|PKG  module library holding policy-modules/ and frameworks/ (default: the bundled one)
  --json             print the files written as JSON on stdout
  -h, --help         show this help
`;

export async function runOscal(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, { ...PROJECT_OPTIONS, out: { type: 'string' } }, OSCAL_USAGE);
  if (values.help) {
    io.stdout.write(OSCAL_USAGE);
    return EXIT_OK;
  }
  const outDir = path.resolve(io.cwd, values.out ?? 'output');
  const result = await exportOscal({ ...projectLocation(io, values), outDir, epoch: sourceDateEpoch(io.env, OSCAL_USAGE), today: today(io.env, OSCAL_USAGE) });
  if (values.json) {
    io.stdout.write(`${JSON.stringify(result.ok ? { ok: true, files: result.files, diagnostics: result.diagnostics } : { ok: false, diagnostics: result.diagnostics }, null, 2)}\n`);
    return result.ok ? EXIT_OK : EXIT_CONTENT;
  }
  printDiagnostics(io, result.diagnostics);
  if (!result.ok) return EXIT_CONTENT;
  const outLabel = (path.relative(io.cwd, outDir) || '.').split(path.sep).join('/');
  for (const file of result.files) io.stdout.write(`${path.posix.join(outLabel, file)}\n`);
  return EXIT_OK;
}
