import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../../support/cli.js';
import { makeProject, removeProject } from '../../support/project.js';

/**
 * Only regular files inside the project (or inside the library, for library files) are read, each only
 * after it is checked and never beyond its size limit: a FIFO, a device or a link leading out is
 * refused with a diagnostic, promptly, instead of hanging the build or reading without end.
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeProject));

function project(): string {
  const dir = makeProject();
  dirs.push(dir);
  return dir;
}

function outsideFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policymark-outside-'));
  dirs.push(dir);
  return dir;
}

/** The CLI in-process, failed after 5 s: a read that blocks or never ends shows as a failure, not a hung run. */
async function runBounded(args: readonly string[], cwd: string): Promise<CliRun> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`policymark ${args.join(' ')} did not finish within 5 s`)), 5000)));
  try {
    return await Promise.race([runCli(args, cwd), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function withLogo(dir: string, logo: string): void {
  const file = path.join(dir, 'organisation.yaml');
  writeFileSync(file, `${readFileSync(file, 'utf8')}branding:\n  logo: ${logo}\n`);
}

describe('logos that are not regular files', () => {
  it('refuses a FIFO as the logo at once, with a positioned diagnostic', async () => {
    const dir = project();
    execFileSync('mkfifo', [path.join(dir, 'logo.png')]);
    withLogo(dir, 'logo.png');
    const run = await runBounded(['check', '--library', '.'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^organisation\.yaml:50:9 {2}error {2}The logo "logo\.png" is not a regular file .* {2}asset\/not-found$/m);
  });

  it('refuses a link inside the project that leads to a FIFO inside the project', async () => {
    const dir = project();
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    symlinkSync('pipe', path.join(dir, 'logo.png'));
    withLogo(dir, 'logo.png');
    const run = await runBounded(['build', '--library', '.', '--out', 'out'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('asset/not-found');
  });

  it('refuses a link to /dev/zero without reading it', async () => {
    const dir = project();
    symlinkSync('/dev/zero', path.join(dir, 'logo.png'));
    withLogo(dir, 'logo.png');
    const run = await runBounded(['build', '--library', '.', '--out', 'out'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('asset/outside-project');
  });
});

describe('folders of modules that lead out of their library or project', () => {
  it('does not read policy-modules/sections when it is a link to a folder outside the library', async () => {
    const dir = project();
    const outside = outsideFolder();
    cpSync(path.join(dir, 'policy-modules', 'sections'), outside, { recursive: true });
    writeFileSync(path.join(outside, 'purpose.md'), readFileSync(path.join(outside, 'purpose.md'), 'utf8').replace('Purpose and scope', 'Read from outside'));
    rmSync(path.join(dir, 'policy-modules', 'sections'), { recursive: true });
    symlinkSync(outside, path.join(dir, 'policy-modules', 'sections'));
    const run = await runBounded(['check', '--library', '.'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^policy-modules\/sections {2}error {2}This folder is a symbolic link to a folder outside the library, so it was not read\. {2}load\/outside-folder$/m);
  });

  it('does not read a releases folder that is a link leading out of the project', async () => {
    const dir = project();
    const outside = outsideFolder();
    mkdirSync(path.join(outside, 'incident-management'));
    writeFileSync(path.join(outside, 'incident-management', '1.0.0.json'), '{}');
    symlinkSync(outside, path.join(dir, 'releases'));
    const run = await runBounded(['check', '--library', '.'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^releases {2}error {2}This folder is a symbolic link to a folder outside the project, so it was not read\. {2}load\/outside-folder$/m);
  });

  it('warns about a module that is a link, and does not read it', async () => {
    const dir = project();
    const outside = outsideFolder();
    writeFileSync(path.join(outside, 'extra.md'), '---\nid: extra\ntitle: Extra\nkind: purpose\nlang: en\n---\nRead from outside.\n');
    symlinkSync(path.join(outside, 'extra.md'), path.join(dir, 'policy-modules', 'sections', 'extra.md'));
    execFileSync('mkfifo', [path.join(dir, 'policy-modules', 'sections', 'pipe.md')]);
    const run = await runBounded(['check', '--library', '.'], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^policy-modules\/sections\/extra\.md {2}warning {2}This entry is a symbolic link, a pipe or a device, not a regular file, so it was not read\. {2}load\/not-a-regular-file$/m);
    expect(run.stderr).toMatch(/^policy-modules\/sections\/pipe\.md {2}warning {2}.* {2}load\/not-a-regular-file$/m);
  });
});

describe('organisation files that are not regular files', () => {
  it('refuses a FIFO given with --org at once', async () => {
    const dir = project();
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    const run = await runBounded(['check', '--library', '.', '--org', 'pipe.yaml'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('pipe.yaml  error  This path is not a regular file');
  });

  it('refuses, in a batch, a client folder whose organisation.yaml is a FIFO or a link to /dev/zero', async () => {
    const dir = project();
    for (const client of ['pipe', 'zero']) mkdirSync(path.join(dir, 'clients', client), { recursive: true });
    execFileSync('mkfifo', [path.join(dir, 'clients', 'pipe', 'organisation.yaml')]);
    symlinkSync('/dev/zero', path.join(dir, 'clients', 'zero', 'organisation.yaml'));
    const run = await runBounded(['build', 'clients', '--library', '.', '--out', 'out'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('clients/pipe/organisation.yaml');
    expect(run.stderr).toContain('clients/zero/organisation.yaml');
  }, 20_000);
});
