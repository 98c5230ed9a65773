import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { serialize } from 'node:v8';

/** What load/parse-cache-file.ts reads back: the results, the build that made them, the format. */
export interface StoredParses {
  readonly format: number;
  readonly buildId: string;
  readonly entries: ReadonlyMap<string, unknown>;
}

/**
 * Writes the parse cache for the next process. Replaced by rename, so a reader sees the old file or the
 * new one, never half of one; concurrent writers (batch workers) each write a whole file and the last
 * one stays. Not flushed to disk: a cache lost in a crash is only parsed again. A cache that cannot be
 * written (a read-only project, a full disk) is skipped silently, as it only ever saves time.
 */
export async function storeParses(target: string, stored: StoredParses): Promise<void> {
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    // The folder keeps itself out of version control, so that no project has to list it.
    await writeFile(path.join(dir, '.gitignore'), '# Written by policymark: parsed inputs, safe to delete.\n*\n', { flag: 'wx' }).catch(() => undefined);
    await writeFile(temp, serialize({ format: stored.format, buildId: stored.buildId, entries: stored.entries }));
    await rename(temp, target);
  } catch {
    await rm(temp, { force: true }).catch(() => undefined);
  }
}
