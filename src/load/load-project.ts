import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { diagnostic, type Diagnostic, type Position } from '../diagnostics/diagnostic.js';
import { decodeText, sha256, type SourceFile } from '../source/source-file.js';
import type { YamlSource } from '../source/yaml-source.js';
import type { ParseCache } from '../source/parse-cache.js';
import { loadLogo, type ImageAsset } from './load-assets.js';
import { displayPath } from '../source/display-path.js';
import { resolveLibrary } from './resolve-library.js';
import { PACKAGE_ROOT } from './package-info.js';
import { readRegularFile, staysInside } from './read-regular-file.js';

/** Files read at the same time: enough to keep the disk busy, far below any limit on open files. */
const READ_BATCH = 32;

/** Largest text input accepted (a module, manifest, catalog or organisation file). */
export const MAX_TEXT_FILE_BYTES = 1024 * 1024;

/** Where the inputs of one build are. */
export interface ProjectLocation {
  /** Absolute folder that paths in diagnostics and manifests are relative to. */
  readonly root: string;
  /** Absolute path of the organisation file. */
  readonly organisationFile: string;
  /**
   * Absolute folder holding `policy-modules/` and `frameworks/`: from --library, else from the
   * organisation file's `library:`, else the library bundled with policymark.
   */
  readonly libraryDir?: string | undefined;
}

/** Every input file of a project, read and decoded; nothing parsed yet. */
export interface ProjectSources {
  readonly organisation: SourceFile;
  readonly modules: readonly SourceFile[];
  readonly policies: readonly SourceFile[];
  /**
   * The organisation project's own modules and policies (`policy-modules/` beside the organisation
   * file): added to the library, or replacing library ones that they declare to override.
   */
  readonly own: { readonly modules: readonly SourceFile[]; readonly policies: readonly SourceFile[] };
  readonly catalogs: readonly SourceFile[];
  /** Released versions: `releases/<policy>/<version>.json` beside the organisation file. */
  readonly releases: readonly SourceFile[];
  /** Release signatures: `releases/<policy>/<version>.json.sig`. */
  readonly signatures: readonly SourceFile[];
  /** `allowed_signers` beside the organisation file: the approvers' public keys, when signing is set up. */
  readonly allowedSigners: SourceFile | undefined;
  /** The acknowledgement ledger, `releases/acknowledgements.csv`, when staff acknowledgements are recorded. */
  readonly acknowledgements: SourceFile | undefined;
  /** Module files that exist but could not be read (reported); references to them are not reported again. */
  readonly unreadableModules: readonly string[];
  /**
   * The logo named by `branding.logo`, read once here with every path and image check: the bytes that
   * are hashed for the build stamp are the bytes that are embedded.
   */
  readonly logo: ImageAsset | undefined;
  /** What the organisation file says about where else to read; a build stamp keeps it for the next load. */
  readonly pointers?: OrganisationPointers | undefined;
}

/**
 * The two fields of the organisation file that say what else to read (`library:`, `branding.logo`), as a
 * load found them in the file with the sha256 `sha256`. Given back to the next load, they spare it
 * parsing the organisation file (and loading the YAML parser) as long as the file has that hash: an
 * up-to-date build then reads and hashes its inputs and nothing more. Validation parses the file anyway.
 */
export interface OrganisationPointers {
  readonly sha256: string;
  /** `library:` when it is a non-empty string, else null (the bundled library). */
  readonly library: string | null;
  /** `branding.logo` when it is a string, else null (no logo). */
  readonly logo: string | null;
}

/** Every file a project reads, in one list: what a build manifest and an incremental build hash. */
export function allSourceFiles(sources: ProjectSources): SourceFile[] {
  // Signatures and keys are inputs too: a build checks them, so changing one must not leave a build "up to date".
  return [sources.organisation, ...sources.modules, ...sources.policies, ...sources.own.modules, ...sources.own.policies, ...sources.catalogs, ...sources.releases, ...sources.signatures, ...(sources.allowedSigners ? [sources.allowedSigners] : [])];
}

/** The version store of an organisation project. */
export function releasesDir(location: ProjectLocation): string {
  return path.join(path.dirname(location.organisationFile), 'releases');
}

/**
 * Reads the organisation file and the library. The only stage besides `write/` that touches the disk.
 * `known` are the pointers an earlier load returned; used only if the organisation file still has the
 * same sha256, and ignored whenever following them reports anything (the full path then reports it,
 * with positions).
 */
