import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FrameworkCoverage } from '../src/coverage/compute-coverage.js';
import { runCli } from './support/cli.js';
import { makeProject, removeProject, REPO_ROOT } from './support/project.js';

const projects: string[] = [];
afterAll(() => projects.forEach(removeProject));
const LIB = ['--library', '.'];
function project(): string {
  const dir = makeProject();
  projects.push(dir);
  return dir;
}

describe('coverage', () => {
  it('lists every control with the sections covering it, counts only requirements, and computes the percentage', async () => {
    const dir = project();
    const run = await runCli(['coverage', ...LIB, '--json'], dir);
    expect(run.code).toBe(0);
    const { frameworks } = JSON.parse(run.stdout) as { frameworks: FrameworkCoverage[] };
    expect(frameworks.map((f) => f.framework)).toEqual(['iso27001', 'gdpr', 'nis2']);
    const iso = frameworks[0]!;
    // The fixture catalog: Clause 5.2, 5.1, 5.2, 5.24, 5.26, 6.8; the sections map 5.1, 5.24, 5.2, 5.26.
    expect([iso.total, iso.covered, iso.percent]).toEqual([6, 4, 66.7]);
    expect(iso.controls.filter((c) => !c.covered).map((c) => c.id)).toEqual(['Clause 5.2', '6.8']);
    expect(iso.controls.find((c) => c.id === '5.24')?.coveredBy).toEqual([
      { policy: 'incident-management', policyTitle: 'Incident Management Policy', version: 'draft', number: '1', title: 'Purpose and scope' },
    ]);
    const nis2 = frameworks[2]!;
    // Art. 23 and Art. 23(4) are split into listed paragraphs and points, so they are not counted.
    expect(nis2.controls.filter((c) => c.counted).map((c) => c.id)).toEqual(['Art. 23(1)', 'Art. 23(4)(a)', 'Art. 23(4)(b)']);
    expect(nis2.percent).toBe(100);
    const gdpr = frameworks[1]!;
    expect(gdpr.controls.find((c) => c.id === 'Art. 33')?.covered).toBe(true); // mapped as Art. 33(1)
  });

  it('shows only the frameworks the organisation applies, and fails under a threshold when asked', async () => {
    const dir = project();
    const org = path.join(dir, 'organisation.yaml');
    writeFileSync(org, readFileSync(org, 'utf8').replace('frameworks: [iso27001, gdpr, nis2]', 'frameworks: [iso27001]'));
    const md = await runCli(['coverage', ...LIB], dir);
    // The GDPR section (when: frameworks: gdpr) drops out, and with it the mapping to 5.26.
    expect(md.stdout).toContain('| ISO/IEC 27001:2022 | 6 | 3 | 0 | 3 | 50.0% |');
    expect(md.stdout).not.toContain('NIS2');
    expect(md.stdout).toContain('- 6.8 Information security event reporting');
    expect((await runCli(['coverage', ...LIB, '--fail-under', '50'], dir)).code).toBe(0);
    const failing = await runCli(['coverage', ...LIB, '--fail-under', '60'], dir);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain('Coverage below 60%: ISO/IEC 27001:2022 50.0%.');
    const csv = await runCli(['coverage', ...LIB, '--format', 'csv'], dir);
    expect(csv.stdout.split('\r\n')[0]).toBe('framework,control,title,group,counted,covered,covered_by,supported_by,covered_via');
    expect(csv.stdout).toContain('iso27001,6.8,Information security event reporting,6,yes,no,,,\r\n');
  });

  it('a module mapped to A.5.99 gets a positioned diagnostic with suggestions, and exit 1', async () => {
    const dir = project();
    const file = path.join(dir, 'policy-modules/sections/roles.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('iso27001: ["5.2"]', 'iso27001: ["5.2", "A.5.99"]'));
    const run = await runCli(['check', ...LIB, '--json'], dir);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).diagnostics).toEqual([
      expect.objectContaining({ code: 'catalog/unknown-control', file: 'policy-modules/sections/roles.md', line: 7, column: 21, hint: 'Did you mean "5.1" or "5.2" or "5.24"?' }),
    ]);
  });
});

