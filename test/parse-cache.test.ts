import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFilesRecursive, REPO_ROOT } from './support/project.js';

/**
 * The disk cache of parsed inputs (.policymark-cache/parses.v8 beside the organisation file) may make a
 * build faster, never different: the same bytes with it cold, warm, broken or switched off; a changed
 * input parsed afresh; a cache written by another build of policymark never read. Runs the built CLI,
 * since only a build has the build id the cache is keyed by.
 */
const BIN = path.join(REPO_ROOT, 'bin/policymark.js');
let dir = '';
let project = '';
let org = '';
let cacheFile = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'policymark-parse-cache-'));
  project = path.join(dir, 'kestrel');
  cpSync(path.join(REPO_ROOT, 'examples/kestrel'), project, { recursive: true, filter: (from) => !from.includes('.policymark-cache') });
  org = path.join(project, 'organisation.yaml');
  cacheFile = path.join(project, '.policymark-cache', 'parses.v8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function build(out: string, env: Record<string, string> = {}, policy = 'incident-management'): Map<string, string> {
  execFileSync(process.execPath, [BIN, 'build', '--org', org, '--draft', '--policy', policy, '--policy', 'access-control', '--out', path.join(dir, out)], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const folder = path.join(dir, out);
  return new Map(listFilesRecursive(folder).sort().map((file) => [file, readFileSync(path.join(folder, file)).toString('base64')]));
}

interface Stored {
  format: number;
  buildId: string;
  entries: Map<string, unknown>;
}
const readCache = (): Stored => deserialize(readFileSync(cacheFile)) as Stored;
const writeCache = (stored: Stored): void => writeFileSync(cacheFile, serialize(stored));

/** Changes the stored title of the English incident-roles module: output showing it proves the cache was read. */
function tamperedTitle(stored: Stored): Stored {
  const entries = new Map(stored.entries);
  for (const [key, value] of entries) {
    if (!key.startsWith('module\u0000') || !key.includes('/sections/incident-roles.md\u0000')) continue;
    const copy = structuredClone(value) as { value: { variant: { title: string } } };
    copy.value.variant.title = 'Title read from the cache';
    entries.set(key, copy);
  }
  return { ...stored, entries };
}
const mentions = (files: Map<string, string>, text: string): boolean =>
  [...files].some(([file, base64]) => file.endsWith('.md') && Buffer.from(base64, 'base64').toString('utf8').includes(text));

describe('the disk cache of parsed inputs', () => {
  it('gives byte-identical documents cold, warm and switched off, and keeps itself out of git', () => {
    const off = build('off', { POLICYMARK_CACHE: 'off' });
    expect(existsSync(cacheFile)).toBe(false);
    const cold = build('cold');
    expect(existsSync(cacheFile)).toBe(true);
    expect(readFileSync(path.join(path.dirname(cacheFile), '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    const kinds = new Set([...readCache().entries.keys()].map((key) => key.split('\u0000')[0]));
    expect([...kinds].sort()).toEqual(['catalog', 'module', 'policy', 'release', 'yaml']);
    const warm = build('warm');
    expect([...off.keys()].filter((file) => /\.(md|docx|pdf)$/.test(file)).length).toBeGreaterThanOrEqual(6);
    expect(cold).toEqual(off);
    expect(warm).toEqual(off);
  }, 240_000);

  it('is read by a warm build, and never when it comes from another build of policymark', () => {
    const stored = readCache();
    writeCache(tamperedTitle(stored));
    expect(mentions(build('tampered'), 'Title read from the cache')).toBe(true);
    writeCache({ ...tamperedTitle(stored), buildId: '0'.repeat(64) });
    expect(mentions(build('other-build'), 'Title read from the cache')).toBe(false);
  }, 240_000);

  it('parses a changed input afresh: an edited organisation file shows in the documents', () => {
    build('before-edit');
    const text = readFileSync(org, 'utf8');
    const legalName = /^legalName: (.+)$/m.exec(text)?.[1];
    expect(legalName).toBeDefined();
    writeFileSync(org, text.replace(/^legalName: .+$/m, 'legalName: Kestrel Cached Name AB'));
    try {
      expect(mentions(build('after-edit'), 'Kestrel Cached Name AB')).toBe(true);
    } finally {
      writeFileSync(org, text);
    }
  }, 240_000);

  it('treats a damaged cache file as empty, and POLICYMARK_CACHE_DIR moves it', () => {
    const off = build('off-again', { POLICYMARK_CACHE: 'off' });
    writeFileSync(cacheFile, 'not a cache');
    expect(build('damaged')).toEqual(off);
    const elsewhere = path.join(dir, 'elsewhere');
    expect(build('moved', { POLICYMARK_CACHE_DIR: elsewhere })).toEqual(off);
    expect(existsSync(path.join(elsewhere, 'parses.v8'))).toBe(true);
  }, 240_000);
});
