import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import type { PolicyDiff } from '../src/diff/diff-models.js';
import type { ClientUpgradeReport, UpgradeSummary } from '../src/library/upgrade-report.js';
import { mergeOverride } from '../src/library/merge-override.js';
import { recordLibraryVersion } from '../src/library/record-library-version.js';
import { compareLibraries, indexEntries } from '../src/library/compare-libraries.js';
import { planClientUpgrade } from '../src/library/plan-client-upgrade.js';
import type { SourceFile } from '../src/source/source-file.js';
import { libraryVersionOf } from '../src/library/library-version.js';
import { runCli } from './support/cli.js';
import { REPO_ROOT } from './support/project.js';

/**
 * A consultant's workspace: the library at two versions (lib-v1, lib-v2: copies of the bundled library
 * with one word changed in governance-reference and the section incident-training removed from the
 * Incident Management Policy) and three clients built from 1.0.0: alpha overrides governance-reference
 * in its title (merges cleanly), beta rewrites the sentence the library changes (conflicts), gamma
 * excludes the section the new version removes.
 */
let work = '';
const GOVERNANCE = 'policy-modules/sections/governance-reference.md';
const GOVERNANCE_SV = 'policy-modules/sections/governance-reference.sv.md';
const OLD_WORDS = 'who reviews it at least every';
const NEW_WORDS = 'who reviews it at least once every';

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function library(dir: string, version: string): void {
  cpSync(path.join(REPO_ROOT, 'policy-modules'), path.join(dir, 'policy-modules'), { recursive: true });
  cpSync(path.join(REPO_ROOT, 'frameworks'), path.join(dir, 'frameworks'), { recursive: true });
  write(path.join(dir, 'policymark-library.yaml'), `name: acme-library\nversion: ${version}\n`);
}

function client(name: string, extra: string, files: Record<string, string> = {}): string {
  const dir = path.join(work, 'clients', name);
  const kestrel = readFileSync(path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), 'utf8').replace(/^libraryVersion: .*\n/m, '');
  write(path.join(dir, 'organisation.yaml'), `${kestrel.replace(/^id: kestrel$/m, `id: ${name}\nlibrary: ../../lib-v1\nlibraryVersion: 1.0.0`)}\n${extra}`);
  cpSync(path.join(REPO_ROOT, 'examples/kestrel/logo.png'), path.join(dir, 'logo.png'));
  for (const [file, text] of Object.entries(files)) write(path.join(dir, file), text);
  return dir;
}

const v1Governance = (): string => readFileSync(path.join(work, 'lib-v1', GOVERNANCE), 'utf8');
const v1GovernanceSv = (): string => readFileSync(path.join(work, 'lib-v1', GOVERNANCE_SV), 'utf8');
const asOverride = (text: string): string => text.replace('lang: en\n', 'lang: en\noverrides: true\n');

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'policymark-upgrade-'));
  library(path.join(work, 'lib-v1'), '1.0.0');
  library(path.join(work, 'lib-v2'), '2.0.0');
  const v2 = path.join(work, 'lib-v2');
  const governance = readFileSync(path.join(v2, GOVERNANCE), 'utf8');
  expect(governance).toContain(OLD_WORDS);
  writeFileSync(path.join(v2, GOVERNANCE), governance.replace(OLD_WORDS, NEW_WORDS));
  const manifest = path.join(v2, 'policy-modules/policies/incident-management.yaml');
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('  - incident-training\n', ''));
  rmSync(path.join(v2, 'policy-modules/sections/incident-training.md'));
  rmSync(path.join(v2, 'policy-modules/sections/incident-training.sv.md'));

  client('alpha', '', {
    [GOVERNANCE]: asOverride(v1Governance()).replace('title: Governance\n', 'title: Governance and review\n'),
    [GOVERNANCE_SV]: v1GovernanceSv(),
  });
  client('beta', '', {
    [GOVERNANCE]: asOverride(v1Governance()).replace(OLD_WORDS, 'who reviews it each spring and at least every'),
    [GOVERNANCE_SV]: v1GovernanceSv(),
  });
  client('gamma', 'policies:\n  incident-management:\n    exclude: [incident-training]\n');
  // alpha's released Incident Management Policy, made with library 1.0.0.
  const released = await runCli(['release', 'incident-management', '--version', '1.0.0', '--summary', 'First release.', '--unsigned', '--org', 'clients/alpha/organisation.yaml'], work);
  expect(released.code, released.stderr).toBe(0);
}, 120_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

