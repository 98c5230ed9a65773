import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentDefinition, headingAnchor } from '../../src/oscal/component-definition.js';
import { oscalControlId, policymarkControlId } from '../../src/oscal/control-id.js';
import { POLICYMARK_NS } from '../../src/schema/oscal.js';
import type { OscalMappingCollection } from '../../src/oscal/mapping.js';
import type { OscalCatalog, OscalComponentDefinition } from '../../src/oscal/oscal-model.js';
import { oscalArtifacts } from '../../src/pipeline/export-oscal.js';
import { prepareProject } from '../../src/pipeline/prepare-project.js';
import type { ValidatedProject } from '../../src/validate/project.js';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/project.js';
import { oscalValidator, schemaErrors } from './oscal-schemas.js';

const KESTREL = path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml');
const STAMP = '2026-03-09T00:00:00Z';

let project: ValidatedProject;
let files: Map<string, unknown>;

beforeAll(async () => {
  const prepared = await prepareProject({ root: REPO_ROOT, organisationFile: KESTREL, libraryDir: undefined, policies: [], langs: [] });
  if (!prepared.value) throw new Error(JSON.stringify(prepared.diagnostics));
  project = prepared.value.project;
  files = new Map(oscalArtifacts(project, STAMP).map((a) => [a.path, JSON.parse(new TextDecoder().decode(a.bytes)) as unknown]));
});

const definition = (): OscalComponentDefinition['component-definition'] => (files.get('kestrel/oscal/component-definition.json') as OscalComponentDefinition)['component-definition'];
const catalogs = (): [string, OscalCatalog][] => [...files].filter(([p]) => p.includes('/catalogs/')).map(([p, v]) => [p, v as OscalCatalog]);

