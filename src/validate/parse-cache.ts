import type { SourceFile } from '../source/source-file.js';

/**
 * Parse results by file path and content hash. Parsing a file gives the same result for the same path
 * and bytes, so a process that builds many organisations against one library (a batch build) need parse
 * each library file once. The cache is created and owned by the pipeline (pipeline/prepare-project.ts)
 * and passed to validation; validation keeps no state of its own. Results are shared and must be
 * treated as immutable. Bounded: when full, it starts afresh.
 */
export class ParseCache {
  private readonly entries = new Map<string, unknown>();

  constructor(private readonly limit = 4000) {}

  /** The result of `parse(file)` for this kind of parse, computed once per path and sha256. */
  get<T>(kind: string, file: SourceFile, parse: (file: SourceFile) => T): T {
    const key = `${kind}\u0000${file.path}\u0000${file.sha256}`;
    if (this.entries.has(key)) return this.entries.get(key) as T;
    const value = parse(file);
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }
}

/** A parse function that uses the cache it is given, and parses afresh without one. */
export function cachedByContent<T>(kind: string, parse: (file: SourceFile) => T): (file: SourceFile, cache: ParseCache | undefined) => T {
  return (file, cache) => (cache ? cache.get(kind, file, parse) : parse(file));
}
