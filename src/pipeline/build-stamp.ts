import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { allSourceFiles, type ProjectLocation, type ProjectSources } from '../load/load-project.js';
import { sha256 } from '../source/source-file.js';
import { writeFileAtomic } from '../write/atomic-write.js';
import { MANIFEST_FILE } from '../write/output-layout.js';

/**
 * Incremental builds. After a successful build, a stamp records what it was made from (every input
 * file's sha256, the options, the tool version) and the manifest.json of every output folder it wrote.
 * A rebuild whose inputs hash the same, and whose manifests and outputs are still on disk with the
 * hashes those manifests list, has nothing to do: it skips validation, composition and rendering and
 * rewrites nothing. Any difference, including an output deleted or edited by hand, means a full build.
 */

export interface StampedDocument {
  readonly policy: string;
  readonly lang: string;
  readonly version: string;
  readonly files: readonly string[];
}

interface Stamp {
  readonly inputs: string;
  readonly documents: readonly StampedDocument[];
  /** Warnings of the build, shown again when it is skipped. */
  readonly diagnostics: readonly Diagnostic[];
  readonly manifests: readonly { readonly path: string; readonly sha256: string }[];
}

export interface StampKey {
  /** Where the stamp lives, one per organisation file and set of options. */
  readonly file: string;
  /** Hash of everything the build reads. */
  readonly inputs: string;
}

/** The stamp key of a build: its options and the hash of every input, the logo included. */
export async function stampKey(outDir: string, location: ProjectLocation, sources: ProjectSources, options: unknown, toolVersion: string): Promise<StampKey> {
  const files = allSourceFiles(sources).map((file) => [file.path, file.sha256]);
  const settings = JSON.stringify({ organisation: sources.organisation.path, options });
  const inputs = sha256(JSON.stringify({ tool: toolVersion, settings, files, logo: await logoHash(location, sources) }));
  return { file: path.join(outDir, '.policymark', 'builds', `${sha256(settings).slice(0, 24)}.json`), inputs };
}

/** The stamp's documents and warnings when the build it records is still on disk, unchanged. */
export async function upToDate(outDir: string, key: StampKey): Promise<Stamp | undefined> {
  const stamp = await readJson<Stamp>(key.file);
  if (!stamp || stamp.inputs !== key.inputs || !Array.isArray(stamp.manifests)) return undefined;
  for (const entry of stamp.manifests) {
    const bytes = await readIfExists(path.join(outDir, ...entry.path.split('/')));
    if (!bytes || sha256(bytes) !== entry.sha256) return undefined;
    const manifest = JSON.parse(bytes.toString('utf8')) as { outputs?: { path: string; sha256: string }[] };
    const folder = path.join(outDir, ...path.posix.dirname(entry.path).split('/'));
    for (const output of manifest.outputs ?? []) {
      const file = await readIfExists(path.join(folder, ...output.path.split('/')));
      if (!file || sha256(file) !== output.sha256) return undefined;
    }
  }
  return stamp;
}

/** Records a successful build. */
export async function writeStamp(outDir: string, key: StampKey, documents: readonly StampedDocument[], diagnostics: readonly Diagnostic[], folders: readonly string[]): Promise<void> {
  const manifests: { path: string; sha256: string }[] = [];
  for (const folder of folders) {
    const file = `${folder}/${MANIFEST_FILE}`;
    const bytes = await readIfExists(path.join(outDir, ...file.split('/')));
    if (bytes) manifests.push({ path: file, sha256: sha256(bytes) });
  }
  const stamp: Stamp = { inputs: key.inputs, documents, diagnostics, manifests };
  await mkdir(path.dirname(key.file), { recursive: true });
  await writeFileAtomic(key.file, `${JSON.stringify(stamp, null, 2)}\n`);
}

async function logoHash(location: ProjectLocation, sources: ProjectSources): Promise<string | null> {
  try {
    const organisation = parseYaml(sources.organisation.text) as { branding?: { logo?: unknown } } | null;
    const logo = organisation?.branding?.logo;
    if (typeof logo !== 'string') return null;
    const bytes = await readIfExists(path.resolve(path.dirname(location.organisationFile), logo));
    return bytes ? sha256(bytes) : 'missing';
  } catch {
    return null; // an unreadable organisation file fails validation; the key does not matter then
  }
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
