import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { runCli } from './support/cli.js';
import { REPO_ROOT } from './support/project.js';

/**
 * Translation drift, end to end on a copy of the library and the example organisation (without its
 * releases, which record the library as it was): a change to an English module makes its Swedish twin
 * stale at both files, and stamping the reviewed translation clears it.
 */
let dir: string;
const org = 'kestrel/organisation.yaml';
const withLibrary = ['--org', org, '--library', 'lib'];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'policymark-translations-'));
  cpSync(path.join(REPO_ROOT, 'policy-modules'), path.join(dir, 'lib/policy-modules'), { recursive: true });
  cpSync(path.join(REPO_ROOT, 'frameworks'), path.join(dir, 'lib/frameworks'), { recursive: true });
  cpSync(path.join(REPO_ROOT, 'examples/kestrel'), path.join(dir, 'kestrel'), { recursive: true, filter: (source) => !source.includes(`${path.sep}releases`) });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function checkDiagnostics(): Promise<Diagnostic[]> {
  const run = await runCli(['check', ...withLibrary, '--json'], dir);
  return (JSON.parse(run.stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter((entry) => entry.code.startsWith('translation/'));
}

const EN = 'lib/policy-modules/sections/access-reviews.md';
const SV = 'lib/policy-modules/sections/access-reviews.sv.md';

describe('translation stamps', () => {
  it('every translation of the library is stamped with its current English source', async () => {
    expect(await checkDiagnostics()).toEqual([]);
    const run = await runCli(['translations', ...withLibrary, '--json'], dir);
    const listed = JSON.parse(run.stdout) as { translations: { state: string }[] };
    expect(listed.translations.length).toBeGreaterThanOrEqual(84);
    expect(listed.translations.filter((entry) => entry.state !== 'current')).toEqual([]);
  });

  it('a change to an English module warns translation/stale at its twin and at the English file; stamping clears it', async () => {
    const english = readFileSync(path.join(dir, EN), 'utf8');
    writeFileSync(path.join(dir, EN), english.replace('Access rights are reviewed at least', 'Access rights are reviewed and recertified at least'));
    const stale = await checkDiagnostics();
    expect(stale.map((entry) => [entry.code, entry.severity, entry.file, entry.line, entry.column])).toEqual([
      ['translation/stale', 'warning', EN, 1, 1],
      ['translation/stale', 'warning', SV, 6, 13],
    ]);
    const swedishBefore = readFileSync(path.join(dir, SV), 'utf8');
    expect(swedishBefore.split('\n')[5]).toMatch(/^translates: sha256:[0-9a-f]{64}$/);

    const listed = await runCli(['translations', ...withLibrary], dir);
    expect(listed.stdout).toMatch(/^stale +sv +access-reviews +lib\/policy-modules\/sections\/access-reviews\.sv\.md$/m);

    const stamped = await runCli(['translations', 'stamp', 'access-reviews', '--lang', 'sv', ...withLibrary], dir);
    expect(stamped.code).toBe(0);
    expect(stamped.stderr).toMatch(/^Stamped lib\/policy-modules\/sections\/access-reviews\.sv\.md/);
    expect(await checkDiagnostics()).toEqual([]);
    // Only the stamp line changed.
    const swedishAfter = readFileSync(path.join(dir, SV), 'utf8');
    const before = swedishBefore.split('\n');
    const after = swedishAfter.split('\n');
    expect(after.length).toBe(before.length);
    expect(after.filter((line, index) => line !== before[index])).toEqual([after[5]]);
    expect(after[5]).not.toBe(before[5]);

    const again = await runCli(['translations', 'stamp', 'access-reviews', ...withLibrary], dir);
    expect(again.stderr).toMatch(/already stamped/);
  });

  it('a client override module and its translation get the same rule', async () => {
    const own = path.join(dir, 'kestrel/policy-modules/sections');
    cpSync(path.join(dir, SV), path.join(own, 'access-reviews.sv.md'));
    writeFileSync(path.join(own, 'access-reviews.md'), readFileSync(path.join(dir, EN), 'utf8').replace('lang: en\n', 'lang: en\noverrides: true\n').replace('at least monthly', 'at least weekly'));
    const ownEn = 'kestrel/policy-modules/sections/access-reviews.md';
    const ownSv = 'kestrel/policy-modules/sections/access-reviews.sv.md';
    expect((await checkDiagnostics()).map((entry) => [entry.code, entry.file])).toEqual([
      ['translation/stale', ownEn],
      ['translation/stale', ownSv],
    ]);
    writeFileSync(path.join(dir, ownSv), readFileSync(path.join(dir, ownSv), 'utf8').replace(/^translates: .*\n/m, ''));
    expect((await checkDiagnostics()).map((entry) => [entry.code, entry.file, entry.line])).toEqual([['translation/unstamped', ownSv, 5]]);
    const stamped = await runCli(['translations', 'stamp', 'access-reviews', ...withLibrary], dir);
    expect(stamped.code).toBe(0);
    expect(readFileSync(path.join(dir, ownSv), 'utf8').split('\n')[5]).toMatch(/^translates: sha256:/);
    expect(await checkDiagnostics()).toEqual([]);
    rmSync(path.join(own, 'access-reviews.md'));
    rmSync(path.join(own, 'access-reviews.sv.md'));
  });

  it('lists a missing translation and refuses to stamp one that does not exist', async () => {
    rmSync(path.join(dir, 'lib/policy-modules/sections/access-remote.sv.md'));
    const listed = await runCli(['translations', ...withLibrary, '--json'], dir);
    expect(listed.code).toBe(0);
    const entries = (JSON.parse(listed.stdout) as { translations: { module: string; state: string; used: boolean }[] }).translations;
    expect(entries.find((entry) => entry.module === 'access-remote')).toMatchObject({ state: 'missing', used: true });
    const stamp = await runCli(['translations', 'stamp', 'access-remote', ...withLibrary], dir);
    expect(stamp.code).toBe(1);
    expect(stamp.stderr).toMatch(/has no "sv" translation to stamp.*translation\/unknown-module/);
    const unknown = await runCli(['translations', 'stamp', 'access-reviewz', ...withLibrary], dir);
    expect(unknown.stderr).toMatch(/Did you mean "access-reviews"\?/);
  });
});
