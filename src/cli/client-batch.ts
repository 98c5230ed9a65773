import path from 'node:path';
import { isFolder, organisationFiles } from '../load/organisation-files.js';
import { note, UsageError, type CliIo } from './io.js';

/**
 * The organisation files of a batch, when the command line names one: several files, or a folder of
 * clients (see `organisationFiles` for what a folder holds and what it skips). Undefined for one file or
 * none: the command then runs on a single organisation as before. Skipped files are noted on stderr.
 */
export async function batchFiles(given: readonly string[], io: CliIo, usage: string): Promise<string[] | undefined> {
  if (given.length === 0) return undefined;
  if (given.length === 1 && !(await isFolder(path.resolve(io.cwd, given[0]!)))) return undefined;
  const { files, missing, skipped } = await organisationFiles(given.map((file) => path.resolve(io.cwd, file)));
  if (missing.length > 0) throw new UsageError(`No such organisation file or folder: ${missing.map((m) => shown(io, m)).join(', ')}.`, usage);
  for (const skip of skipped) note(io, `Skipped ${shown(io, skip.file)}: ${skip.reason}.\n`);
  if (files.length === 0) throw new UsageError(`No organisation files in ${given.join(', ')} (looked for *.yaml and */organisation.yaml).`, usage);
  return files;
}

/** A path as the user sees it: relative to where the command runs, with forward slashes. */
export function shown(io: CliIo, file: string): string {
  return (path.relative(io.cwd, file) || file).split(path.sep).join('/');
}