export async function loadProjectSources(
  location: ProjectLocation,
  known?: unknown,
  /** The pipeline's parse cache: the organisation file parsed here is not parsed again by validation. */
  cache?: ParseCache,
): Promise<{ value: ProjectSources | undefined; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const display = (absolute: string): string => displayPath(location.root, absolute);
  const projectDir = path.dirname(location.organisationFile);

  // The one file named by the user may be a link; every file found in a folder must be a regular file.
  const organisation = await readTextFile(location.organisationFile, display, (absolute) => displayPath(projectDir, absolute), diagnostics, true);
  const reuse = organisation && isPointers(known) && known.sha256 === organisation.sha256 ? known : undefined;
  let libraryDir: string;
  let readLogo: () => Promise<{ value: ImageAsset | undefined; diagnostics: Diagnostic[] }>;
  let pointers: OrganisationPointers | undefined;
  if (reuse) {
    const library = reuse.library === null ? { dir: PACKAGE_ROOT } : resolveLibrary(reuse.library, projectDir);
    if (!('dir' in library)) return loadProjectSources(location, undefined, cache);
    libraryDir = location.libraryDir ?? library.dir;
    readLogo = async () => (reuse.logo === null ? { value: undefined, diagnostics: [] } : loadLogo(location.root, location.organisationFile, () => ({ line: 0, column: 0 }), reuse.logo));
    pointers = reuse;
  } else {
    // Parsed here only for the two fields that say what else to read; validation reports the rest.
    const { parseYamlFile, positionOf } = await import('../source/yaml-source.js');
    const organisationYaml = organisation ? parseYamlFile(organisation, cache).value : undefined;
    libraryDir = location.libraryDir ?? (organisationYaml ? libraryOf(organisationYaml, location, diagnostics, positionOf) : PACKAGE_ROOT);
    const data = recordOf(organisationYaml?.data);
    const librarySpec = data?.library;
    const logoSpec = recordOf(data?.branding)?.logo;
    readLogo = async () => (organisationYaml && typeof logoSpec === 'string' ? loadLogo(location.root, location.organisationFile, () => positionOf(organisationYaml, ['branding', 'logo']), logoSpec) : { value: undefined, diagnostics: [] });
    pointers = organisation ? { sha256: organisation.sha256, library: typeof librarySpec === 'string' && librarySpec !== '' ? librarySpec : null, logo: typeof logoSpec === 'string' ? logoSpec : null } : undefined;
  }
  const modulesDir = path.join(libraryDir, 'policy-modules');
  const recorded = (absolute: string): string => manifestPath(projectDir, libraryDir, absolute);
  // Each folder must stay inside its library or project, whatever links it is made of.
  const moduleFiles = await listFiles(path.join(modulesDir, 'sections'), libraryDir, '.md', display, diagnostics, true);
  const policyFiles = await listFiles(path.join(modulesDir, 'policies'), libraryDir, '.yaml', display, diagnostics, false);
  // YAML catalogs of our own format, or OSCAL catalogs (JSON) from another tool.
  const catalogFiles = await listFiles(path.join(libraryDir, 'frameworks'), libraryDir, ['.yaml', '.json'], display, diagnostics, false);
  // A project may bring catalogs of its own (a national framework, NIST CSF as OSCAL) beside the library's.
  const ownCatalogsDir = path.join(projectDir, 'frameworks');
  const ownCatalogFiles = path.resolve(ownCatalogsDir) !== path.resolve(libraryDir, 'frameworks')
    ? await listFiles(ownCatalogsDir, projectDir, ['.yaml', '.json'], display, diagnostics, false, true)
    : [];
  const releaseFiles = await listFiles(releasesDir(location), projectDir, '.json', display, diagnostics, true, true);
  const signatureFiles = await listFiles(releasesDir(location), projectDir, '.json.sig', display, diagnostics, true, true);
  // The project's own modules, unless the organisation file sits in the library itself.
  const ownDir = path.join(projectDir, 'policy-modules');
  const hasOwn = path.resolve(ownDir) !== path.resolve(modulesDir);
  const ownModuleFiles = hasOwn ? await listFiles(path.join(ownDir, 'sections'), projectDir, '.md', display, diagnostics, true, true) : [];
  const ownPolicyFiles = hasOwn ? await listFiles(path.join(ownDir, 'policies'), projectDir, '.yaml', display, diagnostics, false, true) : [];

  const unreadableModules: string[] = [];
  // Files are read a batch at a time, not one after the other: a library is hundreds of small files, and
  // waiting for each read in turn costs more than reading. Results and diagnostics keep the files' order.
  const read = async (files: readonly string[], failed: string[] = []): Promise<SourceFile[]> => {
    const out: SourceFile[] = [];
    for (let start = 0; start < files.length; start += READ_BATCH) {
      const batch = files.slice(start, start + READ_BATCH);
      const results = await Promise.all(batch.map(async (file) => {
        const found: Diagnostic[] = [];
        return { file, source: await readTextFile(file, display, recorded, found, false), found };
      }));
      for (const { file, source, found } of results) {
        diagnostics.push(...found);
        if (source) out.push(source);
        else failed.push(display(file));
      }
    }
    return out;
  };
  const modules = await read(moduleFiles, unreadableModules);
  const policies = await read(policyFiles);
  const catalogs = await read([...catalogFiles, ...ownCatalogFiles]);
  const releases = await read(releaseFiles);
  const own = { modules: await read(ownModuleFiles, unreadableModules), policies: await read(ownPolicyFiles) };
  const signatures = await read(signatureFiles);
  const allowedSigners = await readOptionalFile(path.join(projectDir, ALLOWED_SIGNERS_FILE), display, recorded, diagnostics);
  const acknowledgements = await readOptionalFile(path.join(releasesDir(location), ACKNOWLEDGEMENTS_FILE), display, recorded, diagnostics);
  if (!organisation) return { value: undefined, diagnostics };
  const logo = await readLogo();
  if (reuse && logo.diagnostics.length > 0) return loadProjectSources(location, undefined, cache);
  diagnostics.push(...logo.diagnostics);
  return { value: { organisation, modules, policies, own, catalogs, releases, signatures, allowedSigners, acknowledgements, unreadableModules, logo: logo.value, pointers }, diagnostics };
}

