import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { sha256 } from '../source/source-file.js';
import { removeStaleTemporaryFiles, writeFileAtomic } from './atomic-write.js';
import { ensureRealFolder, recoverFolder } from './output-folder.js';

/**
 * The incremental-build stamp, on disk in `<out>/.policymark/builds/`. After a successful build it
 * records what the build was made from (one hash of every input, the options and the tool version) and
 * the manifest.json of every output folder it wrote. Deciding whether a rebuild has anything to do is
 * pure (pipeline/plan-build.ts); reading what is on disk for that decision, and writing the stamp, is here.
 */

export interface StampedDocument {
  readonly policy: string;
  readonly lang: string;
  readonly version: string;
  readonly files: readonly string[];
}

export interface Stamp {
  readonly inputs: string;
  readonly documents: readonly StampedDocument[];
  /** Warnings of the build, shown again when it is skipped. */
  readonly diagnostics: readonly Diagnostic[];
  readonly manifests: readonly { readonly path: string; readonly sha256: string }[];
  /**
   * What load found the organisation file to point to (library, logo) and the file's sha256, handed to
   * the next load; load checks its shape and uses it only for a file with that hash.
   */
  readonly pointers?: unknown;
}

/** What the output folder holds of an earlier build: its stamp, and whether its outputs are intact. */
export interface OutputState {
  readonly stamp: Stamp | undefined;
  /** Every manifest the stamp lists, and every output each manifest lists, is on disk with its hash. */
  readonly intact: boolean;
}

/** Reads the stamp `stampName` and checks the outputs it vouches for; never throws. */
export async function readOutputState(outDir: string, stampName: string): Promise<OutputState> {
  const stamp = await readJson<Stamp>(stampPath(outDir, stampName));
  if (!stamp || typeof stamp.inputs !== 'string' || !Array.isArray(stamp.manifests)) return { stamp: undefined, intact: false };
  for (const entry of stamp.manifests) {
    await recoverFolder(path.join(outDir, ...path.posix.dirname(entry.path).split('/')));
    const bytes = await readIfExists(path.join(outDir, ...entry.path.split('/')));
    if (!bytes || sha256(bytes) !== entry.sha256) return { stamp, intact: false };
    let manifest: { outputs?: { path: string; sha256: string }[] };
    try {
      manifest = JSON.parse(bytes.toString('utf8')) as typeof manifest;
    } catch {
      return { stamp, intact: false };
    }
    const folder = path.join(outDir, ...path.posix.dirname(entry.path).split('/'));
    for (const output of manifest.outputs ?? []) {
      const file = await readIfExists(path.join(folder, ...output.path.split('/')));
      if (!file || sha256(file) !== output.sha256) return { stamp, intact: false };
    }
  }
  return { stamp, intact: true };
}

/** Only the pointers the stamp `stampName` keeps for the next load (see Stamp.pointers); never throws. */
export async function readStampPointers(outDir: string, stampName: string): Promise<unknown> {
  const stamp = await readJson<{ pointers?: unknown }>(stampPath(outDir, stampName));
  return typeof stamp === 'object' && stamp !== null ? stamp.pointers : undefined;
}

/**
 * Makes sure the stamp's folder is a real folder inside `outDir` (not a link out of it), before a build
 * writes anything, and tidies what killed builds left there.
 */
export async function prepareStampFolder(outDir: string): Promise<void> {
  const folder = await ensureRealFolder(outDir, STAMP_FOLDER);
  await removeStaleTemporaryFiles(folder);
}

/** Records a successful build. */
export async function writeStamp(outDir: string, stampName: string, stamp: Stamp): Promise<void> {
  await prepareStampFolder(outDir);
  await writeFileAtomic(stampPath(outDir, stampName), `${JSON.stringify(stamp, null, 2)}\n`);
}

const STAMP_FOLDER = '.policymark/builds';

function stampPath(outDir: string, stampName: string): string {
  return path.join(outDir, ...STAMP_FOLDER.split('/'), `${stampName}.json`);
}

async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch {
    return undefined;
  }
}

async function readJson<T>(file: string): Promise<T | undefined> {
  const bytes = await readIfExists(file);
  if (!bytes) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    return undefined;
  }
}
