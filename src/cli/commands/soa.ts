import { soaCells, soaHeader } from '../../coverage/statement-of-applicability.js';
import { labelsFor } from '../../i18n/labels.js';
import { soaReport } from '../../pipeline/reports.js';
import { toCsv } from '../../render/csv/to-csv.js';
import { LANGUAGES } from '../../schema/common.js';
import { EXIT_CONTENT, EXIT_OK, type CliIo } from '../io.js';
import { printDiagnostics } from '../print-diagnostics.js';
import { listFlag, parseFlags, PROJECT_OPTIONS, projectLocation } from '../options.js';
import { runBuild } from './build.js';

export const SOA_POLICY = 'statement-of-applicability';

export const SOA_USAGE = `Usage: policymark soa [options]

The ISO/IEC 27001:2022 Statement of Applicability (clause 6.1.3 d): all 93 Annex A controls with
whether each applies, the justification for including or excluding it, its implementation status and
the released policies (title and version) that implement it. Decisions come from \`soa.controls\` in the organisation file.
The statement is built, released and compared like a policy ("${SOA_POLICY}"); a release is refused
while a control is not assessed or has no justification of its own, unless given --partial-soa. With --format csv it is printed as CSV instead.

Options:
  --format FORMAT    csv, or the document formats of build (default: all document formats)
  --lang LANG        language (default: every language of the organisation; csv: the first)
  --out DIR          output folder for documents (default: output)
  --version X.Y.Z    a released version (default: the latest release, else the working draft)
  --draft            the working draft
  --org FILE         organisation variables file (default: organisation.yaml)
  --library DIR      module library (default: the bundled one)
  --json             documents: the result of the build as JSON on stdout, the same shape as build's
  -h, --help         show this help
`;

export async function runSoa(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, {
    ...PROJECT_OPTIONS,
    format: { type: 'string' },
    lang: { type: 'string' },
    out: { type: 'string' },
    version: { type: 'string' },
    draft: { type: 'boolean', default: false },
  }, SOA_USAGE);
  if (values.help) {
    io.stdout.write(SOA_USAGE);
    return EXIT_OK;
  }
  if (values.format !== 'csv') return runBuild(['--policy', SOA_POLICY, ...args], io);

  const [lang] = listFlag(values.lang, LANGUAGES, 'lang', SOA_USAGE);
  const report = await soaReport({ ...projectLocation(io, values), lang });
  if (!report.ok) {
    printDiagnostics(io, report.diagnostics);
    return EXIT_CONTENT;
  }
  const { rows, lang: language } = report.value;
  const labels = labelsFor(language);
  io.stdout.write(toCsv(soaHeader(labels), rows.map((r) => soaCells(r, labels))));
  return EXIT_OK;
}