/**
 * The path a manifest records for a file: relative to the project (the organisation file's folder) when
 * inside it, else relative to the library it belongs to, under the library's name: the npm package name
 * for an installed package, `policymark` for the bundled library, else the library folder's name. So the
 * same build run from another folder, or on another machine, records the same paths.
 */
export function manifestPath(projectDir: string, libraryDir: string, absolute: string): string {
  const inProject = path.relative(projectDir, absolute);
  if (!inProject.startsWith('..') && !path.isAbsolute(inProject)) return displayPath(projectDir, absolute);
  const installed = libraryDir.split(`${path.sep}node_modules${path.sep}`);
  const name = path.resolve(libraryDir) === PACKAGE_ROOT ? 'policymark' : installed.length > 1 ? installed.at(-1)!.split(path.sep).join('/') : path.basename(libraryDir);
  return `${name}/${displayPath(libraryDir, absolute)}`;
}

/**
 * The library the organisation file names with `library:` (a folder relative to it, or an npm
 * package), else the bundled one. Read ahead of validation, which reports anything else in the file.
 */
function libraryOf(organisation: YamlSource, location: ProjectLocation, diagnostics: Diagnostic[], positionOf: (source: YamlSource, at: readonly (string | number)[]) => Position): string {
  const spec = recordOf(organisation.data)?.library;
  if (typeof spec !== 'string' || spec === '') return PACKAGE_ROOT;
  const resolved = resolveLibrary(spec, path.dirname(location.organisationFile));
  if ('dir' in resolved) return resolved.dir;
  diagnostics.push(diagnostic('load/library-not-found', organisation.file, positionOf(organisation, ['library']), resolved.error, { hint: resolved.hint }));
  return PACKAGE_ROOT;
}

/** A YAML mapping's data as a record; undefined for anything else. */
function recordOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Pointers read back from a stamp on disk are checked for shape before they are followed. */
function isPointers(value: unknown): value is OrganisationPointers {
  if (typeof value !== 'object' || value === null) return false;
  const { sha256: hash, library, logo } = value as Record<string, unknown>;
  const optional = (field: unknown): boolean => field === null || typeof field === 'string';
  return typeof hash === 'string' && optional(library) && optional(logo);
}

