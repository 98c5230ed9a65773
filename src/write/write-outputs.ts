import { copyFile, link, lstat, open, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { environmentErrorOf } from '../diagnostics/environment-error.js';
import { sha256 } from '../source/source-file.js';
import { removeStaleTemporaryFiles, writeFileAtomic } from './atomic-write.js';
import { commitFolder, createStagingFolder, ensureRealFolder, expectRealFolder, recoverFolder } from './output-folder.js';
import { MANIFEST_FILE } from './output-layout.js';

/** A rendered file, ready to write: its path inside the output folder and its bytes. */
export interface RenderedArtifact {
  /** POSIX path relative to the output folder, e.g. `kestrel/incident-management/draft/incident-management.md`. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** One folder's worth of outputs (one policy at one version) and the inputs they were made from. */
export interface OutputSet {
  readonly folder: string;
  readonly organisation: string;
  readonly policy: string;
  readonly version: string;
  readonly artifacts: readonly RenderedArtifact[];
  readonly inputs: readonly { readonly path: string; readonly sha256: string }[];
}

export interface BuildManifest {
  readonly tool: { readonly name: 'policymark'; readonly version: string };
  readonly organisation: string;
  readonly policy: string;
  readonly version: string;
  readonly inputs: readonly { readonly path: string; readonly sha256: string }[];
  readonly outputs: readonly { readonly path: string; readonly sha256: string; readonly bytes: number }[];
}

export interface WriteReport {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  /** The folder's manifest as now on disk: what an incremental build checks next time. */
  readonly manifest: { readonly path: string; readonly sha256: string };
}

/**
 * Writes every artifact atomically, then the folder's manifest.json. A file whose bytes are already on
 * disk is not rewritten, so a rebuild of unchanged inputs touches nothing. Outputs from an earlier run
 * in another language or format stay listed in the manifest while their files are unchanged.
 */
export async function writeOutputSet(outDir: string, set: OutputSet, toolVersion: string, manifestName = MANIFEST_FILE): Promise<WriteReport> {
  const written: string[] = [];
  const unchanged: string[] = [];
  const folder = path.join(outDir, ...set.folder.split('/'));
  const manifestPath = path.join(folder, manifestName);
  await removeStaleTemporaryFiles(folder);
  const previous = await readManifest(manifestPath);

  const outputs = new Map<string, { path: string; sha256: string; bytes: number }>();
  for (const entry of previous?.outputs ?? []) {
    const onDisk = await readIfExists(path.join(folder, entry.path));
    if (onDisk && sha256(onDisk) === entry.sha256) outputs.set(entry.path, entry);
  }
  for (const artifact of set.artifacts) {
    const target = path.join(outDir, ...artifact.path.split('/'));
    const relative = path.posix.relative(set.folder, artifact.path);
    const hash = sha256(artifact.bytes);
    const existing = await readIfExists(target);
    if (existing && sha256(existing) === hash) unchanged.push(artifact.path);
    else {
      await writeFileAtomic(target, artifact.bytes);
      written.push(artifact.path);
    }
    outputs.set(relative, { path: relative, sha256: hash, bytes: artifact.bytes.byteLength });
  }

  const manifestBytes = manifestText(set, previous, outputs, toolVersion);
  const existingManifest = await readIfExists(manifestPath);
  if (!existingManifest || existingManifest.toString('utf8') !== manifestBytes) {
    await writeFileAtomic(manifestPath, manifestBytes);
    written.push(`${set.folder}/${manifestName}`);
  } else {
    unchanged.push(`${set.folder}/${manifestName}`);
  }
  return { written, unchanged, manifest: { path: `${set.folder}/${manifestName}`, sha256: sha256(manifestBytes) } };
}

/**
 * Writes the output folders of a build, each replaced as a whole (output-folder.ts): every new folder is
 * written beside its old one first, and only when all are complete are they swapped in, so a full disk or
 * a kill never leaves a folder mixing two builds. A folder whose files and manifest are already on disk
 * is not touched. Files kept from the old folder (unchanged outputs, outputs of other languages or formats
 * an earlier build listed, anything else the user put there) are hard-linked into the new one. A link
 * anywhere below `outDir` is refused before anything is written.
 */
export async function writeOutputFolders(outDir: string, sets: readonly OutputSet[], toolVersion: string): Promise<WriteReport[]> {
  const plans: { folder: string; staging?: string; report: WriteReport }[] = [];
  try {
    for (const set of sets) {
      const folder = path.join(await ensureRealFolder(outDir, path.posix.dirname(set.folder)), path.posix.basename(set.folder));
      await recoverFolder(folder);
      await expectRealFolder(folder);
      plans.push({ folder, report: { written: [], unchanged: [], manifest: { path: '', sha256: '' } } });
    }
    for (const [index, set] of sets.entries()) {
      const plan = plans[index]!;
      try {
        const staged = await stageOutputSet(plan.folder, set, toolVersion);
        plan.report = staged.report;
        if (staged.staging !== undefined) plan.staging = staged.staging;
      } catch (error) {
        throw environmentErrorOf(error, plan.folder) ?? error;
      }
    }
  } catch (error) {
    await Promise.all(plans.map((plan) => (plan.staging ? rm(plan.staging, { recursive: true, force: true }) : undefined)));
    throw error;
  }
  for (const plan of plans) {
    if (plan.staging === undefined) continue;
    try {
      await commitFolder(plan.staging, plan.folder);
    } catch (error) {
      await rm(plan.staging, { recursive: true, force: true });
      throw environmentErrorOf(error, plan.folder) ?? error;
    }
  }
  return plans.map((plan) => plan.report);
}

/** Writes one folder's new state into a staging folder beside it, or returns no staging when nothing changed. */
async function stageOutputSet(folder: string, set: OutputSet, toolVersion: string): Promise<{ staging?: string; report: WriteReport }> {
  const written: string[] = [];
  const unchanged: string[] = [];
  const previous = await readManifest(path.join(folder, MANIFEST_FILE));
  const onDisk = new Map<string, Buffer>();
  for (const name of await listRegularFiles(folder)) {
    const bytes = await readIfExists(path.join(folder, name));
    if (bytes) onDisk.set(name, bytes);
  }
  const outputs = new Map<string, { path: string; sha256: string; bytes: number }>();
  for (const entry of previous?.outputs ?? []) {
    const bytes = onDisk.get(entry.path);
    if (bytes && sha256(bytes) === entry.sha256) outputs.set(entry.path, entry);
  }
  const fresh = new Map<string, Uint8Array>();
  for (const artifact of set.artifacts) {
    const name = path.posix.relative(set.folder, artifact.path);
    const hash = sha256(artifact.bytes);
    const existing = onDisk.get(name);
    if (existing && sha256(existing) === hash) unchanged.push(artifact.path);
    else {
      fresh.set(name, artifact.bytes);
      written.push(artifact.path);
    }
    outputs.set(name, { path: name, sha256: hash, bytes: artifact.bytes.byteLength });
  }
  const manifestBytes = manifestText(set, previous, outputs, toolVersion);
  const manifestReport = { path: `${set.folder}/${MANIFEST_FILE}`, sha256: sha256(manifestBytes) };
  if (onDisk.get(MANIFEST_FILE)?.toString('utf8') === manifestBytes) unchanged.push(manifestReport.path);
  else {
    fresh.set(MANIFEST_FILE, Buffer.from(manifestBytes));
    written.push(manifestReport.path);
  }
  const report = { written, unchanged, manifest: manifestReport };
  if (fresh.size === 0) return { report };

  const staging = await createStagingFolder(folder);
  try {
    for (const name of onDisk.keys()) {
      if (!fresh.has(name)) await linkOrCopy(path.join(folder, name), path.join(staging, name));
    }
    for (const [name, bytes] of fresh) await writeDurably(path.join(staging, name), bytes);
    await syncFolder(staging);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return { staging, report };
}

/** The regular files of a folder, but a killed writer's scratch files; none when it does not exist. */
async function listRegularFiles(folder: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: string[] = [];
  for (const name of names.sort()) {
    if (/^\..+\.\d+\.[0-9a-f]{12}\.tmp$/.test(name)) continue;
    if ((await lstat(path.join(folder, name))).isFile()) files.push(name);
  }
  return files;
}

async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    // Some file systems have no hard links; a copy keeps the bytes all the same.
    if (environmentErrorOf(error)?.code === 'ENOSPC') throw error;
    await copyFile(from, to);
  }
}

async function writeDurably(file: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } catch {
    // not every file system syncs folders; the files themselves are synced
  } finally {
    await handle.close();
  }
}

