import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Writes files (paths relative, POSIX) into a new temporary folder, so that an earlier version of a
 * project (read from git) can go through the same load stage as the working tree. `remove` deletes it.
 */
export async function writeSnapshotFolder(files: readonly { readonly path: string; readonly bytes: Uint8Array }[]): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'policymark-base-'));
  for (const file of files) {
    const target = path.join(dir, ...file.path.split('/'));
    // A path from the tree that would leave the folder (it cannot in git, but the bytes came from outside) is skipped.
    if (path.relative(dir, target).startsWith('..')) continue;
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.bytes);
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
