import { describe, expect, it } from 'vitest';
import { composeFixture, composeModel, organisationFile, replaceOnce } from '../../support/compose-fixture.js';
import { blockText, inlinesOfType, sectionNumbered } from '../../support/model-query.js';

/** The base organisation with the ticketing tool, the incident manager and the legal name left empty. */
const unsetOrganisation = organisationFile((yaml) =>
  replaceOnce(replaceOnce(replaceOnce(yaml, 'ticketing: ServiceNow', 'ticketing: ~'), 'incidentManager: ada', 'incidentManager: ~'), 'legalName: Acme Widgets Ltd', 'legalName: ~'),
);

describe('composeDocument: template mode', () => {
  it('plants a placeholder where a module prints an unset value, inside the Markdown around it', async () => {
    const model = await composeModel(unsetOrganisation, { template: true });
    expect(blockText(sectionNumbered(model, '1').blocks).slice(0, 2)).toEqual([
      'This policy sets out how [Legal name of the organisation] detects, reports and responds to information security\nincidents. It applies to everyone who works for Acme, including contractors and suppliers.',
      'Incidents are logged in [Name of the ticketing system]. Report a suspected incident through:',
    ]);
    // `**{{org.tools.ticketing}}**`: the placeholder is inside the strong emphasis, not beside it.
    const second = sectionNumbered(model, '1').blocks[1];
    expect(second).toMatchObject({ type: 'paragraph', children: [{ type: 'text' }, { type: 'strong', children: [{ type: 'placeholder', label: 'Name of the ticketing system' }] }, { type: 'text' }] });
    // In a table cell, each unset field of a role given to nobody is its own placeholder.
    expect(blockText(sectionNumbered(model, '2').blocks)).toContain('Incident manager | [Name of the incident manager], [Job title of the incident manager] | Owns each incident until it is closed.');
    expect(inlinesOfType(model, 'placeholder').map((p) => p.label)).toEqual([
      'Legal name of the organisation',
      'Name of the ticketing system',
      'Name of the incident manager',
      'Job title of the incident manager',
    ]);
  });

  it('makes an unset value the document itself shows a typed placeholder', async () => {
    const model = await composeModel(unsetOrganisation, { template: true });
    expect(model.organisation.legalName).toEqual({ type: 'placeholder', label: 'Legal name of the organisation', path: 'legalName' });
    expect(model.organisation.shortName).toBe('Acme');
  });

  it('lists each placeholder once in the to-complete list, with every place it appears, fixed parts first', async () => {
    const model = await composeModel(unsetOrganisation, { template: true });
    expect(model.toComplete).toEqual([
      { label: 'Legal name of the organisation', path: 'legalName', where: [model.labels.titleAndHeader, '1 Purpose and scope'] },
      { label: 'Name of the ticketing system', path: 'tools.ticketing', where: ['1 Purpose and scope'] },
      { label: 'Name of the incident manager', path: 'roles.incidentManager.name', where: ['2 Roles and responsibilities'] },
      { label: 'Job title of the incident manager', path: 'roles.incidentManager.title', where: ['2 Roles and responsibilities'] },
    ]);
  });

  it('names an unset owner in the document control place, and in the sections that print it', async () => {
    const model = await composeModel(
      { ...organisationFile((yaml) => replaceOnce(yaml, 'ciso: ada', 'ciso: ~')) },
      { template: true },
    );
    expect(model.policy.owner).toEqual({
      name: { type: 'placeholder', label: 'Name of the information security manager', path: 'roles.ciso.name' },
      title: { type: 'placeholder', label: 'Job title of the information security manager', path: 'roles.ciso.title' },
      role: 'ciso',
    });
    expect(model.toComplete).toEqual([
      { label: 'Name of the information security manager', path: 'roles.ciso.name', where: [model.labels.documentControl, '2 Roles and responsibilities'] },
      { label: 'Job title of the information security manager', path: 'roles.ciso.title', where: [model.labels.documentControl] },
    ]);
    // The draft row of the history is written by the owner, so it carries the placeholder too.
    expect(model.history.at(-1)?.author).toEqual({ type: 'placeholder', label: 'Name of the information security manager', path: 'roles.ciso.name' });
  });

  it('speaks the document language in its placeholders', async () => {
    const model = await composeModel(unsetOrganisation, { template: true, lang: 'sv' });
    expect(model.organisation.legalName).toMatchObject({ type: 'placeholder' });
    expect(model.organisation.legalName).not.toEqual({ type: 'placeholder', label: 'Legal name of the organisation' });
    expect(model.toComplete?.[0]?.where[0]).toBe(model.labels.titleAndHeader);
  });

  it('has no to-complete list when nothing is unset', async () => {
    const model = await composeModel({}, { template: true });
    expect(model).not.toHaveProperty('toComplete');
    expect(inlinesOfType(model, 'placeholder')).toEqual([]);
  });

  it('outside template mode, refuses every use of an unset value at its expression in the module', async () => {
    const result = await composeFixture(unsetOrganisation);
    expect(result.model).toBeUndefined();
    const english = result.diagnostics.filter((d) => d.code === 'template/unset-variable' && !d.file.endsWith('.sv.md'));
    expect(english.map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual([
      // `{{org.legalName}}` on the first body line, `{{org.tools.ticketing}}` inside `**…**`.
      'policy-modules/sections/purpose.md:9:28',
      'policy-modules/sections/purpose.md:12:29',
      'policy-modules/sections/roles.md:12:24',
      'policy-modules/sections/roles.md:12:60',
    ]);
    expect(result.diagnostics.find((d) => d.code === 'organisation/unset-value')).toMatchObject({ file: 'organisation.yaml', line: 2, column: 12, fieldPath: 'legalName' });
  });
});
