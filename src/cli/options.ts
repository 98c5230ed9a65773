import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../diagnostics/suggest.js';
import { resolveLibrary } from '../load/resolve-library.js';
import { parseSemver } from '../release/semver.js';
import { isoDateProblem } from '../schema/iso-date-problem.js';
import type { ProjectLocation } from '../load/load-project.js';
import { UsageError, type CliIo } from './io.js';

/** Flags every project command accepts. */
export const PROJECT_OPTIONS = {
  org: { type: 'string' },
  library: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

/**
 * Parses flags strictly: an unknown flag (with the nearest known one suggested), a missing value, or a
 * single-value flag given twice (`--org a --org b` would silently mean b) is a usage error (exit 2).
 */
export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: O,
  usage: string,
  allowPositionals = false,
): ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError(usageMessage(error as Error & { code?: string }, options), usage);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || options[token.name]?.multiple === true) continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} was given more than once; it takes one value.`, usage);
    seen.add(token.name);
  }
  // An empty value never means "the default" or "all": `--format ''` from an unset shell variable is a mistake.
  for (const [name, value] of Object.entries(parsed.values)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string' && item.trim() === '') throw new UsageError(`--${name} needs a value; it was given an empty one.`, usage);
    }
  }
  return parsed as unknown as ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>>;
}

/** util.parseArgs's message, shortened, with a suggestion for a mistyped flag. */
function usageMessage(error: Error & { code?: string }, options: NonNullable<ParseArgsConfig['options']>): string {
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(error.message)?.[1] ?? '';
    const name = flag.replace(/^-+/, '').split('=')[0] ?? '';
    const suggestion = closest(name, Object.keys(options));
    return `Unknown option "${flag}".${suggestion ? ` Did you mean --${suggestion}?` : ''}`;
  }
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const value = /'([^']+)'/.exec(error.message)?.[1];
    return `This command takes no ${value === undefined ? 'arguments' : `argument "${value}"`}; options start with --.`;
  }
  return error.message.replace(/\. To specify a positional argument.*$/s, '.');
}

/**
 * SOURCE_DATE_EPOCH, the reproducible-builds convention, in seconds; undefined when unset. A value that
 * is not a whole number of seconds, or gives a date outside what every format can carry, is a usage
 * error rather than silently ignored.
 */
export function sourceDateEpoch(env: Readonly<Record<string, string | undefined>>, usage?: string): number | undefined {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return undefined;
  const date = /^\d{1,15}$/.test(epoch) ? new Date(Number(epoch) * 1000).toISOString().slice(0, 10) : undefined;
  const problem = date === undefined ? 'must be a whole number of seconds since 1970' : isoDateProblem(date);
  if (problem) throw new UsageError(`SOURCE_DATE_EPOCH=${epoch}${date ? ` gives ${date}, which` : ''} ${problem}.`, usage);
  return Number(epoch);
}

/** The date a command treats as today: SOURCE_DATE_EPOCH's when set (reproducible runs), else the clock's, UTC. */
export function today(env: Readonly<Record<string, string | undefined>>, usage?: string): string {
  const epoch = sourceDateEpoch(env, usage);
  return epoch === undefined ? clockToday() : new Date(epoch * 1000).toISOString().slice(0, 10);
}

/** Today's date by the clock, UTC: the latest date a release may carry, whatever SOURCE_DATE_EPOCH says. */
export function clockToday(): string {
  return new Date().toISOString().slice(0, 10);
}

/** A date flag (`--date`, `--today`): a real calendar date every output format can carry, else a usage error. */
export function dateFlag(value: string, flag: string, usage?: string): string {
  const problem = isoDateProblem(value);
  if (problem) throw new UsageError(`--${flag} ${problem}, not "${value}".`, usage);
  return value;
}

/**
 * A version flag (`--version 1.2.0`): three whole numbers, as every release is numbered; a malformed one
 * is a usage error like a malformed date, not a content error.
 */
export function versionFlag(value: string, usage?: string): string {
  if (parseSemver(value) === undefined) {
    const zero = /^\d+\.\d+\.\d+$/.test(value) ? ' without a leading zero' : '';
    throw new UsageError(`--version must be MAJOR.MINOR.PATCH, three whole numbers${zero} such as 1.2.0, not "${value}".`, usage);
  }
  return value;
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

/**
 * A comma-separated list flag (`--format md,docx`), each item checked against the allowed values; with
 * `allowed` undefined the items are checked later, against what the project holds (`--framework`).
 */
export function listFlag<T extends string>(value: string | string[] | undefined, allowed: readonly T[] | undefined, flag: string, usage: string): T[] {
  const items = (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((v) => v.split(',')).map((v) => v.trim());
  if (items.includes('')) {
    throw new UsageError(`--${flag} has an empty item in "${[value].flat().join(',')}"; give ${allowed ? `one or more of: ${allowed.join(', ')}` : 'one or more values separated by commas'}.`, usage);
  }
  if (allowed === undefined) return [...new Set(items)] as T[];
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) {
      throw new UsageError(`Unknown value "${item}" for --${flag}; allowed: ${allowed.join(', ')}.`, usage);
    }
  }
  return [...new Set(items)] as T[];
}
