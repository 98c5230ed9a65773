import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientOverviewRow } from '../src/register/client-overview.js';
import { runCli } from './support/cli.js';
import { REPO_ROOT } from './support/project.js';

/**
 * A consultant's clients folder: kestrel (the example, with its signed releases made before releases
 * recorded a library version, and its acknowledgements), nova (built from library 1.0.0, one release,
 * then changed) and broken (an organisation file that does not parse).
 */
let work = '';
const TODAY = '2031-01-15';

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'policymark-clients-'));
  const clients = path.join(work, 'clients');
  cpSync(path.join(REPO_ROOT, 'examples/kestrel'), path.join(clients, 'kestrel'), { recursive: true });
  const nova = path.join(clients, 'nova');
  mkdirSync(nova, { recursive: true });
  const kestrel = readFileSync(path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), 'utf8');
  writeFileSync(path.join(nova, 'organisation.yaml'), kestrel.replace(/^id: kestrel$/m, 'id: nova').replace(/^libraryVersion: .*$/m, 'libraryVersion: 1.0.0'));
  cpSync(path.join(REPO_ROOT, 'examples/kestrel/logo.png'), path.join(nova, 'logo.png'));
  const released = await runCli(['release', 'backup-restore', '--version', '1.0.0', '--summary', 'First release.', '--unsigned', '--date', '2025-06-10', '--org', 'clients/nova/organisation.yaml'], work);
  expect(released.code, released.stderr).toBe(0);
  // A change after the release: the working copy differs from it.
  writeFileSync(path.join(nova, 'organisation.yaml'), readFileSync(path.join(nova, 'organisation.yaml'), 'utf8').replace('legalName: Kestrel Logistics AB', 'legalName: Nova Logistics AB'));
  mkdirSync(path.join(clients, 'broken'));
  writeFileSync(path.join(clients, 'broken/organisation.yaml'), 'id: broken\nlegalName: [unclosed\n');
}, 120_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

async function overview(format: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli(['clients', 'clients', '--format', format, '--today', TODAY], work);
}

describe('policymark clients', () => {
  let rows: ClientOverviewRow[] = [];
  let code = -1;
  let stderr = '';
  beforeAll(async () => {
    const run = await overview('json');
    code = run.code;
    stderr = run.stderr;
    rows = (JSON.parse(run.stdout) as { clients: ClientOverviewRow[] }).clients;
  }, 120_000);

  it('lists every client, the broken one as failed with its diagnostics, and exits 1', () => {
    expect(rows.map((r) => [r.file, r.status])).toEqual([
      ['clients/broken/organisation.yaml', 'failed'],
      ['clients/kestrel/organisation.yaml', 'ok'],
      ['clients/nova/organisation.yaml', 'ok'],
    ]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/clients\/broken\/organisation\.yaml:\d+:\d+ +error +.*yaml\/syntax/);
  });

  it('gives the library version recorded and declared, and the library version of each latest release', () => {
    const kestrel = rows.find((r) => r.organisation === 'kestrel')!;
    const nova = rows.find((r) => r.organisation === 'nova')!;
    expect(kestrel.libraryVersion).toBe('1.0.0');
    expect(kestrel.libraryDeclared).toBe('1.0.0');
    expect(kestrel.latestReleases.find((r) => r.policy === 'incident-management')).toMatchObject({ version: '1.1.0', libraryVersion: '1.0.0' });
    expect(nova.libraryVersion).toBe('1.0.0');
    expect(nova.latestReleases).toEqual([{ policy: 'backup-restore', version: '1.0.0', date: '2025-06-10', libraryVersion: '1.0.0' }]);
  });

  it('gives overdue reviews, unreleased changes, drafts and the acknowledgement share', () => {
    const kestrel = rows.find((r) => r.organisation === 'kestrel')!;
    const nova = rows.find((r) => r.organisation === 'nova')!;
    // Every kestrel release is years before TODAY, so every review is overdue.
    expect(kestrel.overdueReviews).toEqual(kestrel.latestReleases.map((r) => r.policy).sort());
    expect(kestrel.acknowledgements.expected).toBeGreaterThan(0);
    expect(kestrel.acknowledgements.share).toBeCloseTo(kestrel.acknowledgements.acknowledged / kestrel.acknowledgements.expected);
    expect(nova.overdueReviews).toEqual(['backup-restore']);
    expect(nova.unreleasedChanges).toEqual(['backup-restore']);
    expect(nova.drafts).toContain('incident-management');
    expect(nova.acknowledgements).toEqual({ acknowledged: 0, expected: nova.acknowledgements.expected, share: 0 });
  });

  it('prints the same overview as Markdown and CSV', async () => {
    const md = await overview('md');
    expect(md.stdout).toContain('# Clients');
    expect(md.stdout).toMatch(/\| nova +\| clients\/nova\/organisation\.yaml +\| 1\.0\.0 +\| 1\.0\.0 +\| 1 +\| backup-restore 1\.0\.0 \(2025-06-10, library 1\.0\.0\) +\| backup-restore +\|/);
    const csv = await overview('csv');
    const lines = csv.stdout.trim().split(/\r?\n/);
    expect(lines[0]).toBe('Client,Organisation file,Library (recorded),Library (now),Released,Latest release,Overdue reviews,Reviews due,Unreleased changes,Drafts,Acknowledged');
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.startsWith('kestrel,'))).toContain(',1.0.0,1.0.0,31,');
  });
});
