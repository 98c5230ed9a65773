import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { listFilesRecursive, REPO_ROOT } from './support/project.js';

/**
 * Batch builds run the compiled command (`npm test` builds it first), because worker threads run the
 * compiled worker script; the in-process runs below take the single-thread path of the same code.
 */
const run = promisify(execFile);
const BIN = path.join(REPO_ROOT, 'bin/policymark.js');
const KESTREL = readFileSync(path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), 'utf8').replace(/^\s*logo: .*$/m, '');
const COMMON = ['--library', REPO_ROOT, '--format', 'md', '--lang', 'en', '--draft', '--policy', 'incident-management,backup-restore'];

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'policymark-batch-'));
  const client = (name: string, text: string): void => {
    mkdirSync(path.join(dir, 'clients', name), { recursive: true });
    writeFileSync(path.join(dir, 'clients', name, 'organisation.yaml'), text);
  };
  client('alpha', KESTREL.replace('id: kestrel', 'id: alpha').replace(/^legalName: .*$/m, 'legalName: Alpha Freight AB'));
  client('beta', KESTREL.replace('id: kestrel', 'id: beta').replace(/^legalName: .*$/m, 'legalName: [unclosed'));
  client('gamma', KESTREL.replace('id: kestrel', 'id: gamma').replace('incidentManager: erik.sandberg', 'incidentManager: erik.sandbergg'));
  client('delta', KESTREL.replace('id: kestrel', 'id: delta').replace(/^legalName: .*$/m, 'legalName: Delta Care AB'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function mtimes(folder: string): Record<string, number> {
  return Object.fromEntries(listFilesRecursive(folder).map((file) => [file, statSync(path.join(folder, file)).mtimeMs]));
}

describe('batch builds', () => {
  it('builds a folder of clients in parallel; a client with bad input fails alone, with its diagnostics', async () => {
    const result = await cli(['build', 'clients', '--jobs', '2', ...COMMON]);
    expect(result.code).toBe(1);
    const rows = result.stdout.trim().split('\n').slice(2).map((line) => line.split(/\s{2,}/));
    expect(rows.map((row) => [row[0], row[1]])).toEqual([
      ['clients/alpha/organisation.yaml', 'built'],
      ['clients/beta/organisation.yaml', 'FAILED (1 error)'],
      ['clients/delta/organisation.yaml', 'built'],
      ['clients/gamma/organisation.yaml', 'FAILED (1 error)'],
    ]);
    expect(result.stderr).toMatch(/^clients\/beta\/organisation\.yaml:\d+:\d+ +error +A value opened with "\[" above is not closed/m);
    expect(result.stderr).toMatch(/^clients\/gamma\/organisation\.yaml:\d+:\d+ +error +The role "incidentManager" is given to "erik\.sandbergg"/m);
    expect(result.stderr).toMatch(/2 failed; built 2 of 4 organisations: 4 documents, \d+ files written, 0 unchanged, in [\d.]+ s with 2 workers\./);
    // No progress bar when stderr is not a terminal.
    expect(result.stderr).not.toContain('[#');
    expect(existsSync(path.join(dir, 'output/beta'))).toBe(false);
    expect(existsSync(path.join(dir, 'output/gamma'))).toBe(false);
    expect(readFileSync(path.join(dir, 'output/alpha/incident-management/draft/incident-management.md'), 'utf8')).toContain('Alpha Freight AB');
    expect(readFileSync(path.join(dir, 'output/delta/backup-restore/draft/backup-restore.md'), 'utf8')).toContain('Delta Care AB');
  });

  it('gives each client the same bytes as building it on its own', async () => {
    const single = await cli(['build', '--org', 'clients/alpha/organisation.yaml', '--out', 'single', ...COMMON]);
    expect(single.code, single.stderr).toBe(0);
    for (const file of listFilesRecursive(path.join(dir, 'single/alpha'))) {
      expect(readFileSync(path.join(dir, 'output/alpha', file)).equals(readFileSync(path.join(dir, 'single/alpha', file))), file).toBe(true);
    }
  });

  it('a rebuild with unchanged inputs writes nothing; a changed client is rebuilt, and an output edited by hand is restored', async () => {
    const before = mtimes(path.join(dir, 'output'));
    const again = await cli(['build', 'clients/alpha/organisation.yaml', 'clients/delta/organisation.yaml', '--jobs', '2', ...COMMON]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/clients\/alpha\/organisation\.yaml +up to date/);
    expect(again.stdout).toMatch(/clients\/delta\/organisation\.yaml +up to date/);
    expect(mtimes(path.join(dir, 'output'))).toEqual(before);

    const org = path.join(dir, 'clients/delta/organisation.yaml');
    writeFileSync(org, readFileSync(org, 'utf8').replace('legalName: Delta Care AB', 'legalName: Delta Care Group AB'));
    const edited = path.join(dir, 'output/alpha/incident-management/draft/incident-management.md');
    const original = readFileSync(edited);
    writeFileSync(edited, 'tampered\n');
    const third = await cli(['build', 'clients/alpha/organisation.yaml', 'clients/delta/organisation.yaml', ...COMMON]);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toMatch(/clients\/alpha\/organisation\.yaml +built +2 +1 /);
    expect(readFileSync(edited).equals(original)).toBe(true);
    expect(readFileSync(path.join(dir, 'output/delta/backup-restore/draft/backup-restore.md'), 'utf8')).toContain('Delta Care Group AB');
  });

  it('refuses to build two clients with the same id, which would overwrite each other', async () => {
    mkdirSync(path.join(dir, 'twins'), { recursive: true });
    writeFileSync(path.join(dir, 'twins/one.yaml'), KESTREL);
    writeFileSync(path.join(dir, 'twins/two.yaml'), KESTREL);
    const result = await cli(['build', 'twins', '--out', 'twins-out', ...COMMON]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^twins\/one\.yaml:5:5 +error +The organisation id "kestrel" is also the id of twins\/two\.yaml/m);
    expect(existsSync(path.join(dir, 'twins-out/kestrel'))).toBe(false);
  });

  it('shows a progress bar on a terminal, and none with --quiet', async () => {
    const runInProcess = async (extra: string[]): Promise<string> => {
      let stderr = '';
      await main(['build', 'clients/alpha/organisation.yaml', 'clients/delta/organisation.yaml', ...COMMON, ...extra], {
        cwd: dir,
        env: { NO_COLOR: '1' },
        stdout: { write: () => true, isTTY: true },
        stderr: { write: (text: string) => (stderr += text), isTTY: true },
      });
      return stderr;
    };
    expect(await runInProcess([])).toMatch(/\r\u001b\[2K\[##############\.{14}\] 1\/2 organisations, about \d+ s left/);
    expect(await runInProcess(['--quiet'])).not.toContain('[#');
  });

  it('exits 2 for a folder with no organisation files or a path that does not exist', async () => {
    mkdirSync(path.join(dir, 'empty'), { recursive: true });
    expect((await cli(['build', 'empty'])).code).toBe(2);
    expect((await cli(['build', 'nowhere', 'empty'])).stderr).toContain('No such organisation file or folder: nowhere');
  });
});
