import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { releaseHash } from '../src/release/release-hash.js';
import { runCli } from './support/cli.js';
import { listFilesRecursive, makeProject, removeProject, REPO_ROOT } from './support/project.js';

/**
 * The version store as a chain: concurrent releases are serialised, a missing release file is found,
 * and a release date is one that every output format can carry.
 */
const projects: string[] = [];
afterAll(() => projects.forEach(removeProject));
const LIB = ['--library', '.'];
const BIN = path.join(REPO_ROOT, 'bin', 'policymark.js');
const STORE = 'releases/incident-management';

function project(): string {
  const dir = makeProject();
  projects.push(dir);
  return dir;
}

async function release(dir: string, version: string, date = '2026-01-15'): Promise<void> {
  const run = await runCli(['release', 'incident-management', '--unsigned', '--material', '--version', version, '--summary', `Release ${version}.`, '--date', date, ...LIB], dir);
  expect(run.code, run.stderr).toBe(0);
}

function runBin(args: readonly string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** The stored versions, oldest first, and the versions each one's documents list in their history. */
function storedHistories(dir: string): { versions: string[]; histories: Map<string, string[][]> } {
  const files = listFilesRecursive(path.join(dir, STORE)).filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f));
  const versions = files.map((f) => f.replace(/\.json$/, '')).sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]));
  const histories = new Map<string, string[][]>();
  for (const version of versions) {
    const record = JSON.parse(readFileSync(path.join(dir, STORE, `${version}.json`), 'utf8')) as { documents: Record<string, { history: { version: string }[] }> };
    histories.set(version, Object.values(record.documents).map((d) => d.history.map((h) => h.version)));
  }
  return { versions, histories };
}

