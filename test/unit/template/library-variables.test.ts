import { describe, expect, it } from 'vitest';
import { libraryVariables } from '../../../src/template/variables.js';

describe('libraryVariables', () => {
  const documents = [
    { id: 'information-security', title: 'Information Security Policy', tier: 'policy' },
    { id: 'risk', title: 'Risk Management Policy', tier: 'policy' },
    { id: 'access', title: 'Access Control Policy', tier: 'policy' },
    { id: 'access-standard', title: 'Access Control Standard', tier: 'standard' },
    { id: 'incident-procedure', title: 'Incident Management Procedure', tier: 'procedure' },
    { id: 'soa', title: 'Statement of Applicability', tier: 'statement' },
  ];

  it('lists the other policies by title, without the document itself, standards, procedures or statements', () => {
    const library = libraryVariables(documents, 'information-security', 'en');
    expect(library.policies.map((d) => d.id)).toEqual(['access', 'risk']);
    expect(library.procedures.map((d) => d.id)).toEqual(['access-standard', 'incident-procedure']);
    expect(library.policyTitles).toBe('Access Control Policy and Risk Management Policy');
  });

  it('follows a policy added to the project, and joins the titles in the document language', () => {
    const library = libraryVariables([...documents, { id: 'crypto', title: 'Cryptography Policy', tier: 'policy' }], 'information-security', 'sv');
    expect(library.policies.map((d) => d.id)).toEqual(['access', 'crypto', 'risk']);
    expect(library.policyTitles).toBe('Access Control Policy, Cryptography Policy och Risk Management Policy');
  });

  it('gives every document, the one composed included, its title by id, for {{library.documents.<id>.title}}', () => {
    const library = libraryVariables(documents, 'information-security', 'en');
    expect(Object.keys(library.documents)).toEqual(['access', 'access-standard', 'incident-procedure', 'information-security', 'risk', 'soa']);
    expect(library.documents['incident-procedure']).toEqual({ id: 'incident-procedure', title: 'Incident Management Procedure' });
    expect(library.documents['information-security']?.title).toBe('Information Security Policy');
  });
});
