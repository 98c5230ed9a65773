import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProjectSources } from '../../../src/load/load-project.js';
import { REPO_ROOT } from '../../support/project.js';

/**
 * An up-to-date build hands load the pointers the last build's stamp kept (library, logo and the
 * organisation file's sha256), so that it need not parse the organisation file. They must never change
 * what load returns: used only for a file with that hash and of the right shape, and dropped for the
 * full path whenever following them reports anything.
 */
let dir = '';
let location: { root: string; organisationFile: string; libraryDir: string };
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'policymark-pointers-'));
  cpSync(path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), path.join(dir, 'organisation.yaml'));
  cpSync(path.join(REPO_ROOT, 'examples/kestrel/logo.png'), path.join(dir, 'logo.png'));
  writeFileSync(path.join(dir, 'other.png'), readFileSync(path.join(REPO_ROOT, 'examples/kestrel/logo.png')).subarray(0, 40));
  location = { root: dir, organisationFile: path.join(dir, 'organisation.yaml'), libraryDir: REPO_ROOT };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('organisation pointers from a stamp', () => {
  it('a full load reports the pointers, and loading with them gives the same sources', async () => {
    const full = await loadProjectSources(location);
    expect(full.value?.pointers).toEqual({ sha256: full.value?.organisation.sha256, library: null, logo: 'logo.png' });
    const reused = await loadProjectSources(location, full.value?.pointers);
    expect(reused).toEqual(full);
  });

  it('pointers for another version of the file (another sha256) are not followed', async () => {
    const full = await loadProjectSources(location);
    const stale = { sha256: '0'.repeat(64), library: null, logo: 'other.png' };
    const loaded = await loadProjectSources(location, stale);
    expect(loaded).toEqual(full);
    expect(loaded.value?.logo?.path).toBe('logo.png');
  });

  it('pointers of the wrong shape (a damaged stamp) are ignored', async () => {
    const full = await loadProjectSources(location);
    for (const damaged of [null, 'x', 42, { sha256: full.value?.organisation.sha256, library: 3, logo: null }, { sha256: full.value?.organisation.sha256 }]) {
      expect(await loadProjectSources(location, damaged)).toEqual(full);
    }
  });

  it('a pointer that leads to a problem falls back to the full load, which reports it with its position', async () => {
    const full = await loadProjectSources(location);
    const forged = { sha256: full.value!.organisation.sha256, library: null, logo: 'other.png' };
    // The hash matches but the logo pointer does not: load must not trust it blindly into a broken logo.
    expect(await loadProjectSources(location, forged)).toEqual(full);
  });
});
