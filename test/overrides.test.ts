import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { runCli } from './support/cli.js';
import { REPO_ROOT } from './support/project.js';

/**
 * A client project of a consultant: the example organisation's file and its own `policy-modules/`,
 * beside (not inside) the bundled library, which it tailors without copying.
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function clientProject(files: Record<string, string> = {}, organisationExtra = ''): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policymark-client-'));
  dirs.push(dir);
  cpSync(path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), path.join(dir, 'organisation.yaml'));
  cpSync(path.join(REPO_ROOT, 'examples/kestrel/logo.png'), path.join(dir, 'logo.png'));
  if (organisationExtra) writeFileSync(path.join(dir, 'organisation.yaml'), `${readFileSync(path.join(dir, 'organisation.yaml'), 'utf8')}\n${organisationExtra}`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const REVIEW_OVERRIDE = {
  'policy-modules/sections/governance-reference.md': '---\nid: governance-reference\ntitle: Review by the board\nkind: review\nlang: en\noverrides: true\ncontrols:\n  iso27001: ["5.1"]\n---\nThe board reviews {{policy.title}} every spring.\n',
  'policy-modules/sections/governance-reference.sv.md': '---\nid: governance-reference\ntitle: Styrelsens översyn\nlang: sv\ntranslationOf: en\n---\nStyrelsen ser över {{policy.title}} varje vår.\n',
};

async function buildMd(dir: string, policy = 'incident-management', lang = 'en'): Promise<{ code: number; stderr: string; stdout: string; md: string }> {
  const run = await runCli(['build', '--draft', '--policy', policy, '--format', 'md', '--lang', lang], dir);
  let md = '';
  try {
    md = readFileSync(path.join(dir, `output/kestrel/${policy}/draft/${policy}${lang === 'en' ? '' : `.${lang}`}.md`), 'utf8');
  } catch {
    // nothing written
  }
  return { ...run, md };
}

function headings(md: string): string[] {
  return [...md.matchAll(/^## (\d+) (.+)$/gm)].map((m) => m[2]!);
}

describe('client overrides', () => {
  it('a project module with overrides: true replaces the library module in every policy that uses it, in every language', async () => {
    const dir = clientProject(REVIEW_OVERRIDE);
    const en = await buildMd(dir, 'incident-management');
    expect(en.code, en.stderr).toBe(0);
    expect(headings(en.md)).toContain('Review by the board');
    expect(en.md).toContain('The board reviews Incident Management Policy every spring.');
    expect(headings(en.md)).not.toContain('Governance');
    const sv = await buildMd(dir, 'backup-restore', 'sv');
    expect(sv.code, sv.stderr).toBe(0);
    expect(sv.md).toContain('Styrelsen ser över Policy för säkerhetskopiering och återställning varje vår.');
    // The manifest lists the client's module file as an input.
    const manifest = JSON.parse(readFileSync(path.join(dir, 'output/kestrel/incident-management/draft/manifest.json'), 'utf8')) as { inputs: { path: string }[] };
    expect(manifest.inputs.map((i) => i.path)).toContain('policy-modules/sections/governance-reference.md');
  });

  it('a project module that reuses a library id without overrides: true is an error at its id', async () => {
    const dir = clientProject({ 'policy-modules/sections/governance-reference.md': REVIEW_OVERRIDE['policy-modules/sections/governance-reference.md'].replace('overrides: true\n', '') });
    const run = await runCli(['check', '--json'], dir);
    expect(run.code).toBe(1);
    const d = (JSON.parse(run.stdout) as { diagnostics: Diagnostic[] }).diagnostics.find((x) => x.code === 'module/shadows-library');
    expect(d).toMatchObject({ file: 'policy-modules/sections/governance-reference.md', line: 2, column: 5 });
    expect(d?.hint).toContain('overrides: true');
  });

  it('check reports an override that no longer matches a library module, with the nearest library id', async () => {
    const text = REVIEW_OVERRIDE['policy-modules/sections/governance-reference.md'].replace('id: governance-reference', 'id: governance-references');
    const dir = clientProject({ 'policy-modules/sections/governance-references.md': text });
    const run = await runCli(['check', '--json'], dir);
    expect(run.code).toBe(0);
    const d = (JSON.parse(run.stdout) as { diagnostics: Diagnostic[] }).diagnostics.find((x) => x.code === 'module/stale-override');
    expect(d).toMatchObject({ file: 'policy-modules/sections/governance-references.md', line: 6, severity: 'warning' });
    expect(d?.hint).toContain('"governance-reference"');
  });

  it('the organisation file leaves out library sections and inserts its own, without copying the manifest', async () => {
    const dir = clientProject(
      {
        'policy-modules/sections/incident-on-call.md': '---\nid: incident-on-call\ntitle: On-call rota\nkind: roles\nlang: en\ncontrols:\n  iso27001: ["5.24"]\n---\n{{org.shortName}} keeps an on-call rota around the clock.\n',
        'policy-modules/sections/incident-on-call.sv.md': '---\nid: incident-on-call\ntitle: Jourschema\nlang: sv\ntranslationOf: en\n---\n{{org.shortName}} har jour dygnet runt.\n',
      },
      'policies:\n  incident-management-procedure:\n    exclude: [incident-nis2-notification, incident-metrics]\n    insert:\n      - { section: incident-on-call, after: incident-lifecycle }\n',
    );
    const run = await buildMd(dir, 'incident-management-procedure');
    expect(run.code, run.stderr).toBe(0);
    const titles = headings(run.md);
    expect(titles.slice(1, 4)).toEqual(['Incident lifecycle', 'On-call rota', 'Classification and prioritisation']);
    expect(titles).not.toContain('Significant incidents under NIS2');
    expect(titles).not.toContain('Monitoring, metrics and reporting');
    expect(run.md).toContain('Kestrel keeps an on-call rota around the clock.');
  });

  it('tailoring that no longer matches the library is an error at its position in the organisation file', async () => {
    const dir = clientProject({}, 'policies:\n  incident-management-procedure:\n    exclude: [incident-metric]\n  incident-managment:\n    exclude: []\n');
    const run = await runCli(['check', '--json'], dir);
    expect(run.code).toBe(1);
    const stale = (JSON.parse(run.stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter((x) => x.code === 'policy/stale-tailoring');
    const lines = readFileSync(path.join(dir, 'organisation.yaml'), 'utf8').split('\n');
    const excludeLine = lines.findIndex((l) => l.includes('exclude: [incident-metric]')) + 1;
    expect(stale.map((d) => [d.line, d.hint])).toEqual([
      [excludeLine, 'Did you mean "incident-metrics"?'],
      [excludeLine + 1, 'Did you mean "incident-management"?'],
    ]);
  });

  it('adds a policy of the project\'s own', async () => {
    const dir = clientProject({
      ...REVIEW_OVERRIDE,
      'policy-modules/policies/depot-security.yaml': 'id: depot-security\ntitle:\n  en: Depot Security Policy\n  sv: Policy för terminalsäkerhet\nowner: ciso\napprover: ceo\nclassification: internal\nsections:\n  - governance-reference\n  - document-control\n',
    });
    const run = await buildMd(dir, 'depot-security');
    expect(run.code, run.stderr).toBe(0);
    expect(headings(run.md)).toEqual(['Review by the board', expect.any(String)]);
  });

  it('finds the library by a path in the organisation file, or as an installed npm package', async () => {
    const dir = clientProject();
    const library = path.join(dir, 'node_modules/@acme/policy-library');
    mkdirSync(library, { recursive: true });
    cpSync(path.join(REPO_ROOT, 'policy-modules'), path.join(library, 'policy-modules'), { recursive: true });
    cpSync(path.join(REPO_ROOT, 'frameworks'), path.join(library, 'frameworks'), { recursive: true });
    writeFileSync(path.join(library, 'policy-modules/sections/governance-reference.md'), REVIEW_OVERRIDE['policy-modules/sections/governance-reference.md'].replace('overrides: true\n', ''));
    writeFileSync(path.join(library, 'policy-modules/sections/governance-reference.sv.md'), REVIEW_OVERRIDE['policy-modules/sections/governance-reference.sv.md']);

    const byFlag = await runCli(['build', '--draft', '--library', '@acme/policy-library', '--policy', 'incident-management', '--format', 'md', '--lang', 'en'], dir);
    expect(byFlag.code, byFlag.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'output/kestrel/incident-management/draft/incident-management.md'), 'utf8')).toContain('The board reviews');

    writeFileSync(path.join(dir, 'organisation.yaml'), `${readFileSync(path.join(dir, 'organisation.yaml'), 'utf8')}\nlibrary: ./node_modules/@acme/policy-library\n`);
    expect((await runCli(['check'], dir)).code).toBe(0);

    const missing = await runCli(['check', '--library', '@acme/not-installed'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('npm install @acme/not-installed');

    writeFileSync(path.join(dir, 'organisation.yaml'), readFileSync(path.join(dir, 'organisation.yaml'), 'utf8').replace('library: ./node_modules/@acme/policy-library', 'library: ../no-such-library'));
    const wrong = await runCli(['check', '--json'], dir);
    expect(wrong.code).toBe(1);
    expect((JSON.parse(wrong.stdout) as { diagnostics: Diagnostic[] }).diagnostics).toContainEqual(expect.objectContaining({ code: 'load/library-not-found', file: 'organisation.yaml', column: 10 }));
  });

  it('an override without a translation is one error at its overrides: line, whatever number of library policies use it', async () => {
    // governance-reference is a section of every policy but the Statement of Applicability.
    const dir = clientProject({ 'policy-modules/sections/governance-reference.md': REVIEW_OVERRIDE['policy-modules/sections/governance-reference.md'] });
    const run = await runCli(['check', '--json'], dir);
    expect(run.code).toBe(1);
    const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: Diagnostic[] };
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toEqual([expect.objectContaining({ code: 'module/missing-translation', file: 'policy-modules/sections/governance-reference.md', line: 6, column: 1 })]);
    const message = /^This override of "governance-reference" has no "sv" version, but the policies (?:"[a-z0-9-]+", ){3}"[a-z0-9-]+" and (\d+) more use it and the organisation publishes in "sv"; an override replaces the library's module in every language, so the library's "sv" text is not used\.$/.exec(errors[0]!.message);
    expect(message, errors[0]!.message).not.toBeNull();
    const using = readdirSync(path.join(REPO_ROOT, 'policy-modules/policies')).filter((file) => /^ {2}- governance-reference$/m.test(readFileSync(path.join(REPO_ROOT, 'policy-modules/policies', file), 'utf8')));
    expect(Number(message![1]) + 4).toBe(using.length);
    expect(errors[0]!.hint).toMatch(/^Add policy-modules\/sections\/governance-reference\.sv\.md with `id: governance-reference`, `lang: sv` and `translationOf: en`; the library's \S+\/policy-modules\/sections\/governance-reference\.sv\.md is a place to start\./);
    // Nothing is reported in the library's files: the client cannot change them.
    expect(diagnostics.filter((d) => d.file.includes('policy-modules/policies/'))).toEqual([]);
  });

  it('a client\'s own translation of a library module, without an override, is refused at the translation', async () => {
    const dir = clientProject({ 'policy-modules/sections/governance-reference.sv.md': REVIEW_OVERRIDE['policy-modules/sections/governance-reference.sv.md'] });
    const run = await runCli(['check', '--json'], dir);
    expect(run.code).toBe(1);
    const errors = (JSON.parse(run.stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toEqual([expect.objectContaining({ code: 'module/orphan-translation', file: 'policy-modules/sections/governance-reference.sv.md', line: 2, column: 5 })]);
    expect(errors[0]!.message).toContain('translates the library module "governance-reference"');
  });
});
