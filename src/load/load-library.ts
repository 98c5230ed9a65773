import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath } from '../source/display-path.js';
import { decodeText, sha256, type SourceFile } from '../source/source-file.js';
import { MAX_TEXT_FILE_BYTES, releasesDir } from './load-project.js';
import { PACKAGE_ROOT } from './package-info.js';
import { readRegularFile } from './read-regular-file.js';
import { resolveLibrary } from './resolve-library.js';

/** The file at a library's root that declares its name and version. */
export const LIBRARY_MANIFEST_FILE = 'policymark-library.yaml';

/** What a library says about itself: its manifest and, for an npm package, its package.json. */
export interface LibraryIdentitySources {
  /** Absolute library folder. */
  readonly dir: string;
  readonly manifest: SourceFile | undefined;
  readonly packageJson: SourceFile | undefined;
}

/** A library's content as text, for comparing two versions of it. */
export interface LibrarySnapshot extends LibraryIdentitySources {
  /**
   * Every module, policy manifest and catalog, by its path inside the library (POSIX):
   * `policy-modules/sections/<id>.md`, `policy-modules/policies/<id>.yaml`, `frameworks/<id>.yaml`.
   */
  readonly files: ReadonlyMap<string, SourceFile>;
}

/** A client project as an upgrade sees it: its organisation file, its own files and what it has released. */
export interface ClientSources {
  /** Absolute path of the organisation file. */
  readonly organisationFile: string;
  readonly organisation: SourceFile;
  /** The project's own modules and policies, by path inside the project (`policy-modules/sections/<id>.md`, ...). */
  readonly own: ReadonlyMap<string, SourceFile>;
  /** The released versions of each policy, from the names of `releases/<policy>/<version>.json`. */
  readonly released: ReadonlyMap<string, readonly string[]>;
}

/** Reads a library's manifest and package.json, where it has them. */
export async function loadLibraryIdentity(dir: string, root: string): Promise<{ value: LibraryIdentitySources; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const manifest = await readOptional(path.join(dir, LIBRARY_MANIFEST_FILE), root, diagnostics);
  const packageJson = await readOptional(path.join(dir, 'package.json'), root, diagnostics);
  return { value: { dir, manifest, packageJson }, diagnostics };
}

/** Reads every module, manifest and catalog of a library folder, with its manifest. */
export async function loadLibrarySnapshot(dir: string, root: string): Promise<{ value: LibrarySnapshot; diagnostics: Diagnostic[] }> {
  const identity = await loadLibraryIdentity(dir, root);
  const diagnostics = [...identity.diagnostics];
  const files = new Map<string, SourceFile>();
  for (const [folder, endings] of [['policy-modules/sections', ['.md']], ['policy-modules/policies', ['.yaml']], ['frameworks', ['.yaml', '.json']]] as const) {
    for (const file of await listRegularFiles(path.join(dir, folder), endings)) {
      const source = await readText(file, root, diagnostics);
      if (source) files.set(displayPath(dir, file), source);
    }
  }
  return { value: { ...identity.value, files }, diagnostics };
}

/** Reads a client's organisation file, its own `policy-modules/` and the names of its releases. */
export async function loadClientSources(organisationFile: string, root: string): Promise<{ value: ClientSources | undefined; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const organisation = await readText(organisationFile, root, diagnostics, true);
  if (!organisation) return { value: undefined, diagnostics };
  const projectDir = path.dirname(organisationFile);
  const own = new Map<string, SourceFile>();
  for (const [folder, endings] of [['policy-modules/sections', ['.md']], ['policy-modules/policies', ['.yaml']]] as const) {
    for (const file of await listRegularFiles(path.join(projectDir, folder), endings)) {
      const source = await readText(file, root, diagnostics);
      if (source) own.set(displayPath(projectDir, file), source);
    }
  }
  const released = new Map<string, string[]>();
  for (const file of await listRegularFiles(releasesDir({ root, organisationFile }), ['.json'])) {
    const policy = path.basename(path.dirname(file));
    const version = path.basename(file, '.json');
    if (!/^\d+\.\d+\.\d+$/.test(version)) continue;
    released.set(policy, [...(released.get(policy) ?? []), version]);
  }
  return { value: { organisationFile, organisation, own, released }, diagnostics };
}

/**
 * The library folder an organisation file builds from: `override` (--library), else its `library:` (`spec`)
 * (a folder relative to it, or an installed npm package), else the bundled library.
 */
export function libraryDirOf(spec: unknown, organisationFile: string, override?: string): { dir: string } | { error: string; hint: string } {
  if (override !== undefined) return { dir: override };
  if (typeof spec !== 'string' || spec === '') return { dir: PACKAGE_ROOT };
  return resolveLibrary(spec, path.dirname(organisationFile));
}

async function listRegularFiles(dir: string, endings: readonly string[]): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && endings.some((ending) => entry.name.endsWith(ending)))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

async function readOptional(absolute: string, root: string, diagnostics: Diagnostic[]): Promise<SourceFile | undefined> {
  const probe = await readRegularFile(absolute, MAX_TEXT_FILE_BYTES, false);
  if ('problem' in probe && probe.problem === 'not-found') return undefined;
  return readText(absolute, root, diagnostics);
}

async function readText(absolute: string, root: string, diagnostics: Diagnostic[], followLink = false): Promise<SourceFile | undefined> {
  const file = displayPath(root, absolute);
  const read = await readRegularFile(absolute, MAX_TEXT_FILE_BYTES, followLink);
  const text = 'bytes' in read ? decodeText(read.bytes) : undefined;
  if ('bytes' in read && text !== undefined) return { path: file, manifestPath: file, text, sha256: sha256(read.bytes) };
  const reason = !('bytes' in read) ? (read.problem === 'not-found' ? 'does not exist' : read.problem === 'too-large' ? 'is too large' : read.problem === 'not-a-file' ? 'is not a regular file' : `could not be read (${read.code})`) : 'is not UTF-8 text';
  diagnostics.push(diagnostic(!('bytes' in read) && read.problem === 'not-found' ? 'load/not-found' : 'load/unreadable-file', file, { line: 0, column: 0 }, `This file ${reason}.`, { hint: 'Check the path and the file\'s permissions.' }));
  return undefined;
}
