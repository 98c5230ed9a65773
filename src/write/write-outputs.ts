import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from '../source/source-file.js';
import { removeStaleTemporaryFiles, writeFileAtomic } from './atomic-write.js';
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
  const manifestBytes = `${JSON.stringify(manifest, null, 2)}\n`;
  const existingManifest = await readIfExists(manifestPath);
  if (!existingManifest || existingManifest.toString('utf8') !== manifestBytes) {
    await writeFileAtomic(manifestPath, manifestBytes);
    written.push(`${set.folder}/${manifestName}`);
  } else {
    unchanged.push(`${set.folder}/${manifestName}`);
  }
  return { written, unchanged, manifest: { path: `${set.folder}/${manifestName}`, sha256: sha256(manifestBytes) } };
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
