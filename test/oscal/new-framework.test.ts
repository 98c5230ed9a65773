import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/project.js';
import { oscalValidator, schemaErrors } from './oscal-schemas.js';

/**
 * A framework policymark does not ship, added by a client as an OSCAL catalog file and nothing else:
 * the Policy and the Roles categories of the Govern function of NIST CSF 2.0 (a part of the catalog,
 * enough to be sampled: ids and titles as NIST CSWP 29 words them).
 */
const CSF_SUBSET = {
  catalog: {
    uuid: '0b7f3c4e-5a51-4c1e-9d3e-2f0a6c8b1d20',
    metadata: { title: 'NIST Cybersecurity Framework 2.0 (Govern: Policy, Roles)', version: '2.0', 'last-modified': '2024-02-26T00:00:00Z', 'oscal-version': '1.2.2' },
    groups: [
      {
        id: 'gv', title: 'Govern',
        groups: [
          {
            id: 'gv.rr', title: 'Roles, Responsibilities, and Authorities',
            controls: [
              { id: 'gv.rr-01', title: 'Organizational leadership is responsible and accountable for cybersecurity risk and fosters a culture that is risk-aware, ethical, and continually improving', props: [{ name: 'label', value: 'GV.RR-01' }] },
              { id: 'gv.rr-02', title: 'Roles, responsibilities, and authorities related to cybersecurity risk management are established, communicated, understood, and enforced', props: [{ name: 'label', value: 'GV.RR-02' }] },
            ],
          },
          {
            id: 'gv.po', title: 'Policy',
            controls: [
              { id: 'gv.po-01', title: 'Policy for managing cybersecurity risks is established based on organizational context, cybersecurity strategy, and priorities and is communicated and enforced', props: [{ name: 'label', value: 'GV.PO-01' }] },
              { id: 'gv.po-02', title: 'Policy for managing cybersecurity risks is reviewed, updated, communicated, and enforced to reflect changes in requirements, threats, technology, and organizational mission', props: [{ name: 'label', value: 'GV.PO-02' }] },
            ],
          },
        ],
      },
    ],
  },
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The example organisation as a client project that applies NIST CSF, with its catalog and one section mapped to it. */
function csfProject(mapping = '["GV.PO-02"]'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policymark-csf-'));
  dirs.push(dir);
  const organisation = readFileSync(path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), 'utf8');
  writeFileSync(path.join(dir, 'organisation.yaml'), organisation.replace(/^frameworks: \[(.*)\]$/m, 'frameworks: [$1, nist-csf]'));
  cpSync(path.join(REPO_ROOT, 'examples/kestrel/logo.png'), path.join(dir, 'logo.png'));
  mkdirSync(path.join(dir, 'frameworks'));
  writeFileSync(path.join(dir, 'frameworks/nist-csf.json'), `${JSON.stringify(CSF_SUBSET, null, 2)}\n`);
  mkdirSync(path.join(dir, 'policy-modules/sections'), { recursive: true });
  const library = readFileSync(path.join(REPO_ROOT, 'policy-modules/sections/governance-reference.md'), 'utf8');
  writeFileSync(path.join(dir, 'policy-modules/sections/governance-reference.md'), library.replace('lang: en\n', `lang: en\noverrides: true\ncontrols:\n  nist-csf: ${mapping}\n`));
  cpSync(path.join(REPO_ROOT, 'policy-modules/sections/governance-reference.sv.md'), path.join(dir, 'policy-modules/sections/governance-reference.sv.md'));
  return dir;
}

describe('a framework added as an OSCAL catalog', () => {
  it('is counted by coverage and shown in the mapping appendix like a bundled one', async () => {
    const dir = csfProject();
    const coverage = await runCli(['coverage', '--framework', 'nist-csf', '--json'], dir);
    expect(coverage.code, coverage.stderr).toBe(0);
    const [csf] = JSON.parse(coverage.stdout).frameworks as { framework: string; total: number; covered: number; controls: { id: string; covered: boolean }[] }[];
    expect(csf).toMatchObject({ framework: 'nist-csf', total: 4, covered: 1 });
    expect(csf!.controls.filter((c) => c.covered).map((c) => c.id)).toEqual(['GV.PO-02']);

    const build = await runCli(['build', '--draft', '--policy', 'incident-management', '--format', 'md', '--lang', 'en'], dir);
    expect(build.code, build.stderr).toBe(0);
    const md = readFileSync(path.join(dir, 'output/kestrel/incident-management/draft/incident-management.md'), 'utf8');
    const appendix = md.slice(md.indexOf('\n## Appendix'));
    expect(appendix).toContain('NIST Cybersecurity Framework 2.0 (Govern: Policy, Roles)');
    expect(appendix).toMatch(/GV\.PO-02/);
  });

  it('is exported to OSCAL like a bundled one: its catalog, and the implementations of its controls', async () => {
    const dir = csfProject();
    const run = await runCli(['oscal', '--out', 'out'], dir, { SOURCE_DATE_EPOCH: '1767225600' });
    expect(run.code, run.stderr).toBe(0);
    const read = (file: string): unknown => JSON.parse(readFileSync(path.join(dir, 'out/kestrel/oscal', file), 'utf8'));
    const catalog = oscalValidator('catalog');
    expect(catalog(read('catalogs/nist-csf.json')) ? [] : schemaErrors(catalog)).toEqual([]);
    const component = oscalValidator('component');
    const definition = read('component-definition.json');
    expect(component(definition) ? [] : schemaErrors(component)).toEqual([]);
    expect(JSON.stringify(definition)).toContain('"control-id":"nist-csf-gv.po-02"');
  });

  it('checks the mappings against the new catalog, and names the nearest framework for a misspelt one', async () => {
    const dir = csfProject('["GV.PO-2"]');
    const check = await runCli(['check', '--json'], dir);
    expect(check.code).toBe(1);
    const [wrong] = (JSON.parse(check.stdout).diagnostics as { code: string; file: string; hint: string }[]).filter((d) => d.code === 'catalog/unknown-control');
    expect(wrong).toMatchObject({ file: 'policy-modules/sections/governance-reference.md' });
    expect(wrong!.hint).toContain('GV.PO-02');

    const misspelt = await runCli(['coverage', '--framework', 'nist-cfs'], csfProject());
    expect(misspelt.code).toBe(1);
    expect(misspelt.stderr).toContain('There is no catalog for the framework "nist-cfs"');
    expect(misspelt.stderr).toContain('Did you mean "nist-csf"?');
  });

  it('refuses a second catalog for a framework the library already has', async () => {
    const dir = csfProject();
    cpSync(path.join(REPO_ROOT, 'frameworks/gdpr.yaml'), path.join(dir, 'frameworks/gdpr.yaml'));
    const check = await runCli(['check', '--json'], dir);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).diagnostics).toContainEqual(expect.objectContaining({ code: 'catalog/duplicate-framework', file: 'frameworks/gdpr.yaml' }));
  });
});
