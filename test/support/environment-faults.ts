import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, rmdirSync, writeSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { runCli, type CliRun } from './cli.js';
import { REPO_ROOT } from './project.js';

/**
 * Faults of the machine, provoked for real for a fixture case (`"fault"` in its case.json), so that
 * each errno the CLI reports has a golden of the message a user reads:
 *
 * - `locked-folder` (EACCES): `folder` exists and the user may not write into it. As root, who
 *   bypasses permission bits, the command runs as the user nobody against a root-owned 0700 folder;
 *   otherwise the folder is made read-only (0555) for the user running the tests.
 * - `full-disk` (ENOSPC): a tmpfs of `size` mounted on `folder` (needs mount rights).
 * - `full-stdout` (ENOSPC): the command's standard output is /dev/full.
 * - `read-only` (EROFS): `folder` is bind-mounted read-only on itself (needs mount rights).
 * - `refused-mkdir` (EPERM): `path` is one where the file system refuses to create a folder even to
 *   root (`/sys/fs/...` on Linux); checked with a probe before the case runs.
 *
 * Where the machine cannot stage a fault the case is skipped with the reason printed, or fails under
 * POLICYMARK_REQUIRE_TOOLS=1, like a missing external tool.
 */
export type EnvironmentFault =
  | { readonly kind: 'locked-folder'; readonly folder: string }
  | { readonly kind: 'full-disk'; readonly folder: string; readonly size: string }
  | { readonly kind: 'full-stdout' }
  | { readonly kind: 'read-only'; readonly folder: string }
  | { readonly kind: 'refused-mkdir'; readonly path: string };

/** A staged fault: how to run the command under it, and how to undo it. */
export interface StagedFault {
  readonly run: (args: readonly string[]) => Promise<CliRun>;
  readonly undo: () => void;
}

const BIN = path.join(REPO_ROOT, 'bin', 'policymark.js');
const BUNDLE = path.join(REPO_ROOT, 'dist', 'policymark.mjs');
/** The user nobody of Debian and most Linux systems. */
const NOBODY = 65534;
const execFileAsync = promisify(execFile);

/**
 * Stages `fault` in `project` (the folder the command runs in). Returns the staged fault, or the reason
 * it cannot be staged here. A fault that cannot be staged is a missing privilege (mount rights, a
 * sysfs that refuses mkdir), not a missing tool that .ci/run could install, so it is skipped with its
 * reason even under POLICYMARK_REQUIRE_TOOLS=1; the wording of its message is still checked by
 * injecting the errno (test/environment-faults.test.ts).
 */
export function stageFault(fault: EnvironmentFault, project: string): StagedFault | string {
  return stage(fault, project);
}

function stage(fault: EnvironmentFault, project: string): StagedFault | string {
  const inProcess = (args: readonly string[]): Promise<CliRun> => runCli(args, project);
  switch (fault.kind) {
    case 'locked-folder': {
      const folder = path.join(project, fault.folder);
      mkdirSync(folder, { recursive: true });
      if (process.getuid?.() !== 0) {
        chmodSync(folder, 0o555);
        return { run: inProcess, undo: () => chmodSync(folder, 0o755) };
      }
      const missing = builtCli();
      if (missing) return missing;
      chmodSync(folder, 0o700);
      // The user nobody must read the project and reach the folder it may not write into.
      chmodSync(project, 0o755);
      return { run: (args) => runChild(args, project, { uid: NOBODY, gid: NOBODY }), undo: () => undefined };
    }
    case 'full-disk': {
      const folder = path.join(project, fault.folder);
      mkdirSync(folder, { recursive: true });
      const refused = tryRun('mount', ['-t', 'tmpfs', '-o', `size=${fault.size}`, 'tmpfs', folder]);
      if (refused) return `cannot mount a small tmpfs to fill (${refused})`;
      return { run: inProcess, undo: () => execFileSync('umount', [folder]) };
    }
    case 'full-stdout': {
      const missing = builtCli() ?? fullDeviceMissing();
      if (missing) return missing;
      return { run: (args) => runChild(args, project, { stdout: '/dev/full' }), undo: () => undefined };
    }
    case 'read-only': {
      const folder = path.join(project, fault.folder);
      mkdirSync(folder, { recursive: true });
      const refused = tryRun('mount', ['--bind', '-o', 'ro', folder, folder]);
      if (refused) return `cannot bind-mount ${fault.folder} read-only (${refused})`;
      return { run: inProcess, undo: () => execFileSync('umount', [folder]) };
    }
    case 'refused-mkdir': {
      const refused = probeMkdir(fault.path);
      if (refused !== 'EPERM') return `creating ${fault.path} does not fail with EPERM on this machine (${refused})`;
      return { run: inProcess, undo: () => undefined };
    }
  }
}

/** Why the compiled CLI a child process runs is missing, or undefined when it is there. */
function builtCli(): string | undefined {
  return existsSync(BUNDLE) ? undefined : 'the compiled CLI (dist/) is missing: run "npm run build" first (npm test does)';
}

function fullDeviceMissing(): string | undefined {
  try {
    const fd = openSync('/dev/full', 'w');
    try {
      writeSync(fd, 'x');
    } finally {
      closeSync(fd);
    }
    return '/dev/full accepted a write';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOSPC' ? undefined : `/dev/full is not usable here (${code ?? String(error)})`;
  }
}

/** What creating `target` does: `EPERM`, another code, or `created` (and then it is removed again). */
function probeMkdir(target: string): string {
  try {
    mkdirSync(target);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
  rmdirSync(target);
  return 'created';
}

function tryRun(command: string, args: readonly string[]): string | undefined {
  try {
    execFileSync(command, args, { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return (error as { stderr?: Buffer }).stderr?.toString().trim() || String(error);
  }
}

/** Runs the compiled CLI in its own process, as another user or with its output going to a file. */
async function runChild(args: readonly string[], cwd: string, options: { uid?: number; gid?: number; stdout?: string }): Promise<CliRun> {
  const env = { ...process.env, NO_COLOR: '1' };
  if (options.stdout !== undefined) {
    // The shell opens the file, as a user's `> /dev/full` does; the command gets it as its standard output.
    const quoted = [BIN, ...args].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
    return settle(execFileAsync('sh', ['-c', `exec "$0" ${quoted} > '${options.stdout}'`, process.execPath], { cwd, env }));
  }
  return settle(execFileAsync(process.execPath, [BIN, ...args], { cwd, env, ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid ?? options.uid }) }));
}

async function settle(child: Promise<{ stdout: string; stderr: string }>): Promise<CliRun> {
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