type UpgradeJson = { ok: boolean; summary: UpgradeSummary; clients: ClientUpgradeReport[]; diagnostics: Diagnostic[]; written: string[] };

async function upgrade(args: string[]): Promise<{ code: number; json: UpgradeJson; stderr: string }> {
  const run = await runCli(['upgrade', '--to', 'lib-v2', '--json', ...args], work);
  return { code: run.code, json: JSON.parse(run.stdout) as UpgradeJson, stderr: run.stderr };
}

const byClient = (json: UpgradeJson, id: string): ClientUpgradeReport => json.clients.find((c) => c.organisation === id)!;

describe('library versions', () => {
  it('a release records the version its library declares; older releases without one still verify', async () => {
    const record = JSON.parse(readFileSync(path.join(work, 'clients/alpha/releases/incident-management/1.0.0.json'), 'utf8')) as { libraryVersion?: string };
    expect(record.libraryVersion).toBe('1.0.0');
    const verified = await runCli(['verify', '--org', 'examples/kestrel/organisation.yaml'], REPO_ROOT);
    expect(verified.code, verified.stderr).toBe(0);
  });

  it('an invalid policymark-library.yaml refuses a release, at its position', async () => {
    const dir = path.join(work, 'lib-bad');
    library(dir, '1.0');
    const bad = client('delta', '');
    writeFileSync(path.join(bad, 'organisation.yaml'), readFileSync(path.join(bad, 'organisation.yaml'), 'utf8').replace('library: ../../lib-v1', 'library: ../../lib-bad'));
    const run = await runCli(['release', 'incident-management', '--version', '1.0.0', '--summary', 'x', '--unsigned', '--org', 'clients/delta/organisation.yaml', '--json'], work);
    expect(run.code).toBe(1);
    const d = (JSON.parse(run.stdout) as { diagnostics: Diagnostic[] }).diagnostics.find((x) => x.code === 'library/invalid-manifest');
    expect(d).toMatchObject({ file: 'lib-bad/policymark-library.yaml', line: 2, column: 10 });
    rmSync(bad, { recursive: true });
  });
});

