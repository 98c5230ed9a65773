import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvironmentError, environmentErrorOf } from '../src/diagnostics/environment-error.js';
import { formatEnvironmentError } from '../src/cli/io.js';
import { runCli } from './support/cli.js';
import { listFilesRecursive, makeProject, removeProject } from './support/project.js';

/**
 * The output folder as the environment hands it over: links inside it, a file where it should be, a
 * full, read-only or forbidden disk. Writes stay inside the output folder, and the machine's failures are
 * reported as such (exit 2, a hint, paths relative to where the command runs), never as a bug.
 */
const projects: string[] = [];
afterAll(() => projects.forEach(removeProject));

function project(): string {
  const dir = makeProject();
  projects.push(dir);
  return dir;
}

function hashes(dir: string): Record<string, string> {
  return Object.fromEntries(listFilesRecursive(dir).map((f) => [f, createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex')]));
}

/** Every entry below `dir`, dot-files and scratch folders included. */
function everything(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current)) {
      const full = path.join(current, entry);
      out.push(path.relative(dir, full));
      if (statSync(full).isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out.sort();
}

function renameOrganisation(dir: string, legalName: string): void {
  const file = path.join(dir, 'organisation.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^legalName: .*$/m, `legalName: ${legalName}`));
}

/** An environment failure as the user sees it: exit 2, the path relative, a hint, no "bug", no absolute path. */
function expectEnvironmentFailure(run: { code: number; stderr: string }, dir: string, pattern: RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).toMatch(/^ {2}hint: \S/m);
  expect(run.stderr).not.toMatch(/bug in policymark|failed unexpectedly|\n\s+at .+:\d+:\d+/);
  expect(run.stderr).not.toContain(dir);
  expect(run.stderr).not.toMatch(/(^|[\s'"])\/(tmp|root|home|work)\//m);
}

function tryMount(args: readonly string[]): string | undefined {
  try {
    execFileSync('mount', args, { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return (error as { stderr?: Buffer }).stderr?.toString().trim() || String(error);
  }
}

describe('links in the output folder', () => {
  for (const link of ['acme/incident-management', 'acme/incident-management/draft', 'acme', '.policymark']) {
    it(`are never written through: ${link} -> elsewhere`, async () => {
      const dir = project();
      expect((await runCli(['build', '--library', '.', '--out', 'out', '--draft'], dir)).code).toBe(0);
      mkdirSync(path.join(dir, 'elsewhere'));
      renameSync(path.join(dir, 'out', link), path.join(dir, 'elsewhere', 'moved'));
      symlinkSync(path.join(dir, 'elsewhere', 'moved'), path.join(dir, 'out', link));
      const before = hashes(path.join(dir, 'elsewhere'));
      renameOrganisation(dir, 'Acme Linked Ltd');

      const run = await runCli(['build', '--library', '.', '--out', 'out', '--draft'], dir);
      expectEnvironmentFailure(run, dir, new RegExp(`out/${link.replace(/[./]/g, '\\$&')}: it is a symbolic link.*\\(ESYMLINK\\)`));
      expect(hashes(path.join(dir, 'elsewhere')), 'nothing written outside the output folder').toEqual(before);
    });
  }
});

describe('environment failures are reported as such, exit 2, never as a bug', () => {
  it('--out naming a file (ENOTDIR)', async () => {
    const dir = project();
    writeFileSync(path.join(dir, 'logo.png'), 'not a folder');
    const run = await runCli(['build', '--library', '.', '--out', 'logo.png'], dir);
    expectEnvironmentFailure(run, dir, /could not .* logo\.png: .*\(ENOTDIR\)/);
    expect(readFileSync(path.join(dir, 'logo.png'), 'utf8')).toBe('not a folder');
  });

  it('a path longer than the file system allows (ENAMETOOLONG)', async () => {
    const dir = project();
    const run = await runCli(['build', '--library', '.', '--out', `out/${'x'.repeat(300)}`], dir);
    expectEnvironmentFailure(run, dir, /could not .*\(ENAMETOOLONG\)/);
    expect(run.stderr).toMatch(/ out\/x{300}/);
  });

  it('a full disk (ENOSPC) leaves no partial output', async (context) => {
    const dir = project();
    const out = path.join(dir, 'out');
    mkdirSync(out);
    // Room for half a build: the first PDF or Word file that does not fit stops it.
    const refused = tryMount(['-t', 'tmpfs', '-o', 'size=72k', 'tmpfs', out]);
    if (refused) {
      console.log(`ENOSPC test skipped: cannot mount a small tmpfs (${refused})`);
      return context.skip();
    }
    try {
      const run = await runCli(['build', '--library', '.', '--out', 'out', '--draft'], dir);
      expectEnvironmentFailure(run, dir, /could not write out\/acme\/incident-management\/draft: no space is left on the disk \(ENOSPC\)/);
      expect(everything(out).filter((f) => !f.startsWith('.policymark')), 'no partial output, no scratch files').toEqual(['acme', 'acme/incident-management']);
    } finally {
      execFileSync('umount', [out]);
    }
  });

  it('a read-only output folder (EROFS) keeps the earlier outputs', async (context) => {
    const dir = project();
    const out = path.join(dir, 'out');
    expect((await runCli(['build', '--library', '.', '--out', 'out', '--draft'], dir)).code).toBe(0);
    const before = hashes(out);
    const refused = tryMount(['--bind', '-o', 'ro', out, out]);
    if (refused) {
      console.log(`EROFS test skipped: cannot bind-mount the output folder read-only (${refused})`);
      return context.skip();
    }
    try {
      renameOrganisation(dir, 'Acme Read-Only Ltd');
      const run = await runCli(['build', '--library', '.', '--out', 'out', '--draft'], dir);
      expectEnvironmentFailure(run, dir, /could not .* out\/acme\/incident-management.*: the file system is read-only \(EROFS\)/);
      expect(hashes(out)).toEqual(before);
    } finally {
      execFileSync('umount', [out]);
    }
  });

  it('every environment code of the operating system gets its own reason and hint, the path relative to the cwd', () => {
    const cwd = path.join(path.sep, 'home', 'someone', 'project');
    for (const code of ['ENOSPC', 'ENAMETOOLONG', 'EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR']) {
      const errno = Object.assign(new Error(`${code}: failed, open '${cwd}/out/a.pdf'`), { code, syscall: 'open', path: path.join(cwd, 'out', 'a.pdf') });
      const environment = environmentErrorOf(errno);
      expect(environment, code).toBeInstanceOf(EnvironmentError);
      const text = formatEnvironmentError(environment!, cwd);
      expect(text, code).toMatch(new RegExp(`^policymark could not open out/a\\.pdf: [a-z][^(]+ \\(${code}\\)\\.\\n {2}hint: [A-Z].+\\.\\n$`));
      expect(text).not.toContain(cwd);
    }
    expect(environmentErrorOf(Object.assign(new Error('x'), { code: 'ERR_ASSERTION' }))).toBeUndefined();
    expect(environmentErrorOf(new TypeError('a bug'))).toBeUndefined();
  });
});
