import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CROSSWALKS } from '../../src/catalog/crosswalks.js';
import { computeCoverage, type CoverageSource } from '../../src/coverage/compute-coverage.js';
import { prepareProject } from '../../src/pipeline/prepare-project.js';
import { coverageToCsv } from '../../src/render/csv/coverage-to-csv.js';
import { coverageToMarkdown } from '../../src/render/markdown/coverage-to-markdown.js';
import type { ValidatedProject } from '../../src/validate/project.js';
import { REPO_ROOT } from '../support/project.js';

let project: ValidatedProject;
beforeAll(async () => {
  const prepared = await prepareProject({ root: REPO_ROOT, organisationFile: path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), libraryDir: undefined, policies: [], langs: [] });
  if (!prepared.value) throw new Error(JSON.stringify(prepared.diagnostics));
  project = prepared.value.project;
});

/** One policy whose only section implements ISO 27001 5.24 and nothing of NIS2. */
const ISO_ONLY: CoverageSource[] = [{
  policy: { id: 'incidents', title: 'Incident Policy', version: '1.0.0' },
  sections: [{ number: '1', title: 'Incidents', controls: [{ framework: 'iso27001', id: '5.24', title: 'Information security incident management planning and preparation' }] }],
}];

describe('coverage via a curated crosswalk', () => {
  it('labels a NIS2 gap as covered via the ISO 27001 control, without counting it', () => {
    const plain = computeCoverage(ISO_ONLY, project.catalogs, ['nis2']);
    const [nis2] = computeCoverage(ISO_ONLY, project.catalogs, ['nis2'], 'en', CROSSWALKS);
    const point = nis2!.controls.find((c) => c.id === 'Art. 21(2)(b)')!;
    expect(point.covered).toBe(false);
    expect(point.coveredVia).toEqual([expect.objectContaining({ framework: 'iso27001', id: '5.24' })]);
    expect(nis2!.covered).toBe(plain[0]!.covered);
    expect(nis2!.percent).toBe(plain[0]!.percent);
    expect(nis2!.controls.find((c) => c.id === 'Art. 21(2)(c)')!.coveredVia).toBeUndefined();
    expect(plain[0]!.controls.find((c) => c.id === 'Art. 21(2)(b)')!.coveredVia).toBeUndefined();
  });

  it('and in the other direction: an ISO 27001 gap via the NIS2 point a section implements', () => {
    const nisOnly: CoverageSource[] = [{ policy: ISO_ONLY[0]!.policy, sections: [{ number: '1', title: 'Crypto', controls: [{ framework: 'nis2', id: 'Art. 21(2)(h)', title: 'Cryptography' }] }] }];
    const [iso] = computeCoverage(nisOnly, project.catalogs, ['iso27001'], 'en', CROSSWALKS);
    expect(iso!.controls.find((c) => c.id === '8.24')!.coveredVia).toEqual([expect.objectContaining({ framework: 'nis2', id: 'Art. 21(2)(h)' })]);
  });

  it('reports say so: Markdown and CSV', () => {
    const coverage = computeCoverage(ISO_ONLY, project.catalogs, ['nis2'], 'en', CROSSWALKS);
    const markdown = coverageToMarkdown('Kestrel', coverage);
    expect(markdown).toContain('GAP; covered via ISO/IEC 27001:2022 5.24 (crosswalk)');
    expect(markdown).toContain('Art. 21(2)(b) Incident handling (covered via ISO/IEC 27001:2022 5.24 (crosswalk), not counted)');
    const csv = coverageToCsv(coverage).split(/\r?\n/);
    expect(csv[0]).toMatch(/,covered_via$/);
    expect(csv.find((line) => line.startsWith('nis2,Art. 21(2)(b),'))).toMatch(/,no,,,ISO\/IEC 27001:2022 5\.24 \(crosswalk\)$/);
  });
});
