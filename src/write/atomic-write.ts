import { link, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { isRunning } from './process-alive.js';

/**
 * Writes a file so that readers only ever see the old complete file or the new complete file: the bytes
 * go to a temporary file in the same folder, are flushed to disk, and replace the target by rename.
 */
export async function writeFileAtomic(target: string, bytes: Uint8Array | string): Promise<void> {
  const temp = await writeTemporary(target, bytes);
  try {
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Creates a file that must not exist yet, atomically: the bytes are written to a temporary file and
 * hard-linked into place, which fails if the target exists. Returns false when it already existed.
 */
export async function writeNewFile(target: string, bytes: Uint8Array | string): Promise<boolean> {
  const temp = await writeTemporary(target, bytes);
  try {
    await link(temp, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * Writes the bytes to a new temporary file beside `target`, flushed to disk, and returns its path. The
 * name only has to be unique among concurrent writers; it never reaches an output. A failed write
 * leaves no temporary file.
 */
async function writeTemporary(target: string, bytes: Uint8Array | string): Promise<string> {
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return temp;
}

/**
 * Removes temporary files that a killed writer left behind in a folder: `.<name>.<pid>.<random>.tmp`
 * whose process no longer runs. They were never visible as outputs; this only tidies up.
 */
export async function removeStaleTemporaryFiles(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name);
    if (!match || isRunning(Number(match[1]))) continue;
    await rm(path.join(dir, name), { force: true });
  }
}