describe('policymark upgrade', () => {
  it('reports per client what changed, merges overrides three ways and writes nothing without --apply', async () => {
    const { code, json } = await upgrade(['clients/alpha', 'clients/beta', 'clients/gamma']);
    expect(code).toBe(1);
    const alpha = byClient(json, 'alpha');
    expect(alpha.status).toBe('planned');
    expect(alpha.from).toBe('1.0.0');
    expect(alpha.to).toBe('2.0.0');
    expect(alpha.changes.map((c) => `${c.kind}:${c.id}:${c.lang}:${c.change}`).sort()).toEqual([
      'module:governance-reference:en:changed', 'module:incident-training:en:removed', 'module:incident-training:sv:removed', 'policy:incident-management::changed',
    ]);
    const governance = alpha.changes.find((c) => c.id === 'governance-reference')!;
    expect(governance.words.filter((w) => w.op !== 'equal').map((w) => `${w.op}:${w.text.trim()}`).filter((w) => !w.endsWith(':'))).toEqual(['insert:once']);
    expect(alpha.changes.find((c) => c.kind === 'policy')!.sectionsRemoved).toEqual(['incident-training']);
    expect(alpha.overrides.map((o) => [o.file, o.status])).toEqual([[GOVERNANCE, 'merged'], [GOVERNANCE_SV, 'unchanged']]);
    expect(alpha.policies.find((p) => p.policy === 'incident-management')).toMatchObject({ latestRelease: '1.0.0' });
    const beta = byClient(json, 'beta');
    expect(beta.overrides.find((o) => o.file === GOVERNANCE)?.status).toBe('conflict');
    const conflict = beta.diagnostics.find((d) => d.code === 'upgrade/merge-conflict')!;
    const bodyLine = readFileSync(path.join(work, 'clients/beta', GOVERNANCE), 'utf8').split('\n').findIndex((l) => l.includes('each spring')) + 1;
    expect(bodyLine).toBe(10);
    expect(conflict).toMatchObject({ file: `clients/beta/${GOVERNANCE}`, line: bodyLine, column: 1, severity: 'error' });
    expect(json.summary.clients.find((c) => c.organisation === 'alpha')).toMatchObject({ rerelease: ['incident-management'], manualMerge: [] });
    expect(json.summary.clients.find((c) => c.organisation === 'beta')?.manualMerge).toEqual([GOVERNANCE]);
    // Nothing written into any client.
    expect(json.written).toEqual([]);
    expect(readFileSync(path.join(work, 'clients/alpha', GOVERNANCE), 'utf8')).not.toContain(NEW_WORDS);
    expect(existsSync(path.join(work, 'clients/beta', `${GOVERNANCE}.conflict`))).toBe(false);
  });

  it('reports an exclusion of a section the new version removes, at its position in the organisation file', async () => {
    const { json } = await upgrade(['clients/gamma']);
    const gamma = byClient(json, 'gamma');
    const finding = gamma.diagnostics.find((d) => d.code === 'upgrade/tailoring-removed');
    const text = readFileSync(path.join(work, 'clients/gamma/organisation.yaml'), 'utf8').split('\n');
    const line = text.findIndex((l) => l.includes('exclude: [incident-training]')) + 1;
    expect(finding).toMatchObject({ file: 'clients/gamma/organisation.yaml', line, column: text[line - 1]!.indexOf('incident-training') + 1, severity: 'warning' });
    expect(finding?.message).toContain('"incident-training"');
  });

  it('with --apply: the conflicting client gets the markers in a .conflict file with their position and nothing applied; the clean one is applied', async () => {
    const betaBefore = readFileSync(path.join(work, 'clients/beta', GOVERNANCE), 'utf8');
    const betaOrganisation = readFileSync(path.join(work, 'clients/beta/organisation.yaml'), 'utf8');
    const { code, json } = await upgrade(['clients/beta', '--apply', '--out', 'reports']);
    expect(code).toBe(1);
    const beta = byClient(json, 'beta');
    expect(beta.status).toBe('conflicts');
    const conflictFile = path.join(work, 'clients/beta', `${GOVERNANCE}.conflict`);
    const marked = readFileSync(conflictFile, 'utf8').split('\n');
    const at = beta.diagnostics.find((d) => d.code === 'upgrade/merge-conflict')!;
    expect(at.file).toBe(`clients/beta/${GOVERNANCE}.conflict`);
    expect(marked[at.line - 1]).toMatch(/^<<<<<<< client /);
    expect(marked).toContain('=======');
    expect(marked.some((l) => l.startsWith('>>>>>>> library 2.0.0'))).toBe(true);
    expect(marked.join('\n')).toContain('each spring');
    expect(marked.join('\n')).toContain(NEW_WORDS);
    expect(beta.diagnostics.some((d) => d.code === 'upgrade/not-applied')).toBe(true);
    expect(readFileSync(path.join(work, 'clients/beta', GOVERNANCE), 'utf8')).toBe(betaBefore);
    expect(readFileSync(path.join(work, 'clients/beta/organisation.yaml'), 'utf8')).toBe(betaOrganisation);
    // The reports, per client and across clients.
    expect(readFileSync(path.join(work, 'reports/beta.md'), 'utf8')).toContain('| `policy-modules/sections/governance-reference.md` | conflict | 10 |');
    expect((JSON.parse(readFileSync(path.join(work, 'reports/summary.json'), 'utf8')) as UpgradeSummary).clients[0]?.manualMerge).toEqual([GOVERNANCE]);
    expect(readFileSync(path.join(work, 'reports/summary.md'), 'utf8')).toContain('| beta | 1.0.0 | conflicts |');
  });

  it('after --apply on the clean client, build succeeds and diff against its last release shows the library\'s change and the client\'s own', async () => {
    // The client's own change since its release: a new title for its override.
    const override = path.join(work, 'clients/alpha', GOVERNANCE);
    writeFileSync(override, readFileSync(override, 'utf8').replace('title: Governance and review\n', 'title: Governance and yearly review\n'));
    const { code, json } = await upgrade(['--org', 'clients/alpha/organisation.yaml', '--apply']);
    expect(code, JSON.stringify(json.clients[0]?.diagnostics)).toBe(0);
    expect(byClient(json, 'alpha').status).toBe('applied');
    const merged = readFileSync(override, 'utf8');
    expect(merged).toContain(NEW_WORDS);
    expect(merged).toContain('title: Governance and yearly review');
    expect(merged).toContain('overrides: true');
    const organisation = readFileSync(path.join(work, 'clients/alpha/organisation.yaml'), 'utf8');
    expect(organisation).toContain('library: ../../lib-v2\nlibraryVersion: 2.0.0\n');
    expect(organisation).toContain('# Kestrel Logistics AB is a fictional company.');

    const built = await runCli(['build', '--draft', '--policy', 'incident-management', '--format', 'md', '--org', 'clients/alpha/organisation.yaml', '--out', 'out-alpha'], work);
    expect(built.code, built.stderr).toBe(0);
    const diff = await runCli(['diff', 'incident-management@1.0.0', 'incident-management@working', '--format', 'json', '--org', 'clients/alpha/organisation.yaml'], work);
    expect(diff.code, diff.stderr).toBe(0);
    const result = JSON.parse(diff.stdout) as PolicyDiff | { diffs: PolicyDiff[] };
    const policyDiff = 'sections' in result ? result : result.diffs[0]!;
    const sectionChanges = policyDiff.sections.map((s) => (s.kind === 'text' ? `text:${s.id}:${s.words.filter((w) => w.op !== 'equal').map((w) => `${w.op}:${w.text.trim()}`).filter((w) => !w.endsWith(':')).join(',')}` : s.kind === 'renamed' ? `renamed:${s.id}:${s.fromTitle}->${s.toTitle}` : `${s.kind}:${s.id}`));
    expect(sectionChanges.sort()).toEqual([
      'removed:incident-training',
      'renamed:governance-reference:Governance and review->Governance and yearly review',
      'text:governance-reference:insert:once',
    ]);
    expect(policyDiff.variables.map((v) => `${v.field}:${v.from}->${v.to}`).sort()).toEqual(['library:../../lib-v1->../../lib-v2', 'libraryVersion:1.0.0->2.0.0']);
  }, 120_000);

  it('with --apply --allow-conflicts, the markers go into the override itself and the new version is recorded', async () => {
    const { code, json } = await upgrade(['clients/beta', '--apply', '--allow-conflicts']);
    expect(code).toBe(1);
    expect(byClient(json, 'beta').diagnostics.map((d) => d.code)).not.toContain('upgrade/not-applied');
    const override = readFileSync(path.join(work, 'clients/beta', GOVERNANCE), 'utf8').split('\n');
    const at = byClient(json, 'beta').diagnostics.find((d) => d.code === 'upgrade/merge-conflict')!;
    expect(override[at.line - 1]).toMatch(/^<<<<<<< client /);
    expect(readFileSync(path.join(work, 'clients/beta/organisation.yaml'), 'utf8')).toContain('library: ../../lib-v2\nlibraryVersion: 2.0.0\n');
    // The project now fails to build until the markers are resolved: nothing unresolved slips into a policy.
    const check = await runCli(['check', '--org', 'clients/beta/organisation.yaml'], work);
    expect(check.code).toBe(1);
  }, 60_000);

  it('refuses a base library whose version is not the one the client records', async () => {
    const { code, json } = await upgrade(['clients/gamma', '--from', 'lib-v2']);
    expect(code).toBe(1);
    const d = byClient(json, 'gamma').diagnostics.find((x) => x.code === 'upgrade/base-version-mismatch');
    const line = readFileSync(path.join(work, 'clients/gamma/organisation.yaml'), 'utf8').split('\n').findIndex((l) => l.startsWith('libraryVersion:')) + 1;
    expect(d).toMatchObject({ file: 'clients/gamma/organisation.yaml', line, column: 17 });
  });

  it('is a usage error without --to, or with --allow-conflicts but no --apply', async () => {
    expect((await runCli(['upgrade', 'clients'], work)).code).toBe(2);
    expect((await runCli(['upgrade', '--to', 'lib-v2', '--allow-conflicts', 'clients'], work)).code).toBe(2);
    const missing = await runCli(['upgrade', '--to', 'lib-v9', 'clients'], work);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('load/library-not-found');
  });

  it('--to VERSION checks the version of the library the client names', async () => {
    const run = await runCli(['upgrade', '--to', '3.0.0', '--json', 'clients/gamma', '--from', 'lib-v1'], work);
    const json = JSON.parse(run.stdout) as UpgradeJson;
    expect(byClient(json, 'gamma').diagnostics.map((d) => d.code)).toContain('upgrade/target-version-mismatch');
  });
});

