import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolveLibrary } from '../load/resolve-library.js';
import type { ProjectLocation } from '../load/load-project.js';
import { UsageError, type CliIo } from './io.js';

/** Flags every project command accepts. */
export const PROJECT_OPTIONS = {
  org: { type: 'string' },
  library: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

/** Parses flags strictly: an unknown flag or a missing value is a usage error (exit 2). */
export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: O,
  usage: string,
  allowPositionals = false,
): ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, '.'), usage);
  }
}

/** Where the organisation file and the library are, from --org and --library. */
export function projectLocation(io: CliIo, values: { org?: string | undefined; library?: string | undefined }): ProjectLocation {
  return {
    root: io.cwd,
    organisationFile: path.resolve(io.cwd, values.org ?? 'organisation.yaml'),
    libraryDir: values.library ? libraryFlag(values.library, io.cwd) : undefined,
  };
}

/** --library: a folder or an installed npm package; a wrong one is a usage error. */
function libraryFlag(spec: string, cwd: string): string {
  const resolved = resolveLibrary(spec, cwd);
  if ('dir' in resolved) return resolved.dir;
  throw new UsageError(`--library: ${resolved.error} ${resolved.hint}`);
}

/** A comma-separated list flag (`--format md,docx`), each item checked against the allowed values. */
export function listFlag<T extends string>(value: string | string[] | undefined, allowed: readonly T[], flag: string, usage: string): T[] {
  const items = (Array.isArray(value) ? value : value ? [value] : []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) {
      throw new UsageError(`Unknown value "${item}" for --${flag}; allowed: ${allowed.join(', ')}.`, usage);
    }
  }
  return [...new Set(items)] as T[];
}