describe('OSCAL component definition', () => {
  it('validates against NIST\'s OSCAL 1.2.2 component definition schema', () => {
    const validate = oscalValidator('component');
    const ok = validate(files.get('kestrel/oscal/component-definition.json'));
    expect(schemaErrors(validate)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema rejects what OSCAL forbids, so the test above can fail', () => {
    const validate = oscalValidator('component');
    const broken = structuredClone(files.get('kestrel/oscal/component-definition.json')) as { 'component-definition': { metadata: { 'last-modified': string }; components: { 'control-implementations': { 'implemented-requirements': { 'control-id': string }[] }[] }[] } };
    broken['component-definition'].metadata['last-modified'] = '2026-03-09T00:00:00';
    expect(validate(broken)).toBe(false);
    const numeric = structuredClone(files.get('kestrel/oscal/component-definition.json')) as typeof broken;
    numeric['component-definition'].components.find((c) => c['control-implementations'])!['control-implementations'][0]!['implemented-requirements'][0]!['control-id'] = '5.24';
    expect(validate(numeric)).toBe(false);
  });

  it('has one component of type policy per policy, with version, release date and owner and approver', () => {
    const { components = [], metadata } = definition();
    expect(components.map((c) => c.title).length).toBe(project.policies.size);
    for (const component of components) expect(component.type).toBe('policy');
    const incident = components.find((c) => c.title === 'Incident Management Policy')!;
    const latest = project.releases.get('incident-management')!.at(-1)!;
    expect(incident.props).toContainEqual({ name: 'version', value: latest.version });
    expect(incident.props).toContainEqual({ name: 'release-date', value: latest.date, ns: 'https://policymark.dev/ns/oscal' });
    const roles = new Map(incident['responsible-roles']!.map((r) => [r['role-id'], r['party-uuids']!]));
    const party = (uuid: string): string => metadata.parties!.find((p) => p.uuid === uuid)!.name;
    expect(party(roles.get('policy-owner')![0]!)).toBe(project.roleHolders.get('en')!.get('ciso')!.name);
    expect(party(roles.get('policy-approver')![0]!)).toBe(latest.approver);
  });

  it('keeps OSCAL\'s constraints that the schema does not check: allowed values and uuid references', () => {
    const { components = [], metadata } = definition();
    const uuids = [definition().uuid, ...metadata.parties!.map((p) => p.uuid), ...components.flatMap((c) => [c.uuid, ...(c['control-implementations'] ?? []).flatMap((ci) => [ci.uuid, ...ci['implemented-requirements'].map((r) => r.uuid)])])];
    expect(new Set(uuids).size).toBe(uuids.length);
    const roleIds = new Set(metadata.roles!.map((r) => r.id));
    const partyIds = new Set(metadata.parties!.map((p) => p.uuid));
    // OSCAL's allowed values of a defined component's type.
    const allowedTypes = ['interconnection', 'software', 'hardware', 'service', 'policy', 'physical', 'process-procedure', 'plan', 'guidance', 'standard', 'validation', 'this-system'];
    for (const component of components) {
      expect(allowedTypes).toContain(component.type);
      for (const role of component['responsible-roles'] ?? []) {
        expect(roleIds).toContain(role['role-id']);
        for (const uuid of role['party-uuids'] ?? []) expect(partyIds).toContain(uuid);
      }
    }
    for (const party of metadata.parties!) for (const org of party['member-of-organizations'] ?? []) expect(partyIds).toContain(org);
    // Every control implementation's source is an exported catalog, and every control id is in it.
    let requirements = 0;
    for (const component of components) {
      for (const implementation of component['control-implementations'] ?? []) {
        const catalog = files.get(`kestrel/oscal/${implementation.source}`) as OscalCatalog | undefined;
        expect(catalog, implementation.source).toBeDefined();
        const ids = new Set(catalog!.catalog.groups!.flatMap((g) => (g.controls ?? []).map((c) => c.id)));
        for (const requirement of implementation['implemented-requirements']) {
          requirements += 1;
          expect(ids, requirement['control-id']).toContain(requirement['control-id']);
        }
      }
    }
    expect(requirements).toBeGreaterThan(50);
  });

  it('states each section\'s strength and links to the section in the rendered Markdown', () => {
    const mappings = project.mappings.get('en')!.map((policy) => policy.policy.id !== 'incident-management' ? policy : {
      ...policy,
      sections: policy.sections.map((section, i) => i !== 1 ? section : { ...section, controls: [...section.controls, { framework: 'iso27001', id: '5.7', title: 'Threat intelligence', strength: 'supports' as const }] }),
    });
    const definition = componentDefinition({ ...project, mappings: new Map([['en', mappings]]) }, STAMP, { catalogHref: (f) => `catalogs/${f}.json`, documentHref: (p, v) => `../${p}/${v}/${p}.md` });
    const incident = definition['component-definition'].components!.find((c) => c.title === 'Incident Management Policy')!;
    const requirements = incident['control-implementations']!.flatMap((ci) => ci['implemented-requirements']);
    const a57 = requirements.find((r) => r['control-id'] === 'iso27001-a.5.7')!;
    expect(a57.props).toContainEqual({ name: 'strength', value: 'supports', ns: POLICYMARK_NS });
    expect(a57.props).toContainEqual({ name: 'supported-by-section', value: '2', ns: POLICYMARK_NS });
    // 5.24 is implemented by the procedure's lifecycle; the policy only supports it.
    const procedure = definition['component-definition'].components!.find((c) => c.title === 'Incident Management Procedure')!;
    const a524 = procedure['control-implementations']!.flatMap((ci) => ci['implemented-requirements']).find((r) => r['control-id'] === 'iso27001-a.5.24')!;
    expect(a524.props).toContainEqual({ name: 'strength', value: 'implements', ns: POLICYMARK_NS });
    expect(a524.links![0]!.href).toMatch(/^\.\.\/incident-management-procedure\/1\.0\.0\/incident-management-procedure\.md#\d+-[a-z-]+$/);
    expect(requirements.find((r) => r['control-id'] === 'iso27001-a.5.24')!.props).toContainEqual({ name: 'strength', value: 'supports', ns: POLICYMARK_NS });
    expect(headingAnchor('10 Training, awareness and exercises')).toBe('10-training-awareness-and-exercises');
  });

  it('is byte-identical when exported twice, with timezone timestamps', () => {
    const again = oscalArtifacts(project, STAMP);
    const first = oscalArtifacts(project, STAMP);
    expect(again.map((a) => Buffer.from(a.bytes).toString('hex'))).toEqual(first.map((a) => Buffer.from(a.bytes).toString('hex')));
    expect(definition().metadata['last-modified']).toBe(STAMP);
  });
});

describe('OSCAL catalogs', () => {
  it('exports the four framework catalogs, each valid against NIST\'s OSCAL 1.2.2 catalog schema', () => {
    const validate = oscalValidator('catalog');
    expect(catalogs().map(([p]) => path.basename(p))).toEqual(['gdpr.json', 'iso27001.json', 'nis2.json', 'soc2.json']);
    for (const [file, catalog] of catalogs()) {
      const ok = validate(catalog);
      expect(schemaErrors(validate), file).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('lists every control of each catalog under its group, with its citation as label', () => {
    for (const index of project.catalogs.values()) {
      const oscal = files.get(`kestrel/oscal/catalogs/${index.catalog.id}.json`) as OscalCatalog;
      const controls = oscal.catalog.groups!.flatMap((g) => g.controls ?? []);
      expect(controls.map((c) => c.props!.find((p) => p.name === 'label')!.value)).toEqual(
        index.catalog.groups.flatMap((g) => index.catalog.controls.filter((c) => c.group === g.id).map((c) => c.id)),
      );
      const ids = [...oscal.catalog.groups!.map((g) => g.id), ...controls.map((c) => c.id)];
      expect(new Set(ids).size, index.catalog.id).toBe(ids.length);
    }
  });
});

describe('OSCAL control ids', () => {
  it('start with a letter and turn back into the citation for every control of every catalog', () => {
    const examples = [['iso27001', '5.24', 'iso27001-a.5.24'], ['gdpr', 'Art. 33', 'gdpr-art-33'], ['nis2', 'Art. 21(2)(a)', 'nis2-art-21-2-a'], ['soc2', 'CC7.3', 'soc2-cc7.3'], ['iso27001', 'Clause 6.1.2', 'iso27001-clause-6.1.2']];
    for (const [framework, id, oscal] of examples) expect(oscalControlId(framework!, id!)).toBe(oscal);
    for (const index of project.catalogs.values()) {
      for (const control of index.catalog.controls) {
        const oscal = oscalControlId(index.catalog.id, control.id);
        expect(oscal).toMatch(/^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u);
        expect(policymarkControlId(index.catalog.id, oscal)).toBe(control.id);
      }
    }
  });
});

describe('policymark oscal', () => {
  let out: string;
  beforeAll(() => { out = mkdtempSync(path.join(tmpdir(), 'pm-oscal-')); });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes the component definition and catalogs with a manifest, the same bytes every time', async () => {
    const env = { SOURCE_DATE_EPOCH: '1773014400' };
    const first = await runCli(['oscal', '--org', KESTREL, '--out', out], REPO_ROOT, env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const bytes = readFileSync(path.join(out, 'kestrel/oscal/component-definition.json'));
    const manifest = JSON.parse(readFileSync(path.join(out, 'kestrel/oscal/manifest.json'), 'utf8')) as { outputs: { path: string }[] };
    expect(manifest.outputs.map((o) => o.path)).toContain('catalogs/nis2.json');
    const second = await runCli(['oscal', '--org', KESTREL, '--out', out, '--json'], REPO_ROOT, env);
    expect(second.code).toBe(0);
    expect(readFileSync(path.join(out, 'kestrel/oscal/component-definition.json')).equals(bytes)).toBe(true);
    expect(JSON.parse(bytes.toString('utf8'))['component-definition'].metadata['last-modified']).toBe('2026-03-09T00:00:00Z');
  });
});


describe('OSCAL mapping collections (crosswalks)', () => {
  type Collection = OscalMappingCollection['mapping-collection'];
  const collection = (name: string): Collection => (files.get(`kestrel/oscal/mappings/${name}.json`) as OscalMappingCollection)['mapping-collection'];
  // OSCAL's allowed values of a map's relationship (NIST IR 8477 set theory relationships).
  const RELATIONSHIPS = ['equivalent-to', 'equal-to', 'subset-of', 'superset-of', 'intersects-with', 'no-relationship'];

  it('validate against NIST\'s OSCAL 1.2.2 mapping schema', () => {
    const validate = oscalValidator('mapping');
    for (const name of ['derived', 'iso27001-nis2']) {
      const ok = validate(files.get(`kestrel/oscal/mappings/${name}.json`));
      expect(schemaErrors(validate), name).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('every map names controls of the catalogs it refers to, with an allowed relationship and unique uuids', () => {
    for (const name of ['derived', 'iso27001-nis2']) {
      const { mappings, uuid } = collection(name);
      const uuids = [uuid, ...mappings.flatMap((m) => [m.uuid, ...m.maps.map((map) => map.uuid)])];
      expect(new Set(uuids).size, name).toBe(uuids.length);
      for (const mapping of mappings) {
        const ids = (href: string): Set<string> => {
          const catalog = files.get(path.posix.join('kestrel/oscal/mappings', href)) as OscalCatalog | undefined;
          expect(catalog, href).toBeDefined();
          return new Set(catalog!.catalog.groups!.flatMap((g) => (g.controls ?? []).map((c) => c.id)));
        };
        const sources = ids(mapping['source-resource'].href);
        const targets = ids(mapping['target-resource'].href);
        for (const map of mapping.maps) {
          expect(RELATIONSHIPS).toContain(map.relationship);
          for (const item of map.sources) expect(sources, item['id-ref']).toContain(item['id-ref']);
          for (const item of map.targets) expect(targets, item['id-ref']).toContain(item['id-ref']);
        }
      }
    }
  });

  it('derives intersections from sections that implement controls of several frameworks, by automation', () => {
    const derived = collection('derived');
    expect(derived.provenance.method).toBe('automation');
    const isoNis2 = derived.mappings.find((m) => m['source-resource'].href.endsWith('iso27001.json') && m['target-resource'].href.endsWith('nis2.json'))!;
    const section = project.mappings.get('en')!.flatMap((p) => p.sections).find((s) => s.controls.some((c) => c.framework === 'iso27001' && c.id === '5.24' && !c.strength) && s.controls.some((c) => c.framework === 'nis2' && !c.strength))!;
    const nis2 = project.catalogs.get('nis2')!.resolve(section.controls.find((c) => c.framework === 'nis2' && !c.strength)!.id)!.control.id;
    const map = isoNis2.maps.find((m) => m.sources[0]!['id-ref'] === 'iso27001-a.5.24' && m.targets[0]!['id-ref'] === oscalControlId('nis2', nis2))!;
    expect(map.relationship).toBe('intersects-with');
    expect(map.props!.some((p) => p.name === 'derived-from-section')).toBe(true);
  });

  it('ships the curated ISO 27001 to NIS2 Art. 21(2) crosswalk with its provenance, every point mapped', () => {
    const curated = collection('iso27001-nis2');
    expect(curated.provenance).toEqual(expect.objectContaining({ method: 'human', 'matching-rationale': 'semantic', status: 'draft' }));
    const targets = new Set(curated.mappings[0]!.maps.map((m) => m.targets[0]!['id-ref']));
    expect([...targets].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((p) => `nis2-art-21-2-${p}`));
  });
});
