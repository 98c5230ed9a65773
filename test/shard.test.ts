import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inShard, parseShard, shardOf } from '../src/pipeline/batch/shard.js';
import { runCli } from './support/cli.js';
import { listFilesRecursive, REPO_ROOT } from './support/project.js';

const KESTREL = readFileSync(path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), 'utf8').replace(/^\s*logo: .*$/m, '');
const COMMON = ['--library', REPO_ROOT, '--format', 'md,docx', '--lang', 'en', '--draft', '--policy', 'incident-management', '--jobs', '1'];
const CLIENTS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta'];
const SHARDS = 3;

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'policymark-shard-'));
  for (const [i, name] of CLIENTS.entries()) {
    // One client per folder, the rest as files directly in clients/: both kinds of batch entry.
    const file = i % 2 === 0 ? path.join(dir, 'clients', name, 'organisation.yaml') : path.join(dir, 'clients', `${name}.yaml`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, KESTREL.replace('id: kestrel', `id: ${name}`).replace(/^legalName: .*$/m, `legalName: ${name} AB`));
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every file under `folder` with its bytes, by relative path. */
function tree(folder: string): Map<string, Buffer> {
  return new Map(listFilesRecursive(folder).sort().map((file) => [file, readFileSync(path.join(folder, file))]));
}

describe('--shard i/n', () => {
  it('reads i/n and refuses anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/4', '5/4', '1/0', '2', 'a/b', '1/2/3', '-1/2', '1/20000']) expect(parseShard(bad)).toBeUndefined();
  });

  it('is a stable hash of the relative path, so every runner computes the same split and a new client moves no other', () => {
    // Fixed by the definition (sha256 of the POSIX path, first 32 bits, modulo n): a change here re-splits every CI matrix.
    expect(shardOf('clients/alpha/organisation.yaml', 4)).toBe(shardOf('clients\\alpha\\organisation.yaml', 4));
    const names = Array.from({ length: 400 }, (_, i) => `clients/client-${i}.yaml`);
    const counts = [1, 2, 3, 4].map((index) => names.filter((name) => inShard(name, { index, count: 4 })).length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(400);
    for (const count of counts) expect(count).toBeGreaterThan(60);
    expect(names.map((name) => shardOf(name, 4))).toEqual(names.map((name) => shardOf(name, 4)));
  });

  it('the union of the shards is byte-identical to one unsharded build, each client built by exactly one shard', async () => {
    const whole = await runCli(['build', 'clients', '--out', 'out-all', ...COMMON], dir);
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.stderr).toContain(`Built ${CLIENTS.length} of ${CLIENTS.length} organisations`);
    const built: string[] = [];
    for (let index = 1; index <= SHARDS; index++) {
      const share = await runCli(['build', 'clients', '--shard', `${index}/${SHARDS}`, '--out', `out-${index}`, ...COMMON], dir);
      expect(share.code, share.stderr).toBe(0);
      expect(share.stderr).toMatch(new RegExp(`Shard ${index}/${SHARDS}: \\d+ of ${CLIENTS.length} organisation files`));
      built.push(...share.stdout.trim().split('\n').slice(2).map((line) => line.split(/\s{2,}/)[0]!));
      cpSync(path.join(dir, `out-${index}`), path.join(dir, 'out-union'), { recursive: true, errorOnExist: true, force: false });
    }
    expect(built.sort()).toEqual(whole.stdout.trim().split('\n').slice(2).map((line) => line.split(/\s{2,}/)[0]!).sort());
    const expected = tree(path.join(dir, 'out-all'));
    const union = tree(path.join(dir, 'out-union'));
    expect([...union.keys()]).toEqual([...expected.keys()]);
    for (const [file, bytes] of expected) expect(union.get(file)?.equals(bytes), file).toBe(true);
    expect([...expected.keys()].filter((file) => file.endsWith('.docx'))).toHaveLength(CLIENTS.length);
  }, 240_000);

  it('compares ids across the whole batch: a clash with a client of another shard fails in every shard', async () => {
    const clash = path.join(dir, 'clash');
    mkdirSync(clash);
    // Two files with one id; find names that land in different shards of 2.
    const names = Array.from({ length: 20 }, (_, i) => `c${i}.yaml`);
    const first = names.find((name) => shardOf(`clash/${name}`, 2) === 1)!;
    const second = names.find((name) => shardOf(`clash/${name}`, 2) === 2)!;
    for (const name of [first, second]) writeFileSync(path.join(clash, name), KESTREL.replace('id: kestrel', 'id: same'));
    for (const index of [1, 2]) {
      const share = await runCli(['build', 'clash', '--shard', `${index}/2`, '--out', 'out-clash', ...COMMON], dir);
      expect(share.code).toBe(1);
      expect(share.stderr).toContain('batch/duplicate-id');
    }
  }, 60_000);

  it('refuses a malformed --shard as a usage error', async () => {
    const result = await runCli(['build', 'clients', '--shard', '3/2', ...COMMON], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--shard must be I/N');
  });
});