function codes(stdout: string): string[] {
  return (JSON.parse(stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
}

describe('concurrent releases of one policy', () => {
  it('never leave a version out of a later version\'s history: each pair is serialised, or one is refused', async () => {
    const dir = project();
    const ROUNDS = Number(process.env.POLICYMARK_RELEASE_ROUNDS ?? 6);
    let refused = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const [a, b] = [`1.0.${2 * round}`, `1.0.${2 * round + 1}`];
      const runs = await Promise.all([a, b].map((version) => runBin(['release', 'incident-management', '--unsigned', '--material', ...LIB, '--version', version, '--summary', `Release ${version}.`, '--date', '2026-01-15'], dir)));
      for (const run of runs) {
        expect([0, 1], run.stderr).toContain(run.code);
        if (run.code === 1) {
          refused++;
          expect(run.stderr).toMatch(/release\/(not-newer|locked)/);
        }
      }
      expect(runs.some((run) => run.code === 0), 'one of the two is released').toBe(true);
      const { versions, histories } = storedHistories(dir);
      for (const [index, version] of versions.entries()) {
        for (const history of histories.get(version)!) expect(history, `history of ${version}`).toEqual(versions.slice(0, index + 1));
      }
      const check = await runCli(['check', ...LIB], dir);
      expect(check.code, check.stderr).toBe(0);
    }
    console.log(`concurrent releases: ${ROUNDS} rounds of two at once, ${refused} refused as not newer`);
  }, 180_000);
});

describe('a missing release file', () => {
  it('the latest one deleted: check and build report it instead of shipping the previous version', async () => {
    const dir = project();
    await release(dir, '1.0.0');
    await release(dir, '1.1.0');
    rmSync(path.join(dir, STORE, '1.1.0.json'));
    const check = await runCli(['check', ...LIB, '--json'], dir);
    expect(check.code).toBe(1);
    expect(codes(check.stdout)).toContain('release/missing');
    const diagnostic = (JSON.parse(check.stdout) as { diagnostics: { code: string; file: string; line: number; hint?: string }[] }).diagnostics.find((d) => d.code === 'release/missing')!;
    expect(diagnostic.file).toBe(`${STORE}/index.json`);
    expect(diagnostic.line).toBeGreaterThan(0);
    expect(diagnostic.hint).toBeTruthy();
    const build = await runCli(['build', ...LIB, '--out', 'out'], dir);
    expect(build.code).toBe(1);
    expect(build.stderr).toContain('release/missing');
    expect(listFilesRecursive(path.join(dir, 'out'))).toEqual([]);
  });

  it('one in the middle deleted, with or without the index: the later release\'s history names it', async () => {
    const dir = project();
    for (const version of ['1.0.0', '1.1.0', '1.2.0']) await release(dir, version);
    rmSync(path.join(dir, STORE, '1.1.0.json'));
    const check = await runCli(['check', ...LIB, '--json'], dir);
    expect(check.code).toBe(1);
    expect(codes(check.stdout)).toEqual(['release/missing']);
    rmSync(path.join(dir, STORE, 'index.json'));
    const unindexed = await runCli(['check', ...LIB, '--json'], dir);
    expect(unindexed.code).toBe(1);
    const diagnostic = (JSON.parse(unindexed.stdout) as { diagnostics: { code: string; file: string; line: number; message: string }[] }).diagnostics[0]!;
    expect(diagnostic).toMatchObject({ code: 'release/missing', file: `${STORE}/1.2.0.json` });
    expect(diagnostic.message).toContain('1.1.0');
    expect(diagnostic.line).toBeGreaterThan(0);
  });

  it('a release whose history leaves out a stored earlier one (an old race) is reported', async () => {
    const dir = project();
    await release(dir, '1.0.0');
    await release(dir, '1.1.0');
    // What two releases at the same moment used to store: 1.1.0 composed without 1.0.0 in its history.
    const file = path.join(dir, STORE, '1.1.0.json');
    const record = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { documents: Record<string, { history: unknown[] }> };
    for (const document of Object.values(record.documents)) document.history = document.history.slice(1);
    writeFileSync(file, `${JSON.stringify({ ...record, sha256: releaseHash(record as never) }, null, 2)}\n`);
    const check = await runCli(['check', ...LIB, '--json'], dir);
    expect(check.code).toBe(1);
    expect(codes(check.stdout)).toContain('release/history-mismatch');
  });

  it('a release interrupted before it updated the index is still a sound store', async () => {
    const dir = project();
    await release(dir, '1.0.0');
    const index = readFileSync(path.join(dir, STORE, 'index.json'), 'utf8');
    await release(dir, '1.1.0');
    writeFileSync(path.join(dir, STORE, 'index.json'), index);
    expect((await runCli(['check', ...LIB], dir)).code).toBe(0);
    // The next release lists every stored version again.
    await release(dir, '1.2.0');
    const listed = (JSON.parse(readFileSync(path.join(dir, STORE, 'index.json'), 'utf8')) as { releases: { version: string }[] }).releases.map((r) => r.version);
    expect(listed).toEqual(['1.0.0', '1.1.0', '1.2.0']);
  });
});

describe('release dates', () => {
  it('refuses a date that the Word format cannot carry, a date after today and one before the previous release', async () => {
    const dir = project();
    await release(dir, '1.0.0', '2026-01-15');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    for (const [date, expected] of [['2100-01-01', 2], ['1979-12-31', 2], ['2026-02-30', 2], [tomorrow, 1], ['2026-01-14', 1]] as const) {
      const run = await runCli(['release', 'incident-management', '--unsigned', '--material', '--version', '2.0.0', '--summary', 'x', '--date', date, ...LIB], dir);
      expect(run.code, `${date}: ${run.stderr}`).toBe(expected);
      expect(run.stderr, date).toMatch(/^--date/m);
      expect(run.stderr).not.toContain('bug');
    }
    expect(existsSync(path.join(dir, STORE, '2.0.0.json'))).toBe(false);
    await release(dir, '2.0.0', '2026-01-15');
    expect((await runCli(['build', ...LIB, '--out', 'out', '--format', 'docx'], dir)).code).toBe(0);
  });

  it('a stored release dated 2100 is reported at its date, not a crash when building Word', async () => {
    const dir = project();
    await release(dir, '1.0.0');
    const file = path.join(dir, STORE, '1.0.0.json');
    const record = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const future = { ...record, date: '2100-01-01' };
    writeFileSync(file, `${JSON.stringify({ ...future, sha256: releaseHash(future as never) }, null, 2)}\n`);
    const build = await runCli(['build', ...LIB, '--out', 'out', '--format', 'docx'], dir);
    expect(build.code, build.stderr).toBe(1);
    expect(build.stderr).toMatch(/^releases\/incident-management\/1\.0\.0\.json:\d+:\d+ {2}error .*date.*release\/invalid$/m);
    expect(build.stderr).not.toContain('bug');
  });
});

describe('option values', () => {
  it('refuses empty list values and an empty --library as usage errors, and builds nothing', async () => {
    const dir = project();
    for (const args of [['--format', ''], ['--lang', ''], ['--format', 'md,,pdf'], ['--format', ' , '], ['--library', ''], ['--org', '']]) {
      const run = await runCli(['build', ...LIB, '--out', 'out', ...args], dir);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain(`--${args[0]!.slice(2)}`);
      expect(listFilesRecursive(path.join(dir, 'out'))).toEqual([]);
    }
    for (const args of [['coverage', '--framework', ''], ['soa', '--lang', ''], ['register', '--format', '']]) {
      expect((await runCli([...args, ...LIB], dir)).code, args.join(' ')).toBe(2);
    }
  });

  it('takes only real dates, with one parser for release --date, register --today and diff\'s today', async () => {
    const dir = project();
    for (const date of ['2026-02-30', '2026-13-01', '2026-1-1', '2100-01-01']) {
      const run = await runCli(['register', ...LIB, '--today', date], dir);
      expect(run.code, date).toBe(2);
      expect(run.stderr).toContain('--today');
    }
    expect((await runCli(['register', ...LIB, '--today', '2028-02-29'], dir)).code).toBe(0);
    await release(dir, '1.0.0');
    // 2103: a date the Word redline could not carry.
    const diff = await runCli(['diff', 'incident-management@1.0.0', 'incident-management@working', ...LIB, '--format', 'docx', '--out', 'r.docx'], dir, { SOURCE_DATE_EPOCH: '4200000000' });
    expect(diff.code, diff.stderr).toBe(2);
    expect(diff.stderr).toContain('SOURCE_DATE_EPOCH');
    expect(diff.stderr).not.toContain('bug');
  });

  it('a version with a leading zero is refused at --version as a usage error, saying why', async () => {
    const dir = project();
    const run = await runCli(['release', 'incident-management', '--unsigned', '--material', '--version', '01.0.0', '--summary', 'x', '--date', '2026-01-15', ...LIB, '--json'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^--version must be .*without a leading zero.*"01\.0\.0"/);
    expect(listFilesRecursive(path.join(dir, 'releases'))).toEqual([]);
  });
});

describe('the example release store', () => {
  it('has an index for every released policy, so deleting its latest release is caught', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policymark-example-'));
    projects.push(dir);
    cpSync(path.join(REPO_ROOT, 'examples', 'kestrel'), dir, { recursive: true });
    for (const policy of ['incident-management', 'information-security', 'statement-of-applicability']) {
      const index = JSON.parse(readFileSync(path.join(dir, 'releases', policy, 'index.json'), 'utf8')) as { releases: { version: string }[] };
      expect(index.releases.length).toBeGreaterThan(0);
    }
    const args = ['check', '--org', 'organisation.yaml', '--library', REPO_ROOT, '--json'];
    const sound = await runCli(args, dir);
    expect(sound.code, sound.stdout).toBe(0);
    rmSync(path.join(dir, 'releases', 'incident-management', '1.1.0.json'));
    const broken = await runCli(args, dir);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout).diagnostics.map((d: { code: string }) => d.code)).toContain('release/missing');
  });
});