describe('statement of applicability', () => {
  it('covers all 93 Annex A controls with decisions, justifications, status and the released policies implementing them', async () => {
    const run = await runCli(['soa', '--org', 'examples/kestrel/organisation.yaml', '--format', 'csv'], REPO_ROOT);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Control,Title,Applicable,Justification,Implementation status,Implemented by');
    expect(lines).toHaveLength(94);
    expect(lines.map((l) => l.split(',')[0])).toContain('8.34');
    // Kestrel's supplier codes to the Secure Development Policy, which has no release yet: the draft is named, not counted.
    expect(lines.find((l) => l.startsWith('8.28,'))).toMatch(/^8\.28,Secure coding,Yes,"Kestrel writes no code itself.*",Partially implemented,Secure Development Policy 1\.0\.0$/);
    // Released policies are cited by title and version, never by a draft's section numbers.
    expect(lines.find((l) => l.startsWith('5.24,'))).toMatch(/,Yes,A planned response is the only way .*,Implemented,.*Incident Management (Policy 1\.1\.0|Procedure 1\.0\.0)/);
    expect(lines.find((l) => l.startsWith('5.3,'))).toMatch(/,Partially implemented,.*Access Control Policy 1\.0\.0/);
    expect(run.stdout).not.toMatch(/§|Not assessed|Included to treat information security risks/);
  });

  it('refuses an exclusion without justification and a decision for a control that does not exist', async () => {
    const dir = project();
    const org = path.join(dir, 'organisation.yaml');
    writeFileSync(org, `${readFileSync(org, 'utf8')}soa:\n  controls:\n    "5.26": { applicable: false }\n    "A.9.1": { applicable: true }\n`);
    const run = await runCli(['check', ...LIB, '--json'], dir);
    expect(run.code).toBe(1);
    const codes = JSON.parse(run.stdout).diagnostics.map((d: { code: string; line: number }) => `${d.code}@${d.line}`);
    const lines = readFileSync(org, 'utf8').split('\n');
    expect(codes).toEqual([
      `soa/missing-justification@${lines.indexOf('    "5.26": { applicable: false }') + 1}`,
      `catalog/unknown-control@${lines.indexOf('    "A.9.1": { applicable: true }') + 1}`,
    ]);
  });

  it('warns when a control is excluded although a policy section implements it', async () => {
    const dir = makeProject(undefined, ['policy-modules', 'frameworks']);
    projects.push(dir);
    const kestrel = readFileSync(path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), 'utf8').replace(/^\s*logo: .*$/m, '');
    const exclusion = '    "5.25": { applicable: false, justification: "Events are assessed by the parent company." }';
    writeFileSync(path.join(dir, 'kestrel.yaml'), kestrel.replace(/^ {4}"5\.25": .*$/m, exclusion));
    const run = await runCli(['check', '--org', 'kestrel.yaml', '--library', REPO_ROOT, '--json'], dir);
    expect(run.code, run.stdout).toBe(0);
    const warnings = JSON.parse(run.stdout).diagnostics.filter((d: { code: string }) => d.code === 'soa/excluded-but-implemented');
    const line = readFileSync(path.join(dir, 'kestrel.yaml'), 'utf8').split('\n').indexOf(exclusion) + 1;
    expect(warnings).toEqual([expect.objectContaining({ severity: 'warning', file: 'kestrel.yaml', line, column: 27 })]);
    expect(warnings[0].message).toMatch(/^Annex A control 5\.25 is excluded from the Statement of Applicability, but it is implemented by Incident Management Procedure\b/);
  });

  it('is a statement built like a policy: document control and the statement table, with correct plurals', async () => {
    const dir = project();
    const run = await runCli(['soa', '--org', path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), '--out', 'out', '--draft'], dir);
    expect(run.code).toBe(0);
    const sv = readFileSync(path.join(dir, 'out/kestrel/statement-of-applicability/draft/statement-of-applicability.sv.md'), 'utf8');
    expect(sv).toContain('# Uttalande om tillämplighet\n');
    expect(sv).toContain('93 av 93 säkerhetsåtgärder i bilaga A är tillämpliga. Ingen är undantagen.');
    expect(sv).toContain('| Åtgärd | Rubrik | Tillämplig | Motivering | Införandestatus | Införd genom |');
    expect(sv).toContain('| Dokument-id | statement-of-applicability |');
    expect(sv).toContain('| 8.28 | Säker kodning | Ja |');
    const en = readFileSync(path.join(dir, 'out/kestrel/statement-of-applicability/draft/statement-of-applicability.md'), 'utf8');
    expect(en).toContain('93 of 93 Annex A controls are applicable. None is excluded. Implementation status of the applicable controls: implemented 70, partially implemented 19, planned 4.');
    expect(en).toContain('| Document id | statement-of-applicability |');
    // The statement does not call itself a policy.
    expect(en).not.toMatch(/\b(this|the) policy\b|Policy id/i);
  });
});
