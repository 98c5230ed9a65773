import { parentPort } from 'node:worker_threads';
import type { BuildOptions } from '../build.js';
import { buildClient } from './build-client.js';

/**
 * A worker thread of a batch build: builds the organisations it is sent, one at a time, and answers
 * each with its result. The library it parses once serves every organisation it builds.
 */
parentPort?.on('message', (task: { readonly file: string; readonly options: BuildOptions }) => {
  void buildClient(task.file, task.options).then((result) => parentPort?.postMessage(result));
});