async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch {
    return undefined;
  }
}

async function readManifest(file: string): Promise<BuildManifest | undefined> {
  const bytes = await readIfExists(file);
  if (!bytes) return undefined;
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as BuildManifest;
    return Array.isArray(parsed.outputs) && Array.isArray(parsed.inputs) ? parsed : undefined;
  } catch {
    return undefined; // a damaged manifest is simply replaced
  }
}

/**
 * A folder's manifest as written: the inputs the previous manifest listed for the same version, then
 * this set's, and the outputs kept plus written, each sorted by path.
 */
function manifestText(set: OutputSet, previous: BuildManifest | undefined, outputs: ReadonlyMap<string, BuildManifest['outputs'][number]>, toolVersion: string): string {
  const inputs = new Map((previous && previous.version === set.version ? previous.inputs : []).map((i) => [i.path, i]));
  for (const input of set.inputs) inputs.set(input.path, input);
  const manifest: BuildManifest = {
    tool: { name: 'policymark', version: toolVersion },
    organisation: set.organisation,
    policy: set.policy,
    version: set.version,
    inputs: [...inputs.values()].sort((a, b) => (a.path < b.path ? -1 : 1)),
    outputs: [...outputs.values()].sort((a, b) => (a.path < b.path ? -1 : 1)),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
