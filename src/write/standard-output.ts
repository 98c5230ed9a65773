import { readlinkSync } from 'node:fs';
import { standardOutputErrorOf, type EnvironmentError } from '../diagnostics/environment-error.js';

/** The standard output as a command writes to it, and how the writing ended. */
export interface GuardedOutput {
  /** What the command writes to; after a failure, further text is dropped instead of failing again. */
  readonly stream: { write(text: string): boolean; readonly isTTY: boolean };
  /**
   * Waits until everything written has reached the operating system, then returns the failure, if
   * there was one (a full disk behind `> file`, a file system that refused the bytes).
   */
  finish(): Promise<EnvironmentError | undefined>;
}

/**
 * Wraps the process's standard output so that a failed write (`policymark schema > /dev/full`) becomes
 * an environment failure the CLI reports with where the output went, instead of an unhandled stream
 * error with a stack trace and exit 1. Node reports such a failure as an `error` event after the write
 * call has returned, so it is collected here and asked for once the command is done.
 */
export function guardStandardOutput(target: NodeJS.WriteStream): GuardedOutput {
  let failure: unknown;
  let failed = false;
  target.on('error', (error: unknown) => {
    if (failed) return;
    failed = true;
    failure = error;
  });
  return {
    stream: {
      write: (text: string) => (failed ? false : target.write(text)),
      isTTY: target.isTTY === true,
    },
    finish: async () => {
      if (!failed && !target.destroyed) await new Promise<void>((resolve) => target.write('', () => resolve()));
      return failed ? standardOutputErrorOf(failure, redirectedTo(target)) : undefined;
    },
  };
}

/** The file the output is redirected to, where the system tells (Linux's /proc); undefined elsewhere. */
function redirectedTo(target: NodeJS.WriteStream): string | undefined {
  const fd = (target as NodeJS.WriteStream & { fd?: number }).fd;
  if (typeof fd !== 'number') return undefined;
  try {
    const link = readlinkSync(`/proc/self/fd/${fd}`);
    // A pipe or socket has no path to name: "pipe:[1234]".
    return link.startsWith('/') ? link : undefined;
  } catch {
    return undefined;
  }
}