/** Reads one input file a command names (an acknowledgement export): its text, or diagnostics. */
export async function loadInputFile(location: ProjectLocation, absolute: string): Promise<{ value: SourceFile | undefined; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const display = (p: string): string => displayPath(location.root, p);
  const value = await readTextFile(absolute, display, display, diagnostics, true);
  return { value, diagnostics };
}

/** The approvers' public keys, beside the organisation file (git's allowed_signers format). */
export const ALLOWED_SIGNERS_FILE = 'allowed_signers';
/** The acknowledgement ledger, in the release folder. */
export const ACKNOWLEDGEMENTS_FILE = 'acknowledgements.csv';

/** A file that a project may have or not: read when it exists (and reported when unreadable). */
async function readOptionalFile(absolute: string, display: (p: string) => string, recorded: (p: string) => string, diagnostics: Diagnostic[]): Promise<SourceFile | undefined> {
  const probe = await readRegularFile(absolute, MAX_TEXT_FILE_BYTES, false);
  if ('problem' in probe && probe.problem === 'not-found') return undefined;
  return readTextFile(absolute, display, recorded, diagnostics, false);
}

async function readTextFile(
  absolute: string,
  display: (p: string) => string,
  recorded: (p: string) => string,
  diagnostics: Diagnostic[],
  followLink: boolean,
): Promise<SourceFile | undefined> {
  const file = display(absolute);
  const read = await readRegularFile(absolute, MAX_TEXT_FILE_BYTES, followLink);
  if ('problem' in read) {
    const at = { line: 0, column: 0 };
    diagnostics.push(
      read.problem === 'not-found'
        ? diagnostic('load/not-found', file, at, 'This file does not exist.', { hint: 'Check the path; it is relative to the current folder.' })
        : read.problem === 'not-a-file'
          ? diagnostic('load/not-found', file, at, 'This path is not a regular file (it is a folder, a device, a pipe or a link).', { hint: 'Name a YAML or Markdown file.' })
          : read.problem === 'too-large'
            ? diagnostic('load/too-large', file, at, `This file is ${formatBytes(read.size)}, more than the ${formatBytes(MAX_TEXT_FILE_BYTES)} an input file may have.`, { hint: 'Split the content into several section modules.' })
            : diagnostic('load/unreadable-file', file, at, `This file could not be read (${read.code}).`, { hint: 'Check its permissions.' }),
    );
    return undefined;
  }
  const { bytes } = read;
  const text = decodeText(bytes);
  if (text === undefined) {
    diagnostics.push(
      diagnostic('load/invalid-utf8', file, { line: 0, column: 0 }, 'This file is not UTF-8 text (it may be binary, or saved in another encoding).', {
        hint: 'Save it as UTF-8 text.',
      }),
    );
    return undefined;
  }
  return { path: file, manifestPath: recorded(absolute), text, sha256: sha256(bytes) };
}

/**
 * The files ending in `extension` in `dir`, which must lie inside `root` once links are resolved. Entries
 * that are not regular files (links, pipes, devices) are reported and skipped; a recursive listing does
 * not descend into linked folders. A missing folder is an error unless it is `optional`.
 */
async function listFiles(
  dir: string,
  root: string,
  extension: string | readonly string[],
  display: (p: string) => string,
  diagnostics: Diagnostic[],
  recursive: boolean,
  optional = false,
): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive });
  } catch {
    if (!optional) {
      diagnostics.push(
        diagnostic('load/not-found', display(dir), { line: 0, column: 0 }, 'This library folder does not exist.', {
          hint: 'Point --library at a folder holding policy-modules/ and frameworks/.',
        }),
      );
    }
    return [];
  }
  if (!(await staysInside(root, dir))) {
    diagnostics.push(
      diagnostic('load/outside-folder', display(dir), { line: 0, column: 0 }, `This folder is a symbolic link to a folder outside ${optional ? 'the project' : 'the library'}, so it was not read.`, {
        hint: 'Copy the files into the folder itself instead of linking to another place.',
      }),
    );
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    if (![extension].flat().some((ending) => entry.name.endsWith(ending))) continue;
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isFile()) files.push(full);
    else if (!entry.isDirectory()) {
      diagnostics.push(
        diagnostic('load/not-a-regular-file', display(full), { line: 0, column: 0 }, 'This entry is a symbolic link, a pipe or a device, not a regular file, so it was not read.', {
          hint: 'Put the file itself in the folder instead of a link to it.',
          severity: 'warning',
        }),
      );
    }
  }
  return files.sort();
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}
