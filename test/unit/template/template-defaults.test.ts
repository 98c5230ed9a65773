import { describe, expect, it } from 'vitest';
import { markDefaults, Placeholder } from '../../../src/template/placeholders.js';
import { parseTemplate, checkTemplate } from '../../../src/template/template.js';

describe('defaults a client adapts', () => {
  it('marks every printable value the file did not write, whatever the field, with its field path and value', () => {
    const written = { incident: { majorIncidentPriority: 'P2' }, roles: { ciso: 'anna' }, training: { cadence: { en: 'quarterly', sv: 'varje kvartal' } } };
    const variables = {
      org: {
        incident: { majorIncidentPriority: 'P2', postIncidentReviewBusinessDays: 10 },
        exceptions: { maxMonths: 12 },
        roles: { ciso: { name: 'Anna', title: 'CISO' } },
        training: { cadence: 'quarterly' },
        branding: { primaryColor: '#1F4E79', logo: null },
      },
      policy: {},
    };
    const marked = markDefaults(variables, written, 'en');
    const incident = marked.org.incident as Record<string, unknown>;
    expect(incident.majorIncidentPriority).toBe('P2');
    expect(incident.postIncidentReviewBusinessDays).toEqual(new Placeholder('Incident: post incident review business days', 'incident.postIncidentReviewBusinessDays', '10'));
    expect((marked.org.exceptions as Record<string, unknown>).maxMonths).toEqual(new Placeholder('Exceptions: max months', 'exceptions.maxMonths', '12'));
    expect((marked.org.branding as Record<string, unknown>).primaryColor).toMatchObject({ path: 'branding.primaryColor', value: '#1F4E79' });
    // Prose given per language, people and values the file writes are never defaults.
    expect((marked.org.training as Record<string, unknown>).cadence).toBe('quarterly');
    expect(marked.org.roles).toEqual(variables.org.roles);
    expect((marked.org.branding as Record<string, unknown>).logo).toBeNull();
  });
});

describe('conditions in template mode', () => {
  const template = parseTemplate('m.md', '{{#if org.roles.dpo}}DPO: {{org.roles.dpo.name}}{{/if}}{{#unless org.roles.cto}}no CTO{{else}}CTO {{org.roles.cto.title}}{{/unless}}', 1).value!;
  const context = { org: { roles: { dpo: null, cto: null } }, policy: {} };

  it('a normal check takes the branch for an empty value and reports nothing inside', () => {
    expect(checkTemplate(template, context).unset).toEqual([]);
  });

  it('a template takes the branch that shows the value, and reports the tested and printed values as unset', () => {
    const unset = checkTemplate(template, context, undefined, { template: true }).unset.map((use) => [use.path.join('.'), use.use]);
    expect(unset).toEqual([
      ['org.roles.dpo', 'test'],
      ['org.roles.dpo.name', 'print'],
      ['org.roles.cto', 'test'],
      ['org.roles.cto.title', 'print'],
    ]);
  });
});
