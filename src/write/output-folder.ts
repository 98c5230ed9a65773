import { lstat, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { EnvironmentError } from '../diagnostics/environment-error.js';
import { isRunning } from './process-alive.js';

/**
 * Output folders are replaced as a whole. The new folder is written beside the old one
 * (`.<name>.<pid>.<random>.new`), then swapped in with two renames: old → `.<name>.<pid>.<random>.old`,
 * new → `<name>`; the old one is removed after. Linux cannot rename a folder over a non-empty one, hence
 * the two steps. A kill leaves the old folder, or the new one, or (between the renames) the old one aside,
 * which `recoverFolder` puts back: a reader never sees a mix of two builds.
 */

const SCRATCH = /^\.(.+)\.(\d+)\.[0-9a-f]{12}\.(new|old)$/;

/**
 * Creates `relative` (a POSIX path) below `outDir` one folder at a time, refusing a link or a file on
 * the way: writes never leave the output folder. `outDir` itself may be a link; the user chose it.
 * Returns the absolute path.
 */
export async function ensureRealFolder(outDir: string, relative: string): Promise<string> {
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (!(await stat(outDir)).isDirectory()) throw new EnvironmentError('ENOTDIR', outDir, 'create the folder');
  let current = outDir;
  for (const part of relative.split('/').filter((p) => p !== '.' && p !== '')) {
    current = path.join(current, part);
    try {
      await mkdir(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    await expectRealFolder(current);
  }
  return current;
}

/** Throws unless `folder` is absent or a real folder (not a link, not a file). */
export async function expectRealFolder(folder: string): Promise<void> {
  let stats;
  try {
    stats = await lstat(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (stats.isSymbolicLink()) throw new EnvironmentError('ESYMLINK', folder, 'write into');
  if (!stats.isDirectory()) throw new EnvironmentError('ENOTDIR', folder, 'create the folder');
}

/** A new, empty scratch folder beside `folder`, to be swapped in by `commitFolder`. */
export async function createStagingFolder(folder: string): Promise<string> {
  const staging = scratchName(folder, 'new');
  await mkdir(staging);
  return staging;
}

/** Replaces `folder` by `staging` as a whole; concurrent writers of the same folder each win in turn. */
export async function commitFolder(staging: string, folder: string): Promise<void> {
  const asides: string[] = [];
  for (let attempt = 0; ; attempt++) {
    const aside = scratchName(folder, 'old');
    try {
      await rename(folder, aside);
      asides.push(aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    try {
      await rename(staging, folder);
      break;
    } catch (error) {
      // Another writer (or a reader restoring a folder set aside) put a folder there in between.
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt >= 50) {
        await restoreAside(folder, asides);
        throw error;
      }
    }
  }
  for (const aside of asides) await rm(aside, { recursive: true, force: true });
}

async function restoreAside(folder: string, asides: readonly string[]): Promise<void> {
  for (const aside of [...asides].reverse()) {
    try {
      await rename(aside, folder);
      return;
    } catch {
      // gone, or the folder is back: nothing to restore
    }
  }
}

/**
 * Repairs what a killed writer left beside `folder`: when the folder is missing and an old one was set
 * aside, that one is put back; scratch folders of writers no longer running are removed. Never throws:
 * a reader calls it before reading, and the writer's own checks report what is really wrong.
 */
export async function recoverFolder(folder: string): Promise<void> {
  const parent = path.dirname(folder);
  const name = path.basename(folder);
  let entries: string[];
  try {
    entries = await readdir(parent);
  } catch {
    return;
  }
  const scratch = entries.flatMap((entry) => {
    const match = SCRATCH.exec(entry);
    return match && match[1] === name ? [{ path: path.join(parent, entry), pid: Number(match[2]), kind: match[3] }] : [];
  });
  try {
    const missing = await lstat(folder).then(() => false, (error: NodeJS.ErrnoException) => error.code === 'ENOENT');
    const aside = scratch.find((s) => s.kind === 'old');
    if (missing && aside) await rename(aside.path, folder).catch(() => undefined);
    for (const entry of scratch) {
      if (entry.path === aside?.path && missing) continue;
      if (!isRunning(entry.pid)) await rm(entry.path, { recursive: true, force: true });
    }
  } catch {
    // best effort: a later build tidies again
  }
}

function scratchName(folder: string, kind: 'new' | 'old'): string {
  return path.join(path.dirname(folder), `.${path.basename(folder)}.${process.pid}.${randomBytes(6).toString('hex')}.${kind}`);
}
