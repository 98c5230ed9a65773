// The disk part of the parse cache (source/parse-cache.ts): parse results of one project's inputs, kept
// between processes in `.policymark-cache/parses.v8` beside the organisation file (or in
// $POLICYMARK_CACHE_DIR). Each result is keyed by the sha256 of the file it came from, and the whole file
// by the build of policymark that wrote it, so a changed input or a new policymark is parsed afresh:
// the cache can make a command faster, never different.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize } from 'node:v8';
import { PACKAGE_ROOT } from './package-info.js';

/** The format of the file: raised when what is stored changes shape. */
export const PARSE_CACHE_FORMAT = 1;

/**
 * The cache file of a project; undefined when caching is switched off (POLICYMARK_CACHE=off) or the
 * running code has no build id.
 */
export function parseCacheFile(projectDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.POLICYMARK_CACHE === 'off' || env.POLICYMARK_CACHE === '0') return undefined;
  if (BUILD_ID === undefined) return undefined;
  const configured = env.POLICYMARK_CACHE_DIR;
  return path.join(configured !== undefined && configured !== '' ? path.resolve(configured) : path.join(projectDir, '.policymark-cache'), 'parses.v8');
}

/**
 * The id of the running build of policymark: the sha256 of its compiled code, written by `npm run build`
 * (.ci/bundle.mjs) as dist/build-id. Undefined when the code runs from its TypeScript sources (tests,
 * development), which no build id describes: then nothing is read from disk or written to it.
 */
export const BUILD_ID: string | undefined = readBuildId();

function readBuildId(): string | undefined {
  const running = fileURLToPath(import.meta.url);
  const dist = path.join(PACKAGE_ROOT, 'dist');
  if (!running.startsWith(dist + path.sep)) return undefined;
  const file = path.join(dist, 'build-id');
  if (!existsSync(file)) return undefined;
  const id = readFileSync(file, 'utf8').trim();
  return /^[0-9a-f]{64}$/.test(id) ? id : undefined;
}

/**
 * The stored parse results, or an empty map when there are none, they were written by another build, or
 * the file cannot be read or decoded (a cache that fails is a cache miss, never an error).
 */
export function loadStoredParses(file: string | undefined): ReadonlyMap<string, unknown> {
  if (file === undefined) return new Map();
  try {
    // Synchronous: the cache asks for it in the middle of a parse, and nothing else runs meanwhile.
    const stored: unknown = deserialize(readFileSync(file));
    if (typeof stored !== 'object' || stored === null) return new Map();
    const { format, buildId, entries } = stored as Record<string, unknown>;
    if (format !== PARSE_CACHE_FORMAT || buildId !== BUILD_ID || !(entries instanceof Map)) return new Map();
    return entries as Map<string, unknown>;
  } catch {
    return new Map();
  }
}
