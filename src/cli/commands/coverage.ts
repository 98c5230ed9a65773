import { coverageReport } from '../../pipeline/reports.js';
import { coverageToCsv } from '../../render/csv/coverage-to-csv.js';
import { coverageToMarkdown } from '../../render/markdown/coverage-to-markdown.js';
import { BUNDLED_FRAMEWORK_IDS } from '../../schema/common.js';
import { EXIT_CONTENT, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { printDiagnostics } from '../print-diagnostics.js';
import { listFlag, parseFlags, PROJECT_OPTIONS, projectLocation } from '../options.js';

export const COVERAGE_USAGE = `Usage: policymark coverage [options]

For each framework the organisation applies: every control, the policies and sections that cover it,
the gaps, and the share of requirements covered. Uses the latest release of each policy (the working
draft where there is none), in the organisation's first language.

Options:
  --framework LIST   framework ids, such as ${BUNDLED_FRAMEWORK_IDS.join(',')}, or any other with a
                     catalog in the library's or the project's frameworks/ (default: the organisation's)
  --format FORMAT    md, csv or json (default: md)
  --fail-under PCT   exit 1 when any framework's coverage is below PCT percent (for CI)
  --org FILE         organisation variables file (default: organisation.yaml)
  --library DIR      module library (default: the bundled one)
  --json             same as --format json
  -h, --help         show this help
`;

export async function runCoverage(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, {
    ...PROJECT_OPTIONS,
    framework: { type: 'string', multiple: true },
    format: { type: 'string' },
    'fail-under': { type: 'string' },
  }, COVERAGE_USAGE);
  if (values.help) {
    io.stdout.write(COVERAGE_USAGE);
    return EXIT_OK;
  }
  const [format = values.json ? 'json' : 'md'] = listFlag(values.format, ['md', 'csv', 'json'] as const, 'format', COVERAGE_USAGE);
  const requested = listFlag<string>(values.framework, undefined, 'framework', COVERAGE_USAGE);
  const failUnder = values['fail-under'] === undefined ? undefined : Number(values['fail-under']);
  if (failUnder !== undefined && !(failUnder >= 0 && failUnder <= 100)) throw new UsageError('--fail-under takes a percentage from 0 to 100.', COVERAGE_USAGE);

  const report = await coverageReport({ ...projectLocation(io, values), frameworks: requested });
  if (!report.ok) {
    printDiagnostics(io, report.diagnostics);
    return EXIT_CONTENT;
  }
  const { organisation } = report.project;
  const coverage = report.value;
  io.stdout.write(
    format === 'json' ? `${JSON.stringify({ organisation: organisation.legalName ?? organisation.id, frameworks: coverage }, null, 2)}\n`
    : format === 'csv' ? coverageToCsv(coverage)
    : coverageToMarkdown(organisation.legalName ?? organisation.id, coverage),
  );
  const below = failUnder === undefined ? [] : coverage.filter((f) => f.percent < failUnder);
  if (below.length > 0) {
    io.stderr.write(`Coverage below ${failUnder}%: ${below.map((f) => `${f.name} ${f.percent.toFixed(1)}%`).join(', ')}.\n`);
    return EXIT_CONTENT;
  }
  return EXIT_OK;
}