describe('the version a library declares', () => {
  const source = (p: string, text: string): SourceFile => ({ path: p, manifestPath: p, text, sha256: '' });
  it('is policymark-library.yaml\'s, else an npm package\'s package.json version, else none', () => {
    expect(libraryVersionOf({ dir: '/l', manifest: source('l/policymark-library.yaml', 'version: 2.1.0\n'), packageJson: source('l/package.json', '{"version":"9.9.9"}') }).value.version).toBe('2.1.0');
    expect(libraryVersionOf({ dir: '/l', manifest: undefined, packageJson: source('l/package.json', '{"name":"@acme/lib","version":"3.0.1"}') }).value).toEqual({ version: '3.0.1', declaredIn: 'l/package.json' });
    expect(libraryVersionOf({ dir: '/l', manifest: undefined, packageJson: undefined }).value.version).toBeUndefined();
  });
  it('reports a version that is not X.Y.Z, and an unknown field, at their positions', () => {
    const pre = libraryVersionOf({ dir: '/l', manifest: undefined, packageJson: source('l/package.json', '{\n  "version": "3.0.0-beta.1"\n}') });
    expect(pre.diagnostics[0]).toMatchObject({ code: 'library/invalid-manifest', file: 'l/package.json', line: 2 });
    const unknown = libraryVersionOf({ dir: '/l', manifest: source('l/policymark-library.yaml', 'version: 1.0.0\nvershun: 2\n'), packageJson: undefined });
    expect(unknown.diagnostics[0]).toMatchObject({ code: 'library/invalid-manifest', line: 2, column: 1 });
  });
});

