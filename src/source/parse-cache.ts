import type { SourceFile } from './source-file.js';

/**
 * Parse results by kind, file path and content hash. Parsing a file gives the same result for the same
 * path and bytes, so a process that builds many organisations against one library (a batch build) need
 * parse each library file once, and a later process can read the results back from disk instead of
 * parsing again (see load/parse-cache-file.ts). Content-addressed, so it can never serve a stale result.
 *
 * The cache is created and owned by the pipeline (pipeline/prepare-project.ts) and passed to the stages
 * that parse; they keep no state of their own. Results are shared and must be treated as immutable.
 * Bounded: when the memory part is full, it starts afresh.
 */
export class ParseCache {
  private readonly entries = new Map<string, unknown>();
  /** Results of durable kinds read from disk, not yet asked for in this process; read at the first durable lookup. */
  private storedEntries: Map<string, unknown> | undefined;
  private readonly readStored: () => ReadonlyMap<string, unknown>;
  /** Results of durable kinds this process has asked for: what the next process may read back. */
  private readonly durable = new Map<string, unknown>();
  private parsed = 0;

  /**
   * `stored`: reads what an earlier process kept. Called only when a durable result is first asked
   * for, so that a command that parses nothing (an up-to-date build) does not pay for reading it.
   */
  constructor(options: { readonly limit?: number; readonly stored?: () => ReadonlyMap<string, unknown> } = {}) {
    this.limit = options.limit ?? 4000;
    this.readStored = options.stored ?? (() => new Map());
  }

  private get stored(): Map<string, unknown> {
    this.storedEntries ??= new Map(this.readStored());
    return this.storedEntries;
  }

  private readonly limit: number;

  /**
   * The result of `parse(file)` for this kind of parse, computed once per path and sha256. A durable
   * kind's result must be plain data (what the structured clone keeps: no functions, no classes), since
   * it is written to disk and read back.
   */
  get<T>(kind: string, file: SourceFile, parse: (file: SourceFile) => T, durable = false): T {
    const key = `${kind}\u0000${file.path}\u0000${file.sha256}`;
    if (this.entries.has(key)) return this.entries.get(key) as T;
    let value: T;
    if (durable && this.stored.has(key)) {
      value = this.stored.get(key) as T;
      this.stored.delete(key);
    } else {
      value = parse(file);
      if (durable) this.parsed += 1;
    }
    if (durable && this.durable.size < this.limit) this.durable.set(key, value);
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }

  /**
   * What to keep on disk for the next process: every durable result asked for in this one. Undefined
   * when nothing was parsed afresh, so that a run served wholly from disk does not write it again.
   */
  toStore(): ReadonlyMap<string, unknown> | undefined {
    if (this.parsed === 0) return undefined;
    this.parsed = 0;
    return new Map(this.durable);
  }
}

/**
 * A parse function that uses the cache it is given, and parses afresh without one. `durable`: the
 * result is plain data and may be kept on disk between processes. `parse` is handed the same cache, so
 * that a result built on another kind's (an index of a parsed file) finds that one in it.
 */
export function cachedByContent<T>(
  kind: string,
  parse: (file: SourceFile, cache: ParseCache | undefined) => T,
  options: { readonly durable?: boolean } = {},
): (file: SourceFile, cache: ParseCache | undefined) => T {
  return (file, cache) => (cache ? cache.get(kind, file, (read) => parse(read, cache), options.durable === true) : parse(file, undefined));
}
