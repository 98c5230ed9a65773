import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Position } from '../diagnostics/diagnostic.js';
import { decodeText } from '../source/source-file.js';
import { MAX_TEXT_FILE_BYTES } from './load-project.js';
import { readRegularFile } from './read-regular-file.js';

/** A file in a clients folder that is not taken for a client, and why. */
export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

/**
 * The organisation files a batch names: files as given, and for a folder, each `*.yaml` in it and each
 * `<client>/organisation.yaml` one level down (a folder per client, with its releases and own modules).
 * In a folder, a name starting with `_` or `.` (`_template.yaml`, `_archive/`) is skipped, and so is a
 * YAML file that names no organisation (no `id` and no `legalName` at its top level, such as a
 * template of shared values): each is listed in `skipped` with the reason. A file named on the command
 * line is always taken.
 */
export async function organisationFiles(paths: readonly string[]): Promise<{ files: string[]; missing: string[]; skipped: SkippedFile[] }> {
  const files = new Set<string>();
  const missing: string[] = [];
  const skipped: SkippedFile[] = [];
  for (const given of paths) {
    const info = await stat(given).catch(() => undefined);
    if (!info) {
      missing.push(given);
      continue;
    }
    if (!info.isDirectory()) {
      files.add(given);
      continue;
    }
    const found: string[] = [];
    const entries = (await readdir(given, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const full = path.join(given, entry.name);
      const candidate = entry.isFile() && /\.ya?ml$/.test(entry.name) ? full
        : entry.isDirectory() && existsSync(path.join(full, 'organisation.yaml')) ? path.join(full, 'organisation.yaml')
        : undefined;
      if (candidate === undefined) continue;
      if (/^[_.]/.test(entry.name)) {
        skipped.push({ file: candidate, reason: `its name starts with "${entry.name[0]}", which marks a file kept beside the clients` });
        continue;
      }
      if (!(await namesAnOrganisation(candidate))) {
        skipped.push({ file: candidate, reason: 'it has no `id` and no `legalName`, so it is not an organisation file' });
        continue;
      }
      found.push(candidate);
    }
    found.sort().forEach((file) => files.add(file));
  }
  return { files: [...files], missing, skipped };
}

/**
 * Whether a YAML file has an `id` or `legalName` at its top level. A file that cannot be read or parsed
 * counts as one: its build reports what is wrong with it, rather than the batch passing over it.
 */
async function namesAnOrganisation(file: string): Promise<boolean> {
  const { parseYamlSource } = await import('../source/yaml-source.js');
  const read = await readRegularFile(file, MAX_TEXT_FILE_BYTES, true);
  if (!('bytes' in read)) return true;
  const text = decodeText(read.bytes);
  if (text === undefined) return true;
  const source = parseYamlSource(file, text).value;
  if (!source) return true;
  const data = source.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return true;
  return Object.hasOwn(data, 'id') || Object.hasOwn(data, 'legalName');
}

/** Whether a path given on the command line is a folder (a batch of organisations). */
export async function isFolder(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isDirectory() === true;
}

/**
 * The `id` of each organisation file, with its position, for files that can be read and parsed; the
 * build of any other file reports what is wrong with it.
 */
export async function readOrganisationIds(files: readonly string[], display: (file: string) => string): Promise<{ file: string; id: string; position: Position }[]> {
  // Loaded here: `isFolder` above is part of every build's start, the YAML parser is not.
  const { parseYamlSource, positionOf } = await import('../source/yaml-source.js');
  const out: { file: string; id: string; position: Position }[] = [];
  for (const file of files) {
    // Bounded like every input: the build of a file that cannot be read this way reports why.
    const read = await readRegularFile(file, MAX_TEXT_FILE_BYTES, true);
    const text = 'bytes' in read ? decodeText(read.bytes) : undefined;
    const source = text === undefined ? undefined : parseYamlSource(display(file), text).value;
    const id: unknown = source?.data && typeof source.data === 'object' ? (source.data as { id?: unknown }).id : undefined;
    if (source && typeof id === 'string') out.push({ file, id, position: positionOf(source, ['id']) });
  }
  return out;
}
