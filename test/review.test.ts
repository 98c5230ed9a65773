import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { docxText } from './support/docx-text.js';

// A project made by init in a git repository of its own: a first release, then a material change and an
// editorial one, each committed; review compares the working tree with the commit before.
let parent: string;
let dir: string;
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: tmpdir() };
const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8' });
const ENV = { SOURCE_DATE_EPOCH: '1764633600' }; // 2025-12-02
const edit = (from: string, to: string): void => {
  const file = path.join(dir, 'organisation.yaml');
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
};

beforeAll(async () => {
  parent = mkdtempSync(path.join(tmpdir(), 'policymark-review-'));
  expect((await runCli(['init', 'acme'], parent)).code).toBe(0);
  dir = path.join(parent, 'acme');
  const release = await runCli(['release', 'incident-management', '--version', '1.0.0', '--summary', 'First release.', '--unsigned'], dir, ENV);
  expect(release.stderr).toContain('Released incident-management 1.0.0');
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'first release');
}, 120_000);
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('review --base', () => {
  it('a material change: the summary names the policy, section, controls, values, bump and approver; the redline is written', async () => {
    edit('response: 15 minutes', 'response: 30 minutes');
    git('commit', '-qam', 'P1 response 30 minutes');
    const run = await runCli(['review', '--base', 'HEAD~1', '--out', 'redlines'], dir, ENV);
    expect(run.code, run.stderr).toBe(0);
    const md = run.stdout;
    expect(md).toContain('## Policy review: changes since `HEAD~1`');
    expect(md).toContain('| Incident Management Policy (`incident-management`) | material | 1.1.0 (minor, from 1.0.0) | Maria Ek (Chief Executive Officer) |');
    expect(md).toMatch(/\*\*Material\*\*: readers acknowledge it again \(3\.2 Ownership, priority and major incidents: "15", "30" changed\)/);
    expect(md).toContain('- 3.2 Ownership, priority and major incidents: text changed');
    expect(md).toContain('Frameworks affected: ISO/IEC 27001:2022.');
    expect(md).toContain('`iso27001:5.24`');
    expect(md).toContain('`incident.priorities.P1.response` 15 minutes → 30 minutes');
    expect(md).toContain('Redline (Word, tracked changes): `redlines/incident-management.redline.docx`.');
    // Only documents whose text changed are listed.
    expect(md).not.toContain('`access-control`');
    const redline = path.join(dir, 'redlines', 'incident-management.redline.docx');
    expect(existsSync(redline)).toBe(true);
    expect(existsSync(`${redline}.manifest.json`)).toBe(true);
    const text = await docxText(readFileSync(redline));
    expect(text).toContain('30 minutes');
    expect(readFileSync(redline).subarray(0, 2).toString()).toBe('PK');
  }, 120_000);

  it('an editorial change: wording only, a patch, and --json gives the same review as data', async () => {
    edit('ticketing: Jira Service Management', 'ticketing: ServiceNow');
    git('commit', '-qam', 'new ticketing tool name');
    const run = await runCli(['review', '--base', 'HEAD~1', '--out', '-', '--json'], dir, ENV);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as { ok: boolean; policies: { policy: string; change: string; bump: string; next: string; reasons: string[]; redline?: string }[] };
    expect(json.ok).toBe(true);
    const incident = json.policies.find((p) => p.policy === 'incident-management')!;
    expect(incident).toMatchObject({ change: 'editorial', bump: 'patch', next: '1.0.1' });
    expect(incident.reasons[0]).toMatch(/^wording only/);
    expect(incident.redline).toBeUndefined();
    // A policy never released gets 1.0.0 whatever the change.
    expect(json.policies.filter((p) => p.policy !== 'incident-management').every((p) => p.next === '1.0.0')).toBe(true);
  }, 120_000);

  it('no change since the base says so', async () => {
    const run = await runCli(['review', '--base', 'HEAD', '--out', '-'], dir, ENV);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No policy document changes.');
  }, 60_000);

  it('a bad ref, a folder outside git and a missing --base are clear errors', async () => {
    const bad = await runCli(['review', '--base', 'no-such-branch'], dir, ENV);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('"no-such-branch" names no commit');
    expect(bad.stderr).toContain('load/git-unknown-ref');
    const outside = mkdtempSync(path.join(tmpdir(), 'policymark-nogit-'));
    try {
      expect((await runCli(['init', '.'], outside)).code).toBe(0);
      const none = await runCli(['review', '--base', 'main'], outside, ENV);
      expect(none.code).toBe(1);
      expect(none.stderr).toContain('load/git-not-a-repository');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
    const missing = await runCli(['review'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--base REF');
  }, 60_000);
});
