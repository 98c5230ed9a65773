import { describe, expect, it } from 'vitest';
import { BASE_ORGANISATION, composeFixture, composeModel, organisationFile, replaceOnce, sectionModule } from '../../support/compose-fixture.js';

/** The base policy: purpose, roles, notification (when: frameworks gdpr), nis2-reporting (when: nis2.inScope true). */
const titles = (model: { sections: readonly { number: string; title: string }[] }): string[] => model.sections.map((s) => `${s.number} ${s.title}`);

describe('composeDocument: when: conditions', () => {
  it('includes every module whose conditions hold', async () => {
    const model = await composeModel({});
    expect(titles(model)).toEqual(['1 Purpose and scope', '2 Roles and responsibilities', '3 Personal data breaches', '4 Significant incidents under NIS2']);
  });

  it('leaves out a module whose scalar condition does not hold, and numbers the rest without a gap', async () => {
    const model = await composeModel(organisationFile((yaml) => replaceOnce(yaml, 'inScope: true', 'inScope: false')));
    expect(titles(model)).toEqual(['1 Purpose and scope', '2 Roles and responsibilities', '3 Personal data breaches']);
    // Its controls leave the appendix with it.
    expect(model.appendix.map((f) => f.framework)).toEqual(['iso27001', 'gdpr']);
  });

  it('matches a list variable by membership: a framework left out of `frameworks` drops its module', async () => {
    const model = await composeModel(organisationFile((yaml) => replaceOnce(yaml, 'frameworks: [iso27001, gdpr, nis2]', 'frameworks: [iso27001, nis2]')));
    expect(titles(model)).toEqual(['1 Purpose and scope', '2 Roles and responsibilities', '3 Significant incidents under NIS2']);
    expect(model.appendix.map((f) => f.framework)).toEqual(['iso27001', 'nis2']);
  });

  it('needs every entry of a condition to hold', async () => {
    const files = {
      ...sectionModule({ id: 'nis2-reporting', title: 'Significant incidents under NIS2', kind: 'notification', body: 'Both.\n', frontMatter: 'when:\n  nis2.inScope: true\n  country: SE' }),
    };
    const inGb = await composeModel(files, { remove: ['policy-modules/sections/nis2-reporting.sv.md'] });
    expect(titles(inGb)).not.toContain('4 Significant incidents under NIS2');
    const inSe = await composeModel({ ...files, ...organisationFile((yaml) => replaceOnce(yaml, 'country: GB', 'country: SE')) }, { remove: ['policy-modules/sections/nis2-reporting.sv.md'] });
    expect(titles(inSe)).toContain('4 Significant incidents under NIS2');
  });

  it('reports a policy whose every section is excluded, at its `sections` in the manifest, and composes nothing', async () => {
    const result = await composeFixture({
      ...sectionModule({ id: 'only', title: 'Only', body: 'x\n', frontMatter: 'when:\n  country: SE' }),
      'policy-modules/policies/p.yaml': 'id: p\ntitle:\n  en: P\n  sv: P\nowner: ciso\napprover: ceo\nclassification: internal\nsections:\n  - only\n',
    }, { policy: 'p' });
    expect(result.model).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([['policy/empty', 'policy-modules/policies/p.yaml', 9, 3]]);
  });
});

describe('composeDocument: tailoring in the organisation file', () => {
  const extra = sectionModule({ id: 'on-call', title: 'On-call rota', kind: 'roles', body: '{{org.shortName}} keeps an on-call rota.\n', frontMatter: 'controls:\n  iso27001: ["6.8"]' });
  const tailored = (policies: string) => ({ ...extra, ...organisationFile((yaml) => `${yaml}policies:\n  incident-management:\n${policies}`) });

  it('leaves out excluded sections and inserts a section after another', async () => {
    const model = await composeModel(tailored('    exclude: [roles]\n    insert:\n      - { section: on-call, after: purpose }\n'));
    expect(titles(model)).toEqual(['1 Purpose and scope', '2 On-call rota', '3 Personal data breaches', '4 Significant incidents under NIS2']);
    // The appendix follows: the excluded section's 5.2 is gone, the inserted section's 6.8 is there.
    const iso = model.appendix.find((f) => f.framework === 'iso27001');
    expect(iso?.controls.map((c) => `${c.id}: ${c.sections.map((s) => s.number).join(', ')}`)).toEqual(['5.1: 1', '5.24: 1', '5.26: 3', '6.8: 2']);
  });

  it('inserts before a section, and at the end when no anchor is given, in the order written', async () => {
    const model = await composeModel({
      ...tailored('    insert:\n      - { section: on-call, before: roles }\n      - { section: closing }\n'),
      ...sectionModule({ id: 'closing', title: 'Closing', body: 'Last.\n' }),
    });
    expect(titles(model)).toEqual([
      '1 Purpose and scope',
      '2 On-call rota',
      '3 Roles and responsibilities',
      '4 Personal data breaches',
      '5 Significant incidents under NIS2',
      '6 Closing',
    ]);
  });

  it('applies conditions after tailoring: an inserted module whose `when:` fails is left out too', async () => {
    const model = await composeModel({
      ...tailored('    insert:\n      - { section: swedish-only, after: purpose }\n'),
      ...sectionModule({ id: 'swedish-only', title: 'Only in Sweden', body: 'x\n', frontMatter: 'when:\n  country: SE' }),
    });
    expect(titles(model)).toEqual(['1 Purpose and scope', '2 Roles and responsibilities', '3 Personal data breaches', '4 Significant incidents under NIS2']);
  });

  it('refuses tailoring that names a section the policy does not have, at the name in the organisation file', async () => {
    const result = await composeFixture(tailored('    exclude: [role]\n'));
    expect(result.model).toBeUndefined();
    const stale = result.diagnostics.filter((d) => d.code === 'policy/stale-tailoring');
    // The base file's lines, then `policies:`, `  incident-management:`, `    exclude: [role]`.
    const line = BASE_ORGANISATION.split('\n').length - 1 + 3;
    expect(stale.map((d) => [d.file, d.line, d.column, d.hint])).toEqual([['organisation.yaml', line, 15, 'Did you mean "roles"?']]);
  });
});

