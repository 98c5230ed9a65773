import { describe, expect, it } from 'vitest';
import { composeModel, policyManifest, sectionModule } from '../../support/compose-fixture.js';

const files = {
  ...sectionModule({ id: 'rules', title: 'Rules', body: 'See {{policy.governedBy.title}}.\n' }),
  ...sectionModule({ id: 'steps', title: 'Steps', body: 'This carries out {{policy.implements.title}}.\n' }),
  ...policyManifest('top', ['rules']),
  ...policyManifest('p', ['rules'], 'governedBy: top'),
  ...policyManifest('how', ['steps'], 'tier: procedure\nimplements: p\ngovernedBy: top'),
};

describe('composeDocument: tiers', () => {
  it('a procedure names the policy it implements with its version, and the policy lists its procedures by title only', async () => {
    const procedure = await composeModel(files, { policy: 'how' });
    expect(procedure.policy.tier).toBe('procedure');
    expect(procedure.policy.implements).toEqual({ id: 'p', title: 'Test policy p', version: 'draft' });
    const policy = await composeModel(files, { policy: 'p' });
    expect(policy.policy.tier).toBe('policy');
    // A new version of a procedure must not change the approved policy.
    expect(policy.policy.implementedBy).toEqual([{ id: 'how', title: 'Test policy how' }]);
    expect(policy.policy.implements).toBeUndefined();
  });

  it('gives modules the titles of the implemented and the governing policy; the top policy governs itself', async () => {
    const text = (model: Awaited<ReturnType<typeof composeModel>>) => JSON.stringify(model.sections[0]?.blocks);
    expect(text(await composeModel(files, { policy: 'how' }))).toContain('This carries out Test policy p.');
    expect(text(await composeModel(files, { policy: 'p' }))).toContain('See Test policy top.');
    expect(text(await composeModel(files, { policy: 'top' }))).toContain('See Test policy top.');
  });
});
