import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { formatEnvironmentError } from '../src/cli/io.js';
import { environmentErrorOf, standardOutputErrorOf, type EnvironmentError } from '../src/diagnostics/environment-error.js';
import { stageFault } from './support/environment-faults.js';
import { FIXTURES, makeProject, removeProject } from './support/project.js';

/**
 * The environment-fault fixtures (test/fixtures/out-permission-denied, out-not-permitted, out-disk-full,
 * out-read-only, stdout-disk-full) provoke each fault for real where the machine lets them. Here their
 * goldens are held to the errno each stands for, injected where the writer meets the operating system,
 * so that the wording is checked on every machine, including one where the faults cannot be staged.
 */
const CWD = path.join(path.sep, 'home', 'someone', 'project');

/** What Node throws for a failed system call. */
function errno(code: string, syscall: string, file?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed, ${syscall}${file === undefined ? '' : ` '${file}'`}`), { code, syscall, ...(file === undefined ? {} : { path: file }) });
}

/** The report a fixture's golden holds, without its exit line. */
function goldenReport(fixture: string): string {
  const text = readFileSync(path.join(FIXTURES, fixture, 'diagnostics.txt'), 'utf8');
  expect(text.startsWith('exit: 2\n'), `${fixture} exits 2`).toBe(true);
  return text.slice('exit: 2\n'.length);
}

const INJECTED: ReadonlyArray<{ readonly fixture: string; readonly code: string; readonly error: () => EnvironmentError | undefined }> = [
  { fixture: 'out-permission-denied', code: 'EACCES', error: () => environmentErrorOf(errno('EACCES', 'mkdir', path.join(CWD, 'locked', 'out'))) },
  { fixture: 'out-not-permitted', code: 'EPERM', error: () => environmentErrorOf(errno('EPERM', 'mkdir', '/sys/fs/policymark-out')) },
  // The writer names the document's folder rather than the scratch file the system call failed on.
  { fixture: 'out-disk-full', code: 'ENOSPC', error: () => environmentErrorOf(errno('ENOSPC', 'write'), path.join(CWD, 'out', 'acme', 'incident-management', 'draft')) },
  { fixture: 'out-read-only', code: 'EROFS', error: () => environmentErrorOf(errno('EROFS', 'mkdir', path.join(CWD, 'out', '.policymark'))) },
  { fixture: 'stdout-disk-full', code: 'ENOSPC', error: () => standardOutputErrorOf(errno('ENOSPC', 'write'), '/dev/full') },
];

describe('the goldens of the environment faults', () => {
  for (const { fixture, code, error } of INJECTED) {
    it(`${fixture}: ${code} injected reads as the golden, in plain words with a hint`, () => {
      const environment = error();
      expect(environment?.code).toBe(code);
      const report = formatEnvironmentError(environment!, CWD);
      expect(report).toBe(goldenReport(fixture));
      expect(report).toMatch(/^policymark could not [a-z ]+ \S+: [a-z][^(]+ \([A-Z]+\)\.\n {2}hint: [A-Z][^\n]+\.\n$/);
      expect(report).not.toMatch(/bug/i);
      expect(report).not.toContain(CWD);
    });
  }

  it('each fault is said in plain words', () => {
    expect(goldenReport('out-permission-denied')).toContain('permission was denied');
    expect(goldenReport('out-not-permitted')).toContain('the operation is not permitted');
    expect(goldenReport('out-disk-full')).toContain('no space is left on the disk');
    expect(goldenReport('stdout-disk-full')).toContain('no space is left on the disk');
    expect(goldenReport('out-read-only')).toContain('the file system is read-only');
    expect(goldenReport('out-is-a-file')).toContain('a part of the path is a file, not a folder');
  });
});

describe('a read-only file system, injected where the build creates its folders', () => {
  const projects: string[] = [];
  afterAll(() => projects.forEach(removeProject));

  it('EROFS stops the build with exit 2 and the golden report, and nothing is written', async () => {
    const dir = makeProject();
    projects.push(dir);
    const { main } = await import('../src/cli/main.js');
    const fs = await import('node:fs/promises');
    const original = fs.default.mkdir;
    let stderr = '';
    const io = { cwd: dir, env: { NO_COLOR: '1' }, stdout: { write: () => true }, stderr: { write: (text: string) => (stderr += text) } };
    // As a read-only file system answers: an existing folder is there, a new one is refused.
    mkdirSync(path.join(dir, 'out'));
    fs.default.mkdir = (async (target: string, options?: Parameters<typeof original>[1]) => {
      if (existsSync(String(target))) return original(target, options);
      throw errno('EROFS', 'mkdir', String(target));
    }) as typeof original;
    syncBuiltinESMExports();
    let code: number;
    try {
      code = await main(['build', '--library', '.', '--out', 'out', '--draft'], io);
    } finally {
      fs.default.mkdir = original;
      syncBuiltinESMExports();
    }
    expect(code).toBe(2);
    expect(stderr).toBe(goldenReport('out-read-only'));
    expect(readdirSync(path.join(dir, 'out'))).toEqual([]);
  });
});

describe('a fault the machine cannot stage', () => {
  const saved = process.env['POLICYMARK_REQUIRE_TOOLS'];
  afterEach(() => {
    if (saved === undefined) delete process.env['POLICYMARK_REQUIRE_TOOLS'];
    else process.env['POLICYMARK_REQUIRE_TOOLS'] = saved;
  });

  // A folder the file system lets anyone create cannot stand for one it refuses.
  const creatable = (): string => path.join(mkdtempSync(path.join(tmpdir(), 'policymark-fault-')), 'accepted');

  it('is skipped with the reason, and the probe leaves nothing behind', () => {
    delete process.env['POLICYMARK_REQUIRE_TOOLS'];
    const target = creatable();
    try {
      expect(stageFault({ kind: 'refused-mkdir', path: target }, path.dirname(target))).toMatch(/does not fail with EPERM on this machine \(created\)/);
      expect(existsSync(target)).toBe(false);
    } finally {
      rmSync(path.dirname(target), { recursive: true, force: true });
    }
  });

  it('is skipped, not failed, under POLICYMARK_REQUIRE_TOOLS=1: a privilege is not a tool .ci/run can install', () => {
    process.env['POLICYMARK_REQUIRE_TOOLS'] = '1';
    const target = creatable();
    try {
      expect(stageFault({ kind: 'refused-mkdir', path: target }, path.dirname(target))).toMatch(/does not fail with EPERM on this machine/);
    } finally {
      rmSync(path.dirname(target), { recursive: true, force: true });
    }
  });
});
