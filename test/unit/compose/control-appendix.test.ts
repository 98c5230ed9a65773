import { describe, expect, it } from 'vitest';
import type { DocumentModel } from '../../../src/model/document.js';
import { composeModel, organisationFile, policyManifest, replaceOnce, sectionModule } from '../../support/compose-fixture.js';

/** The appendix as lines: `<framework> <control>: <section numbers>`. */
function appendixLines(model: DocumentModel): string[] {
  return model.appendix.flatMap((f) => f.controls.map((c) => `${f.framework} ${c.id}: ${c.sections.map((s) => s.number).join(', ')}`));
}

/** Two modules mapping controls in an order unlike the catalog's, with an alias and a repeat. */
const files = {
  ...sectionModule({ id: 'first', title: 'First', body: 'One.\n', frontMatter: 'controls:\n  nis2: ["Art. 23(4)(b)"]\n  iso27001: ["6.8", "5.26", "A.5.1", "5.1"]' }),
  ...sectionModule({ id: 'second', title: 'Second', body: 'Two.\n', frontMatter: 'controls:\n  iso27001: ["5.2", "5.1"]\n  gdpr: ["Art. 34", "Art. 33(1)"]' }),
  ...policyManifest('p', ['first', 'second']),
};

describe('composeDocument: control mappings', () => {
  it('lists a section\'s controls by framework (organisation order), then in catalog order, each once', async () => {
    const model = await composeModel(files, { policy: 'p' });
    expect(model.sections[0]?.controls.map((c) => `${c.framework} ${c.id}`)).toEqual(['iso27001 5.1', 'iso27001 5.26', 'iso27001 6.8', 'nis2 Art. 23(4)(b)']);
    // A paragraph reference keeps its own id and takes the title of the article the catalog lists.
    expect(model.sections[1]?.controls).toEqual([
      { framework: 'iso27001', id: '5.1', title: 'Policies for information security' },
      { framework: 'iso27001', id: '5.2', title: 'Information security roles and responsibilities' },
      { framework: 'gdpr', id: 'Art. 33(1)', title: 'Notification of a personal data breach to the supervisory authority' },
      { framework: 'gdpr', id: 'Art. 34', title: 'Communication of a personal data breach to the data subject' },
    ]);
  });

  it('builds the appendix in catalog order, each control with every section covering it in document order', async () => {
    // `Art. 33(1)` covers the article `Art. 33`, the control the catalog lists.
    const model = await composeModel(files, { policy: 'p' });
    expect(model.appendix.map((f) => [f.framework, f.name])).toEqual([['iso27001', 'ISO/IEC 27001:2022'], ['gdpr', 'GDPR'], ['nis2', 'NIS2']]);
    expect(appendixLines(model)).toEqual([
      'iso27001 5.1: 1, 2',
      'iso27001 5.2: 2',
      'iso27001 5.26: 1',
      'iso27001 6.8: 1',
      'gdpr Art. 33: 2',
      'gdpr Art. 34: 2',
      'nis2 Art. 23(4)(b): 1',
    ]);
    expect(model.appendix[0]?.controls[0]).toEqual({ id: '5.1', title: 'Policies for information security', sections: [{ number: '1', title: 'First' }, { number: '2', title: 'Second' }] });
  });

  it('orders the frameworks as the organisation lists them, and leaves out frameworks it does not apply', async () => {
    const model = await composeModel({ ...files, ...organisationFile((yaml) => replaceOnce(yaml, 'frameworks: [iso27001, gdpr, nis2]', 'frameworks: [nis2, iso27001]')) }, { policy: 'p' });
    expect(model.appendix.map((f) => f.framework)).toEqual(['nis2', 'iso27001']);
    expect(model.sections[1]?.controls.map((c) => c.framework)).toEqual(['iso27001', 'iso27001']);
  });

  it('has no appendix when no section maps a control', async () => {
    const model = await composeModel({ ...sectionModule({ id: 'plain', title: 'Plain', body: 'x\n' }), ...policyManifest('p', ['plain']) }, { policy: 'p' });
    expect(model.sections[0]?.controls).toEqual([]);
    expect(model.appendix).toEqual([]);
  });

  it('numbers the appendix rows with the final section numbers, after conditions removed a section', async () => {
    const model = await composeModel(organisationFile((yaml) => replaceOnce(yaml, 'frameworks: [iso27001, gdpr, nis2]', 'frameworks: [iso27001, nis2]')));
    expect(appendixLines(model)).toEqual([
      'iso27001 5.1: 1',
      'iso27001 5.2: 2',
      'iso27001 5.24: 1',
      'nis2 Art. 23(1): 3',
      'nis2 Art. 23(4)(a): 3',
      'nis2 Art. 23(4)(b): 3',
    ]);
  });
});

describe('composeDocument: mapping strength', () => {
  const strength = {
    ...sectionModule({ id: 'rules', title: 'Rules', body: 'Rules.\n', frontMatter: 'controls:\n  iso27001: ["5.26"]\nsupports:\n  iso27001: ["5.1", "5.26"]' }),
    ...sectionModule({ id: 'context', title: 'Context', body: 'Context.\n', frontMatter: 'supports:\n  iso27001: ["5.1", "5.2"]' }),
    ...policyManifest('p', ['rules', 'context']),
  };

  it('marks what a section only supports, and a control both implemented and supported counts as implemented', async () => {
    const model = await composeModel(strength, { policy: 'p' });
    expect(model.sections[0]?.controls.map((c) => `${c.id}${c.strength ? ` ${c.strength}` : ''}`)).toEqual(['5.1 supports', '5.26']);
    expect(model.sections[1]?.controls.every((c) => c.strength === 'supports')).toBe(true);
  });

  it('lists supporting sections apart in the appendix, never as implementing', async () => {
    const model = await composeModel(strength, { policy: 'p' });
    const iso = model.appendix.find((f) => f.framework === 'iso27001');
    expect(iso?.controls.map((c) => [c.id, c.sections.map((s) => s.number), (c.supportedBy ?? []).map((s) => s.number)])).toEqual([
      ['5.1', [], ['1', '2']],
      ['5.2', [], ['2']],
      ['5.26', ['1'], []],
    ]);
  });
});
