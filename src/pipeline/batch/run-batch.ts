import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { diagnostic, type Position } from '../../diagnostics/diagnostic.js';
import { readOrganisationIds } from '../../load/organisation-files.js';
import { PACKAGE_ROOT } from '../../load/package-info.js';
import type { BuildOptions } from '../build.js';
import { buildClient, failed, internalError, type ClientResult } from './build-client.js';
import { inShard, type Shard } from './shard.js';

/** The options every organisation of a batch shares: all but the organisation file. */
export type SharedBuildOptions = Omit<BuildOptions, 'organisationFile'>;

export interface BatchProgress {
  readonly done: number;
  readonly total: number;
  readonly failed: number;
  readonly last: ClientResult;
}

/**
 * Builds many organisations, `jobs` at a time on worker threads (one thread each, so that a batch uses
 * every core). Results come back in the order of `files`. Organisation files that share an id would
 * write into the same output folders, so they are failed before anything is built. With a `shard`, only
 * that share of `files` is built and reported (see shard.ts); ids are still compared across all of
 * `files`, so that the shards of a batch together fail and build exactly what the whole batch would.
 */
export async function runBatch(
  all: readonly string[],
  shared: SharedBuildOptions,
  jobs: number,
  onProgress: (progress: BatchProgress) => void = () => {},
  shard?: Shard,
): Promise<ClientResult[]> {
  const display = (file: string): string => path.relative(shared.root, file).split(path.sep).join('/') || file;
  const duplicates = await duplicateIds(all, display);
  const files = shard ? all.filter((file) => inShard(display(file), shard)) : all;
  const results = new Array<ClientResult | undefined>(files.length);
  let done = 0;
  let failures = 0;
  const record = (index: number, result: ClientResult): void => {
    results[index] = result;
    done += 1;
    if (!result.ok) failures += 1;
    onProgress({ done, total: files.length, failed: failures, last: result });
  };
  const queue: number[] = [];
  files.forEach((file, index) => {
    const clash = duplicates.get(file);
    if (clash) record(index, failed(display(file), clash));
    else queue.push(index);
  });
  const task = (index: number) => ({ file: display(files[index]!), options: { ...shared, organisationFile: files[index]! } });

  const workerScript = workerScriptPath();
  const threads = Math.max(1, Math.min(jobs, queue.length));
  if (threads === 1 || workerScript === undefined) {
    // One at a time in this thread: the reference a parallel batch is measured against, and the way
    // the batch runs from the TypeScript sources in tests (there is no compiled worker script there).
    for (const index of queue) {
      const { file, options } = task(index);
      record(index, await buildClient(file, options));
    }
    return results as ClientResult[];
  }

  await new Promise<void>((resolve) => {
    let running = 0;
    const start = (): void => {
      // A bounded heap per worker keeps the whole batch within a predictable memory budget; one document
      // needs a few tens of MB at most.
      const worker = new Worker(workerScript, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
      let current: number | undefined;
      const next = (): void => {
        current = queue.shift();
        if (current === undefined) {
          void worker.terminate();
          running -= 1;
          if (running === 0) resolve();
          return;
        }
        // A callback cannot cross to a worker thread (and would not run there): progress comes per organisation.
        const { file, options: { onProgress: _inThreadOnly, ...options } } = task(current);
        worker.postMessage({ file, options });
      };
      worker.on('message', (result: ClientResult) => {
        record(current!, result);
        next();
      });
      // A worker that dies takes only its current organisation with it; a fresh one goes on.
      worker.on('error', (error) => {
        if (current !== undefined) record(current, failed(display(files[current]!), internalError(display(files[current]!), error)));
        current = undefined;
        running -= 1;
        if (queue.length > 0) {
          running += 1;
          start();
        } else if (running === 0) resolve();
      });
      running += 1;
      next();
    };
    for (let i = 0; i < threads; i++) start();
  });
  return results as ClientResult[];
}

/**
 * The script a worker thread runs: beside this module when compiled by tsc, the bundle's own worker
 * entry when bundled (this code then sits in a chunk of dist/, see .ci/bundle.mjs); none when run from
 * the TypeScript sources.
 */
function workerScriptPath(): string | undefined {
  if (import.meta.url.endsWith('.mjs')) return path.join(PACKAGE_ROOT, 'dist', 'policymark-worker.mjs');
  if (import.meta.url.endsWith('.js')) return fileURLToPath(new URL('./build-worker.js', import.meta.url));
  return undefined;
}

/** Old-generation heap of each worker thread, in MB. */
const WORKER_HEAP_MB = 128;

/** Worker threads to use by default: one per core the process may use. */
export function defaultJobs(): number {
  return availableParallelism();
}

async function duplicateIds(files: readonly string[], display: (file: string) => string): Promise<Map<string, ReturnType<typeof diagnostic>>> {
  const byId = new Map<string, { file: string; position: Position }[]>();
  for (const entry of await readOrganisationIds(files, display)) byId.set(entry.id, [...(byId.get(entry.id) ?? []), entry]);
  const clashes = new Map<string, ReturnType<typeof diagnostic>>();
  for (const [id, list] of byId) {
    if (list.length < 2) continue;
    for (const { file, position } of list) {
      const others = list.filter((other) => other.file !== file).map((other) => display(other.file)).join(', ');
      clashes.set(file, diagnostic('batch/duplicate-id', display(file), position, `The organisation id "${id}" is also the id of ${others}; their documents would overwrite each other in output/${id}/.`, {
        hint: 'Give each organisation its own `id`.',
      }));
    }
  }
  return clashes;
}
