import { describe, expect, it } from 'vitest';
import type { ProjectSources } from '../../../src/load/load-project.js';
import { isUpToDate, stampKey } from '../../../src/pipeline/plan-build.js';
import type { Stamp } from '../../../src/write/build-stamp.js';

const file = (path: string, sha256: string) => ({ path, manifestPath: path, text: '', sha256 });
const sources = (overrides: Partial<ProjectSources> = {}): ProjectSources => ({
  organisation: file('organisation.yaml', 'a'),
  modules: [file('policy-modules/sections/purpose.md', 'b')],
  policies: [file('policy-modules/policies/p.yaml', 'c')],
  own: { modules: [], policies: [] },
  catalogs: [file('frameworks/iso27001.yaml', 'd')],
  releases: [],
  signatures: [],
  allowedSigners: undefined,
  acknowledgements: undefined,
  unreadableModules: [],
  logo: undefined,
  ...overrides,
});
const stamp = (inputs: string): Stamp => ({ inputs, documents: [], diagnostics: [], manifests: [] });

describe('stampKey', () => {
  it('is the same for the same inputs, options and tool version', () => {
    expect(stampKey(sources(), { formats: ['md'] }, '1.0.0')).toEqual(stampKey(sources(), { formats: ['md'] }, '1.0.0'));
  });

  it('changes its input hash with any file, the logo or the tool version, and its name only with the options', () => {
    const base = stampKey(sources(), { formats: ['md'] }, '1.0.0');
    const changedModule = stampKey(sources({ modules: [file('policy-modules/sections/purpose.md', 'B')] }), { formats: ['md'] }, '1.0.0');
    const withLogo = stampKey(sources({ logo: { path: 'logo.png', bytes: new Uint8Array(), type: 'png', width: 1, height: 1, sha256: 'e' } }), { formats: ['md'] }, '1.0.0');
    const newTool = stampKey(sources(), { formats: ['md'] }, '1.0.1');
    const otherOptions = stampKey(sources(), { formats: ['pdf'] }, '1.0.0');
    for (const key of [changedModule, withLogo, newTool]) {
      expect(key.inputs).not.toBe(base.inputs);
      expect(key.name).toBe(base.name);
    }
    expect(otherOptions.name).not.toBe(base.name);
  });
});

describe('isUpToDate', () => {
  const key = stampKey(sources(), {}, '1.0.0');
  it('only when the stamp records the same inputs and every output it lists is intact', () => {
    expect(isUpToDate(key, { stamp: stamp(key.inputs), intact: true })).toBe(true);
    expect(isUpToDate(key, { stamp: stamp(key.inputs), intact: false })).toBe(false);
    expect(isUpToDate(key, { stamp: stamp('other'), intact: true })).toBe(false);
    expect(isUpToDate(key, { stamp: undefined, intact: false })).toBe(false);
  });
});
