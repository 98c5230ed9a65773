import { checkTemplate } from '../../compose/template.js';
import { templateContext, type PolicyVariables } from '../../compose/variables.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Organisation, Person } from '../../schema/organisation.js';
import type { RuleContext } from '../project.js';

/**
 * Every module body, in every language, uses only variables the organisation and the policy define.
 * Checked statically against this organisation's values, so all problems are reported at once, with
 * the position of each expression in its file.
 */
export function checkTemplates(context: RuleContext): Diagnostic[] {
  const variables = templateContext(withEveryRoleFilled(context), samplePolicy(context));
  const diagnostics: Diagnostic[] = [];
  for (const module of context.modules.values()) {
    for (const variant of module.variants.values()) diagnostics.push(...checkTemplate(variant.template, variables));
  }
  return diagnostics;
}

/**
 * A role given to an unknown person is reported once, by the people-and-roles rule; for the template
 * check it stands in as a person, so that every use of the role is not reported again.
 */
function withEveryRoleFilled(context: RuleContext): Organisation {
  const { organisation } = context;
  const known = new Set(organisation.people.map((p) => p.id));
  const stand = organisation.people[0];
  if (!stand) return organisation;
  const roles = Object.fromEntries(Object.entries(organisation.roles).map(([role, id]) => [role, known.has(id) ? id : stand.id]));
  return { ...organisation, roles };
}

/** Policy variables have the same fields for every policy; the values do not matter to the check. */
function samplePolicy(context: RuleContext): PolicyVariables {
  const person: Person = context.organisation.people[0] ?? { id: 'person', name: 'Name', title: 'Title' };
  return {
    id: 'policy',
    title: 'Policy',
    classification: 'internal',
    reviewIntervalMonths: context.organisation.review.intervalMonths,
    version: 'draft',
    owner: person,
    approver: person,
  };
}
