import { describe, expect, it } from 'vitest';
import { composeDocument } from '../../../src/compose/compose-document.js';
import { draftVersion } from '../../../src/model/version.js';
import { composeFixture, organisationFile, replaceOnce } from '../../support/compose-fixture.js';

describe('the resolved project', () => {
  it('maps each role to its person per language, and includes sections by their conditions once', async () => {
    const { project } = await composeFixture({}, { languages: ['en', 'sv'] });
    expect(project).toBeDefined();
    for (const lang of ['en', 'sv'] as const) {
      const holders = project!.roleHolders.get(lang)!;
      const organisation = project!.organisations.get(lang)!;
      for (const [role, personId] of Object.entries(organisation.roles)) {
        expect(holders.get(role)?.id).toBe(personId);
      }
      const included = project!.included.get('incident-management')!.get(lang)!;
      const manifest = project!.policies.get('incident-management')!.manifest;
      expect(included.map((s) => s.module.id)).toEqual(manifest.sections.filter((id) => project!.modules.has(id) && included.some((s) => s.module.id === id)));
      expect(included.length).toBeGreaterThan(0);
    }
  });

  it('gives each draft policy the mappings that composing it gives: same numbers, titles and controls', async () => {
    const { project } = await composeFixture({}, { languages: ['en', 'sv'] });
    for (const lang of ['en', 'sv'] as const) {
      for (const mapped of project!.mappings.get(lang)!) {
        if (mapped.policy.version !== 'draft') continue;
        const model = composeDocument(project!, { policyId: mapped.policy.id, lang, version: draftVersion([]) });
        expect(mapped.policy).toEqual({ id: model.policy.id, title: model.policy.title, version: 'draft' });
        expect(mapped.sections).toEqual(model.sections.map(({ number, title, controls }) => ({ number, title, controls })));
      }
    }
  });

  it('leaves a section out of the resolved document when its condition does not hold', async () => {
    const inScope = await composeFixture({});
    const outOfScope = await composeFixture(organisationFile((yaml) => replaceOnce(yaml, 'inScope: true', 'inScope: false')));
    const ids = (fixture: typeof inScope) => fixture.project!.included.get('incident-management')!.get('en')!.map((s) => s.module.id);
    expect(ids(inScope)).toContain('nis2-reporting');
    expect(ids(outOfScope)).not.toContain('nis2-reporting');
  });
});
