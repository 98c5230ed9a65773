import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { removeProject, REPO_ROOT } from './support/project.js';

/**
 * Releasing the Statement of Applicability (ISO/IEC 27001:2022 clause 6.1.3 d): the example's statement
 * is fully assessed and releases once the policies it cites are released; a statement with a control
 * not assessed, or with the default justification, is refused at that control's line and column unless
 * released as partial, and a partial statement says so.
 */
const SOA = 'statement-of-applicability';
const ORG = 'organisation.yaml';
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeProject));

/** A copy of examples/kestrel, or of another project folder. */
function copyOf(source: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policymark-soa-'));
  cpSync(source, dir, { recursive: true });
  dirs.push(dir);
  return dir;
}

function edit(dir: string, from: string | RegExp, to: string): void {
  const file = path.join(dir, ORG);
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  expect(next, `edit of ${String(from)}`).not.toBe(text);
  writeFileSync(file, next);
}

/** 1-based line of the first line of the organisation file that starts with `prefix`. */
function lineOf(dir: string, prefix: string): number {
  const index = readFileSync(path.join(dir, ORG), 'utf8').split('\n').findIndex((l) => l.startsWith(prefix));
  expect(index, prefix).toBeGreaterThanOrEqual(0);
  return index + 1;
}

/** `line:column` of `text` in the first line starting with `prefix`. */
function at(dir: string, prefix: string, text: string): string {
  const line = lineOf(dir, prefix);
  const column = readFileSync(path.join(dir, ORG), 'utf8').split('\n')[line - 1]!.indexOf(text) + 1;
  expect(column, text).toBeGreaterThan(0);
  return `${line}:${column}`;
}

const releaseSoa = (dir: string, ...extra: string[]) => runCli(['release', SOA, '--version', '1.1.0', '--summary', 'Fully assessed after the 2026 risk assessment.', '--unsigned', '--material', ...extra], dir);

let released: string;

beforeAll(async () => {
  // The statement cites released policies only, so the example's drafts are released first, in a copy.
  released = copyOf(path.join(REPO_ROOT, 'examples/kestrel'));
  const stored = new Set(readdirSync(path.join(released, 'releases')));
  const policies = readdirSync(path.join(REPO_ROOT, 'policy-modules/policies')).map((f) => f.replace(/\.yaml$/, '')).filter((id) => id !== SOA && !stored.has(id)).sort();
  for (const policy of policies) {
    const run = await runCli(['release', policy, '--version', '1.0.0', '--summary', 'First release.', '--unsigned'], released);
    expect(run.code, run.stderr).toBe(0);
  }
}, 240_000);

