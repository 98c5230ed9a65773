import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Position } from '../diagnostics/diagnostic.js';
import { decodeText } from '../source/source-file.js';
import { MAX_TEXT_FILE_BYTES } from './load-project.js';
import { readRegularFile } from './read-regular-file.js';

/**
 * The organisation files a batch names: files as given, and for a folder, each `*.yaml` in it and each
 * `<client>/organisation.yaml` one level down (a folder per client, with its releases and own modules).
 */
export async function organisationFiles(paths: readonly string[]): Promise<{ files: string[]; missing: string[] }> {
  const files = new Set<string>();
  const missing: string[] = [];
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
    for (const entry of await readdir(given, { withFileTypes: true })) {
      const full = path.join(given, entry.name);
      if (entry.isFile() && /\.ya?ml$/.test(entry.name)) found.push(full);
      else if (entry.isDirectory() && existsSync(path.join(full, 'organisation.yaml'))) found.push(path.join(full, 'organisation.yaml'));
    }
    found.sort().forEach((file) => files.add(file));
  }
  return { files: [...files], missing };
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
