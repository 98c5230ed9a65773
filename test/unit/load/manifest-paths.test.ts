import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { makeProject, removeProject, REPO_ROOT } from '../../support/project.js';

/**
 * Manifests record input paths relative to the project (the organisation file's folder), not to the
 * folder policymark runs from: the same build from another folder writes the same manifest and shows
 * nothing of the folders around the project. Diagnostics stay relative to where the user runs it.
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeProject));

describe('manifest paths', () => {
  it('are the same whichever folder the build runs from, and relative to the project', async () => {
    const dir = makeProject();
    dirs.push(dir);
    const manifest = 'out/acme/incident-management/draft/manifest.json';
    const inside = await runCli(['build', '--library', '.', '--out', 'out'], dir);
    expect(inside.code, inside.stderr).toBe(0);
    const fromInside = readFileSync(path.join(dir, manifest), 'utf8');
    const parent = path.dirname(dir);
    const name = path.basename(dir);
    const outside = await runCli(['build', '--org', `${name}/organisation.yaml`, '--library', name, '--out', `${name}/out`], parent);
    expect(outside.code, outside.stderr).toBe(0);
    expect(readFileSync(path.join(dir, manifest), 'utf8')).toBe(fromInside);
    const inputs = (JSON.parse(fromInside) as { inputs: { path: string }[] }).inputs.map((input) => input.path);
    expect(inputs).toContain('organisation.yaml');
    expect(inputs).toContain('policy-modules/sections/purpose.md');
    expect(inputs.join('\n')).not.toContain(name);
  });

  it('name a library outside the project by its name, and diagnostics stay relative to the working folder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policymark-kestrel-'));
    dirs.push(dir);
    cpSync(path.join(REPO_ROOT, 'examples', 'kestrel'), dir, { recursive: true });
    const parent = path.dirname(dir);
    const name = path.basename(dir);
    // The bundled library: its files are recorded as policymark/..., wherever policymark is installed.
    const bundled = await runCli(['build', '--org', `${name}/organisation.yaml`, '--policy', 'incident-management', '--draft', '--format', 'md', '--out', `${name}/out`], parent);
    expect(bundled.code, bundled.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'out/kestrel/incident-management/draft/manifest.json'), 'utf8')) as { inputs: { path: string }[] };
    expect(manifest.inputs.map((input) => input.path)).toEqual(expect.arrayContaining(['organisation.yaml', 'logo.png', 'policymark/policy-modules/policies/incident-management.yaml', 'policymark/frameworks/iso27001.yaml']));
    writeFileSync(path.join(dir, 'organisation.yaml'), `${readFileSync(path.join(dir, 'organisation.yaml'), 'utf8')}unknownField: 1\n`);
    const broken = await runCli(['check', '--org', `${name}/organisation.yaml`], parent);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(new RegExp(`^${name}/organisation\\.yaml:\\d+:1 {2}error {2}.*schema/unknown-field$`, 'm'));
  });
});
