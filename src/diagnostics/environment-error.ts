/**
 * The machine, not the input and not policymark, stopped a command: a full disk, a read-only folder,
 * missing permissions, a path too long, a file where a folder belongs, a link out of the output folder.
 * Stages throw it (or let the operating system's error through); the CLI prints it with a hint and exits 2,
 * never as a bug. One mechanism for every stage: `load/` and `write/` raise it, `environmentErrorOf`
 * recognises the operating system's own errors, and the CLI formats both.
 */
export class EnvironmentError extends Error {
  /**
   * @param code the operating system's code (`ENOSPC`, `EACCES` ...) or `ESYMLINK` for a link policymark refuses to follow
   * @param file the absolute path concerned; the CLI shows it relative to where the command runs
   * @param action what policymark was doing, as a verb phrase: `write`, `read`, `create the folder`
   * @param reason what went wrong, in words; defaults to the code's description
   */
  constructor(
    readonly code: string,
    readonly file: string | undefined,
    readonly action: string,
    readonly reason: string = describeCode(code).reason,
    readonly hint: string = describeCode(code).hint,
  ) {
    super(`could not ${action}${file === undefined ? '' : ` ${file}`}: ${reason} (${code})`);
    this.name = 'EnvironmentError';
  }
}

const OUTPUT_HINT = 'or choose another output folder with --out';

const CODES: Readonly<Record<string, { readonly reason: string; readonly hint: string }>> = {
  ENOSPC: { reason: 'no space is left on the disk', hint: `Free some disk space, ${OUTPUT_HINT}, and run the command again.` },
  EDQUOT: { reason: 'the disk quota is used up', hint: `Free some space within the quota, ${OUTPUT_HINT}, and run the command again.` },
  ENAMETOOLONG: { reason: 'the path is longer than the file system allows', hint: `Use shorter ids (organisation, policy, version), ${OUTPUT_HINT} with a shorter path.` },
  EACCES: { reason: 'permission was denied', hint: `Check that you may read and write there, ${OUTPUT_HINT}.` },
  EPERM: { reason: 'the operation is not permitted', hint: `Check the permissions and attributes of the folder, ${OUTPUT_HINT}.` },
  EROFS: { reason: 'the file system is read-only', hint: 'Choose an output folder on a writable disk with --out.' },
  ENOTDIR: { reason: 'a part of the path is a file, not a folder', hint: `Remove or rename the file in the way, ${OUTPUT_HINT}.` },
  EISDIR: { reason: 'a folder is where a file belongs', hint: 'Remove or rename the folder in the way.' },
  ELOOP: { reason: 'symbolic links in the path form a loop', hint: 'Remove the looping link.' },
  EIO: { reason: 'the disk reported an input/output error', hint: 'Check the disk, then run the command again.' },
  EMFILE: { reason: 'too many files are open', hint: 'Raise the limit of open files (ulimit -n) and run the command again.' },
  ESYMLINK: {
    reason: 'it is a symbolic link, and policymark writes only inside the output folder',
    hint: 'Replace the link with a real folder (or remove it), or choose another output folder with --out.',
  },
};

function describeCode(code: string): { reason: string; hint: string } {
  return CODES[code] ?? { reason: 'the file system refused the operation', hint: 'Check the folder and run the command again.' };
}

/** The verb for what the operating system was asked to do, from the failing system call. */
const ACTIONS: Readonly<Record<string, string>> = {
  mkdir: 'create the folder',
  open: 'open',
  write: 'write',
  read: 'read',
  scandir: 'list the folder',
  rename: 'move into place',
  link: 'link into place',
  unlink: 'remove',
  rmdir: 'remove',
  rm: 'remove',
  copyfile: 'copy',
  stat: 'inspect',
  lstat: 'inspect',
  fsync: 'write',
  close: 'write',
};

/**
 * The environment failure `error` stands for, or undefined when it is something else (a bug). `file`
 * replaces the path the operating system names, where that is a scratch path the user never sees.
 */
export function environmentErrorOf(error: unknown, file?: string): EnvironmentError | undefined {
  if (error instanceof EnvironmentError) return error;
  if (!(error instanceof Error)) return undefined;
  const errno = error as NodeJS.ErrnoException;
  if (typeof errno.code !== 'string' || !Object.hasOwn(CODES, errno.code)) return undefined;
  const action = (errno.syscall !== undefined ? ACTIONS[errno.syscall] : undefined) ?? 'use';
  return new EnvironmentError(errno.code, file ?? errno.path, action);
}

/** A full disk or quota where the output is redirected; any other code has the plain hint below. */
const STANDARD_OUTPUT_HINTS: Readonly<Record<string, string>> = {
  ENOSPC: 'Free some disk space where the output is redirected, or redirect it to another disk, and run the command again.',
  EDQUOT: 'Free some space within the quota where the output is redirected, or redirect it elsewhere, and run the command again.',
};

/**
 * The environment failure a write to the standard output stands for: `target` is where the output goes
 * (`/dev/full`, `report.json`), when the operating system tells. Undefined for a closed pipe (EPIPE),
 * which is the reader's choice (`| head`), not a fault to report.
 */
export function standardOutputErrorOf(error: unknown, target: string | undefined): EnvironmentError | undefined {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  if (code === 'EPIPE') return undefined;
  const known = code ?? 'EIO';
  const hint = STANDARD_OUTPUT_HINTS[known] ?? 'Redirect the output to a file or program that accepts it, and run the command again.';
  return new EnvironmentError(known, target, target === undefined ? 'write the standard output' : 'write the standard output to', undefined, hint);
}