describe('planning one client', () => {
  const file = (p: string, text: string): [string, SourceFile] => [p, { path: p, manifestPath: p, text, sha256: '' }];
  const module = (id: string, lang: string, body: string, extra = ''): string => `---\nid: ${id}\ntitle: T\n${lang === 'en' ? 'kind: review\n' : 'translationOf: en\n'}lang: ${lang}\n${extra}---\n${body}\n`;
  const policy = 'id: p\nsections:\n  - m\n';
  it('a library change to another language of a module the client overrides does not reach the client', () => {
    const base = indexEntries(new Map([file('policy-modules/sections/m.md', module('m', 'en', 'One.')), file('policy-modules/sections/m.sv.md', module('m', 'sv', 'Ett.')), file('policy-modules/policies/p.yaml', policy)]));
    const target = indexEntries(new Map([file('policy-modules/sections/m.md', module('m', 'en', 'One.')), file('policy-modules/sections/m.sv.md', module('m', 'sv', 'Ett, nu.')), file('policy-modules/policies/p.yaml', policy)]));
    const changes = compareLibraries(base, target, { from: '1.0.0', to: '1.1.0' });
    expect(changes.changes.map((c) => `${c.id}:${c.lang}:${c.change}`)).toEqual(['m:sv:changed']);
    const organisation = { path: 'organisation.yaml', manifestPath: 'organisation.yaml', text: 'id: c\nlibraryVersion: 1.0.0\n', sha256: '' };
    const plain = planClientUpgrade({ organisationFile: '/c/organisation.yaml', organisation, own: new Map(), released: new Map([['p', ['1.0.0']]]) }, { base, target, changes }, (p) => p);
    expect(plain.policies).toEqual([{ policy: 'p', latestRelease: '1.0.0', reasons: ['section "m" changed in the library'] }]);
    const own = new Map([file('policy-modules/sections/m.md', module('m', 'en', 'Ours.', 'overrides: true\n'))]);
    const overriding = planClientUpgrade({ organisationFile: '/c/organisation.yaml', organisation, own, released: new Map([['p', ['1.0.0']]]) }, { base, target, changes }, (p) => p);
    expect(overriding.policies).toEqual([]);
    expect(overriding.overrides.map((o) => o.status)).toEqual(['unchanged']);
  });
});

