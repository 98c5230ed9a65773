import { coveredByText, supportedByText, type FrameworkCoverage } from '../../coverage/compute-coverage.js';
import { toCsv } from './to-csv.js';

/** The coverage report as CSV: one row per framework control. */
export function coverageToCsv(coverage: readonly FrameworkCoverage[]): string {
  return toCsv(
    ['framework', 'control', 'title', 'group', 'counted', 'covered', 'covered_by', 'supported_by'],
    coverage.flatMap((f) => f.controls.map((c) => [f.framework, c.id, c.title, c.group, c.counted ? 'yes' : 'no', c.covered ? 'yes' : 'no', coveredByText(c), supportedByText(c)])),
  );
}
