import type { SourceFile } from '../source/source-file.js';

/**
 * Parsing a file gives the same result for the same path and bytes, so a process that builds many
 * organisations against one library (a batch build) parses each library file once. Results are shared
 * and must be treated as immutable. Bounded, so that a long run over many projects cannot grow without
 * limit: when full, the cache starts afresh.
 */
export function cachedByContent<T>(parse: (file: SourceFile) => T, limit = 4000): (file: SourceFile) => T {
  const cache = new Map<string, T>();
  return (file) => {
    const key = `${file.path}\u0000${file.sha256}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const value = parse(file);
    if (cache.size >= limit) cache.clear();
    cache.set(key, value);
    return value;
  };
}
