import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';

/** Why a file was not read: it does not exist, is not a regular file (a folder, FIFO, device or, where links are refused, a link), is larger than allowed, or failed to read. */
export type ReadProblem =
  | { readonly problem: 'not-found' }
  | { readonly problem: 'not-a-file' }
  | { readonly problem: 'too-large'; readonly size: number }
  | { readonly problem: 'unreadable'; readonly code: string };

/**
 * Reads a file only once it is known to be a regular file of at most `maxBytes`: opened without blocking
 * (a FIFO does not hang the build) and, unless `followLink`, without following a final symbolic link; then
 * checked on the open handle, so what was checked is what is read; then read up to the limit and no further
 * (a file that grows meanwhile, or a device, cannot make the build read without end).
 * The calls are synchronous: a build reads a few hundred small files one after another, and a round
 * trip to the thread pool for each of the five calls a file takes cost more CPU than the reads themselves.
 */
export async function readRegularFile(absolute: string, maxBytes: number, followLink: boolean): Promise<{ readonly bytes: Buffer } | ReadProblem> {
  let fd: number;
  try {
    fd = openSync(absolute, constants.O_RDONLY | constants.O_NONBLOCK | (followLink ? 0 : constants.O_NOFOLLOW));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    if (code === 'ENOENT' || code === 'ENOTDIR') return { problem: 'not-found' };
    if (code === 'ELOOP' || code === 'ENXIO' || code === 'EISDIR') return { problem: 'not-a-file' };
    return { problem: 'unreadable', code };
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { problem: 'not-a-file' };
    if (info.size > maxBytes) return { problem: 'too-large', size: info.size };
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const bytesRead = readSync(fd, buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > maxBytes) return { problem: 'too-large', size: filled };
    return { bytes: buffer.subarray(0, filled) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return code === 'EISDIR' ? { problem: 'not-a-file' } : { problem: 'unreadable', code };
  } finally {
    closeSync(fd);
  }
}

/** Whether `absolute`, with every symbolic link resolved, lies inside `folder` (also resolved); false when either does not exist. */
export async function staysInside(folder: string, absolute: string): Promise<boolean> {
  try {
    const [realFolder, realTarget] = await Promise.all([realpath(folder), realpath(absolute)]);
    return realTarget === realFolder || realTarget.startsWith(`${realFolder}${path.sep}`);
  } catch {
    return false;
  }
}
