import path from 'node:path';
import type { EnvironmentError } from '../diagnostics/environment-error.js';

/** What a command may touch of the process: injected so that tests run commands in-process. */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** --quiet: only errors reach stderr (see `note` and `printDiagnostics`). */
  readonly quiet?: boolean;
}

/** Exit codes: 0 ok, 1 content errors in the user's input, 2 usage, environment (disk, permissions) or internal failure. */
export const EXIT_OK = 0;
export const EXIT_CONTENT = 1;
export const EXIT_USAGE = 2;
/** The machine stopped the command (full disk, permissions, read-only): the same code as a usage error. */
export const EXIT_ENVIRONMENT = 2;
/** A fault in policymark itself: exit 2 too, as DESIGN.md's output contract says (0 ok, 1 content, 2 the rest). */
export const EXIT_INTERNAL = 2;

/** A mistake in how the command was called (unknown flag, bad value): exit 2 with the usage text. */
export class UsageError extends Error {
  constructor(message: string, readonly usage?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * The report of an environment failure (full disk, read-only folder, a link out of the output folder):
 * what could not be done to which path, and what to do about it. A path inside the folder the command
 * runs in is shown relative to it; one outside it (`--out /mnt/share`, `> /dev/full`) as it is, since
 * `../../mnt/share` is not what the user typed.
 */
export function formatEnvironmentError(error: EnvironmentError, cwd: string): string {
  const where = error.file === undefined ? '' : ` ${shownPath(error.file, cwd)}`;
  return `policymark could not ${error.action}${where}: ${error.reason} (${error.code}).\n  hint: ${error.hint}\n`;
}

/** A note for the person at the terminal (progress, a summary, what was written): silent under --quiet. */
export function note(io: CliIo, text: string): void {
  if (!io.quiet) io.stderr.write(text);
}

function shownPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  return (outside ? file : relative || '.').split(path.sep).join('/');
}