describe('releasing the Statement of Applicability', () => {
  it('releases the example statement cleanly, citing released policy versions only', async () => {
    const dir = copyOf(released);
    const run = await releaseSoa(dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/ {2}(warning|error) {2}/);
    const built = await runCli(['build', '--policy', SOA, '--format', 'md', '--out', 'out'], dir);
    expect(built.code, built.stderr).toBe(0);
    const md = readFileSync(path.join(dir, `out/kestrel/${SOA}/1.1.0/${SOA}.md`), 'utf8');
    expect(md).toContain('# Statement of Applicability\n');
    expect(md).not.toMatch(/\(partial\)|This statement is partial|Not assessed|No released policy yet|§/);
    expect(md).toContain('| 5.15 | Access control | Yes |');
    expect(md).toMatch(/\| 5\.15 \| Access control \| Yes \| [^|]+ \| Implemented \| Access Control Policy 1\.0\.0 \|/);
    expect(md).toContain('| Document id | statement-of-applicability |');
    expect(md).toContain('93 of 93 Annex A controls are applicable. None is excluded.');
  }, 120_000);

  it('refuses a control without a status, at that control\'s line and column, and check warns there first', async () => {
    const dir = copyOf(released);
    edit(dir, /^( {4}"5\.15": \{ applicable: true), status: implemented,/m, '$1,');
    const line = lineOf(dir, '    "5.15":');
    const check = await runCli(['check'], dir);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toContain(`organisation.yaml:${line}:5  warning  Annex A control 5.15 (Access control) has no implementation status, so it has not been assessed.  soa/not-assessed`);

    const run = await releaseSoa(dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`organisation.yaml:${line}:5  error  Annex A control 5.15 (Access control) has no implementation status, so it has not been assessed.  soa/not-assessed`);
    expect(run.stderr).toContain('--partial-soa');
    expect(run.stderr.match(/ error /g)).toHaveLength(1);
    expect(run.stderr).not.toMatch(/ {2}warning {2}/);
    expect(run.stderr).toContain('Nothing was released.');
    expect(existsSync(path.join(dir, `releases/${SOA}/1.1.0.json`))).toBe(false);
  }, 60_000);

  it('refuses a control without an entry at the soa.controls key, naming the control', async () => {
    const dir = copyOf(released);
    edit(dir, /^ {4}"7\.5": .*\n/m, '');
    const line = lineOf(dir, '  controls:');
    const check = await runCli(['check'], dir);
    expect(check.code).toBe(0);
    expect(check.stderr).toContain(`organisation.yaml:${line}:3  warning  1 Annex A control has no entry in soa.controls and is not assessed: 7.5.  soa/not-assessed`);
    const run = await releaseSoa(dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`organisation.yaml:${line}:3  error  Annex A control 7.5 (Protecting against physical and environmental threats) has no entry in soa.controls, so it has not been assessed.  soa/not-assessed`);
    expect(run.stderr).toContain('hint: Add "7.5": { applicable: ..., status: ..., justification: ... } under soa.controls.');
  }, 60_000);

  it('refuses the default justification, one diagnostic per control', async () => {
    const dir = copyOf(released);
    edit(dir, /^( {4}"8\.6": \{ applicable: true, status: implemented), justification: \{[^}]*\} \}/m, '$1 }');
    edit(dir, /^( {4}"8\.7": \{ applicable: true, status: implemented, justification: )\{[^}]*\}/m, '$1"Included to treat information security risks identified in the risk assessment."');
    const run = await releaseSoa(dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`organisation.yaml:${lineOf(dir, '    "8.6":')}:5  error  Annex A control 8.6 (Capacity management) is included with the default justification, not one of its own.  soa/default-justification`);
    expect(run.stderr).toContain(`organisation.yaml:${at(dir, '    "8.7":', '"Included')}  error  Annex A control 8.7 (Protection against malware) is included with the default justification`);
    expect(run.stderr.match(/ error /g)).toHaveLength(2);
  }, 60_000);

  it('releases a partial statement with --partial-soa, and the document and the register say it is partial', async () => {
    const dir = copyOf(released);
    edit(dir, /^( {4}"5\.15": \{ applicable: true), status: implemented,/m, '$1,');
    edit(dir, /^ {4}"7\.5": .*\n/m, '');
    const run = await releaseSoa(dir, '--partial-soa');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/warning .*soa\/not-assessed/);
    const built = await runCli(['build', '--policy', SOA, '--format', 'md', '--out', 'out'], dir);
    expect(built.code, built.stderr).toBe(0);
    const en = readFileSync(path.join(dir, `out/kestrel/${SOA}/1.1.0/${SOA}.md`), 'utf8');
    const sv = readFileSync(path.join(dir, `out/kestrel/${SOA}/1.1.0/${SOA}.sv.md`), 'utf8');
    expect(en).toContain('# Statement of Applicability (partial)\n');
    expect(en).toContain('**This statement is partial.');
    expect(en).toContain('- 2 Annex A controls have not been assessed: 5.15, 7.5.');
    expect(en.indexOf('This statement is partial')).toBeLessThan(en.indexOf('This statement records'));
    expect(en).toMatch(/\| 5\.15 \| Access control \| Yes \| [^|]+ \| Not assessed \|/);
    expect(sv).toContain('# Uttalande om tillämplighet (ofullständigt)\n');
    expect(sv).toContain('- 2 säkerhetsåtgärder i bilaga A har inte bedömts: 5.15, 7.5.');
    const register = await runCli(['register', '--json'], dir);
    const rows = JSON.parse(register.stdout).policies as { policy: string; title: string; version: string }[];
    expect(rows.find((r) => r.policy === SOA)).toEqual(expect.objectContaining({ title: 'Statement of Applicability (partial)', version: '1.1.0' }));
  }, 120_000);

  it('refuses "implemented" for a control whose only text is an unreleased draft, even as partial', async () => {
    const dir = copyOf(path.join(REPO_ROOT, 'examples/kestrel'));
    // The example has released every policy: take the Access Control Policy back to a draft in this copy.
    rmSync(path.join(dir, 'releases/access-control'), { recursive: true });
    const ledger = path.join(dir, 'releases/acknowledgements.csv');
    writeFileSync(ledger, readFileSync(ledger, 'utf8').split('\n').filter((line) => !line.includes(',access-control,')).join('\n'));
    // `check` stays quiet (the draft statement shows "No released policy yet" beside the claim).
    const check = await runCli(['check'], dir);
    expect(check.stderr).toMatch(/^OK: /);
    for (const extra of [[], ['--partial-soa']]) {
      const run = await releaseSoa(dir, ...extra);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`organisation.yaml:${at(dir, '    "5.15":', 'implemented')}  error  Annex A control 5.15 is stated as implemented, but the only text that implements it is in Access Control Policy, which has never been released.  soa/implemented-by-draft`);
    }
  }, 60_000);
});

describe('the example statement', () => {
  it('assesses all 93 Annex A controls, each with its own justification in English and Swedish', () => {
    const text = readFileSync(path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), 'utf8');
    const entries = [...text.matchAll(/^ {4}"(\d\.\d+)": \{ applicable: (true|false)(?:, status: ([a-z-]+))?, justification: \{ en: "([^"]+)", sv: "([^"]+)" \} \}$/gm)];
    expect(entries.map((m) => m[1])).toHaveLength(93);
    expect(new Set(entries.map((m) => m[4])).size).toBe(93);
    expect(new Set(entries.map((m) => m[5])).size).toBe(93);
    expect(entries.filter((m) => m[2] === 'true').every((m) => m[3] !== undefined)).toBe(true);
    // 8.28 became applicable with the Secure Development Policy, whose secure coding rules bind Kestrel's supplier.
    expect(entries.filter((m) => m[2] === 'false').map((m) => m[1])).toEqual([]);
  });
});
