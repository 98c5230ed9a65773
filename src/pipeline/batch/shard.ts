import { createHash } from 'node:crypto';

/** One share of a batch: shard `index` (1-based) of `count`, as in `--shard 2/4`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Reads `i/n` (1 ≤ i ≤ n ≤ 10000); undefined when the text is not of that form. */
export function parseShard(text: string): Shard | undefined {
  const match = /^(\d{1,5})\/(\d{1,5})$/.exec(text.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > 10_000 || index < 1 || index > count) return undefined;
  return { index, count };
}

/**
 * The shard an organisation file belongs to (1-based): the first 32 bits of the sha256 of its path
 * relative to the folder the command runs in (POSIX separators), modulo the number of shards. A hash
 * rather than a position in the sorted list, so that adding or removing a client moves no other client
 * to another runner, and every runner of a CI matrix works out the same split without talking to the others.
 */
export function shardOf(relativePath: string, count: number): number {
  const digest = createHash('sha256').update(relativePath.split('\\').join('/')).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

/** Whether the organisation file at `relativePath` is built by `shard`. */
export function inShard(relativePath: string, shard: Shard): boolean {
  return shardOf(relativePath, shard.count) === shard.index;
}
