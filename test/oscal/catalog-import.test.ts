import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexCatalog, type ControlIndex } from '../../src/catalog/control-index.js';
import { computeCoverage } from '../../src/coverage/compute-coverage.js';
import { catalogToOscal } from '../../src/oscal/catalog.js';
import { catalogFromOscal } from '../../src/validate/oscal-catalog.js';
import { prepareProject } from '../../src/pipeline/prepare-project.js';
import type { FrameworkId } from '../../src/schema/common.js';
import type { ValidatedProject } from '../../src/validate/project.js';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/project.js';

let project: ValidatedProject;
beforeAll(async () => {
  const prepared = await prepareProject({ root: REPO_ROOT, organisationFile: path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), libraryDir: undefined, policies: [], langs: [] });
  if (!prepared.value) throw new Error(JSON.stringify(prepared.diagnostics));
  project = prepared.value.project;
});

describe('OSCAL catalog import', () => {
  it('round trip: export, import, the same catalog and identical coverage figures', () => {
    const imported = new Map<FrameworkId, ControlIndex>();
    for (const [framework, index] of project.catalogs) {
      const text = JSON.stringify(catalogToOscal(index.catalog, '2026-03-09T00:00:00Z'), null, 2);
      const back = catalogFromOscal(`frameworks/${framework}.json`, text, framework);
      expect(back.diagnostics).toEqual([]);
      expect(back.value).toEqual(index.catalog);
      imported.set(framework, indexCatalog(back.value!));
    }
    const mappings = project.mappings.get('en')!;
    const frameworks = [...project.catalogs.keys()];
    const figures = (catalogs: ReadonlyMap<FrameworkId, ControlIndex>): unknown =>
      computeCoverage(mappings, catalogs, frameworks).map((f) => ({ framework: f.framework, total: f.total, covered: f.covered, supportedOnly: f.supportedOnly, percent: f.percent, controls: f.controls }));
    expect(figures(imported)).toEqual(figures(project.catalogs));
    expect((figures(imported) as { covered: number }[]).some((f) => f.covered > 0)).toBe(true);
  });

  it('reads a catalog from another tool: labels as ids, nested groups and sub-controls', () => {
    const text = JSON.stringify({
      catalog: {
        uuid: '6f0e2a3c-1111-4aaa-8bbb-0123456789ab',
        metadata: { title: 'A national framework', version: '2025', 'last-modified': '2025-01-01T00:00:00Z', 'oscal-version': '1.2.2' },
        groups: [{ id: 'gv', title: 'Govern', groups: [{ id: 'gv-oc', title: 'Context', controls: [{ id: 'gv.oc-01', title: 'Mission understood', props: [{ name: 'label', value: 'GV.OC-01' }], controls: [{ id: 'gv.oc-01.a', title: 'Part a' }] }] }] }],
      },
    });
    const result = catalogFromOscal('frameworks/soc2.json', text, 'soc2');
    expect(result.diagnostics).toEqual([]);
    expect(result.value!.groups.map((g) => g.id)).toEqual(['gv', 'gv-oc']);
    expect(result.value!.controls.map((c) => [c.id, c.group])).toEqual([['GV.OC-01', 'gv-oc'], ['gv.oc-01.a', 'gv-oc']]);
  });

  it('reports a malformed catalog at the line and column of the fault', () => {
    const text = '{\n  "catalog": {\n    "uuid": "6f0e2a3c-1111-4aaa-8bbb-0123456789ab",\n    "metadata": { "title": "X", "version": "1" },\n    "groups": [\n      { "id": "g", "title": "G", "controls": [ { "id": "c1", "title": 7 } ] }\n    ]\n  }\n}\n';
    const result = catalogFromOscal('frameworks/soc2.json', text, 'soc2');
    expect(result.value).toBeUndefined();
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'schema/invalid-type', file: 'frameworks/soc2.json', line: 6, column: 71, fieldPath: 'catalog.groups.0.controls.0.title' })]);
    const syntax = catalogFromOscal('frameworks/soc2.json', '{\n  "catalog": {\n    "uuid": \n', 'soc2');
    expect(syntax.diagnostics[0]).toEqual(expect.objectContaining({ code: 'yaml/syntax', file: 'frameworks/soc2.json' }));
    expect(syntax.diagnostics[0]!.line).toBeGreaterThan(0);
    // Any framework id will do (a new framework is a new file); one that cannot be an id is refused.
    const valid = text.replace('"title": 7', '"title": "C1"');
    expect(catalogFromOscal('frameworks/nist-csf.json', valid, 'nist-csf').value?.id).toBe('nist-csf');
    const badId = catalogFromOscal('frameworks/NIST_CSF.json', valid, 'NIST_CSF');
    expect(badId.diagnostics).toEqual([expect.objectContaining({ code: 'schema/invalid-value', line: 4 })]);
  });
});

describe('an OSCAL catalog in frameworks/', () => {
  let library: string;
  let out: string;
  beforeAll(() => {
    library = mkdtempSync(path.join(tmpdir(), 'pm-oscal-library-'));
    out = mkdtempSync(path.join(tmpdir(), 'pm-oscal-out-'));
    cpSync(path.join(REPO_ROOT, 'policy-modules'), path.join(library, 'policy-modules'), { recursive: true });
    cpSync(path.join(REPO_ROOT, 'frameworks'), path.join(library, 'frameworks'), { recursive: true });
  });
  afterAll(() => {
    rmSync(library, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });
  const kestrel = path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml');

  it('replaces the YAML catalog: `oscal` exports, the library takes the export, coverage is unchanged', async () => {
    const before = await runCli(['coverage', '--org', kestrel, '--library', library, '--format', 'json'], REPO_ROOT);
    expect(before.code).toBe(0);
    expect((await runCli(['oscal', '--org', kestrel, '--library', library, '--out', out], REPO_ROOT)).code).toBe(0);
    for (const framework of ['iso27001', 'soc2', 'gdpr', 'nis2']) {
      rmSync(path.join(library, 'frameworks', `${framework}.yaml`));
      cpSync(path.join(out, 'kestrel/oscal/catalogs', `${framework}.json`), path.join(library, 'frameworks', `${framework}.json`));
    }
    const after = await runCli(['coverage', '--org', kestrel, '--library', library, '--format', 'json'], REPO_ROOT);
    expect(after.stderr).toBe('');
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toEqual(JSON.parse(before.stdout));
  });

  it('a malformed one is reported by `check` at its line and column', async () => {
    const file = path.join(library, 'frameworks', 'soc2.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"title": "Control environment"', '"title": false'));
    const run = await runCli(['check', '--org', kestrel, '--library', library, '--json'], REPO_ROOT);
    expect(run.code).toBe(1);
    const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: { code: string; file: string; line: number; column: number }[] };
    const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('"title": false')) + 1;
    expect(diagnostics).toContainEqual(expect.objectContaining({ code: 'schema/invalid-type', line, column: 18 }));
    expect(diagnostics.find((d) => d.code === 'schema/invalid-type')!.file).toMatch(/frameworks\/soc2\.json$/);
  });
});
