import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { commitFolder, createStagingFolder, ensureRealFolder, expectRealFolder } from './output-folder.js';

/**
 * Writes a whole site into `outDir` at once: every file into a fresh staging folder beside it, then
 * the folder swapped in, so a reader (or the preview server) never sees half of one build and half of
 * another, and files of an earlier build that are gone now do not linger.
 */
export async function writeSite(outDir: string, files: readonly { readonly path: string; readonly bytes: Uint8Array }[]): Promise<void> {
  await ensureRealFolder(path.dirname(outDir), '.');
  await expectRealFolder(outDir);
  const staging = await createStagingFolder(outDir);
  const folders = new Set(files.map((file) => path.dirname(path.join(staging, file.path))));
  for (const folder of [...folders].sort()) await mkdir(folder, { recursive: true });
  for (const file of files) {
    if (file.path.split('/').includes('..') || path.isAbsolute(file.path)) throw new Error(`A site file may not leave the site folder: ${file.path}`);
    await writeFile(path.join(staging, file.path), file.bytes);
  }
  await commitFolder(staging, outDir);
}

/** A new private folder under the system's temporary folder, for a preview's builds; `remove` deletes it. */
export async function createPreviewFolder(): Promise<{ folder: string; remove: () => Promise<void> }> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'policymark-preview-'));
  return { folder: path.join(base, 'site'), remove: () => rm(base, { recursive: true, force: true }) };
}