describe('three-way merge and the organisation file edit', () => {
  it('takes one-sided changes, takes the same change once, and marks different changes to the same line', () => {
    expect(mergeOverride('a\nb\nc\nd\n', 'a\nB\nc\nd\n', 'a\nb\nc\nD\n', { ours: 'client', theirs: 'library' })).toEqual({ text: 'a\nB\nc\nD\n', conflicts: [] });
    expect(mergeOverride('a\nb\n', 'a\nX\n', 'a\nX\n', { ours: 'client', theirs: 'library' }).conflicts).toEqual([]);
    const merged = mergeOverride('a\nb\nc\n', 'a\nX\nc\n', 'a\nY\nc\n', { ours: 'client', theirs: 'library' });
    expect(merged.text).toBe('a\n<<<<<<< client\nX\n=======\nY\n>>>>>>> library\nc\n');
    expect(merged.conflicts).toEqual([{ line: 2, oursLine: 2, ours: ['X'], base: ['b'], theirs: ['Y'] }]);
  });

  it('sets libraryVersion in place or adds it after library:, keeping every other byte', () => {
    expect(recordLibraryVersion('# c\nid: x # the id\nlibraryVersion: 1.0.0 # v\nname: y\n', '2.0.0')).toBe('# c\nid: x # the id\nlibraryVersion: 2.0.0 # v\nname: y\n');
    expect(recordLibraryVersion('id: x\nlibrary: ../a\nname: y\n', '2.0.0', '../b')).toBe('id: x\nlibrary: ../b\nlibraryVersion: 2.0.0\nname: y\n');
    expect(recordLibraryVersion('id: x\nname: y\n', '1.2.3')).toBe('id: x\nlibraryVersion: 1.2.3\nname: y\n');
    expect(recordLibraryVersion('id: x\nlibrary: a\n', '1.2.3', 'null')).toBe('id: x\nlibrary: "null"\nlibraryVersion: 1.2.3\n');
  });
});
