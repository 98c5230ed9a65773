import { z } from 'zod';
import { checkTemplate, type PositionedUnsetUse, type Shape } from '../../template/template.js';
import { libraryVariables, templateContext, type PolicyVariables } from '../../template/variables.js';
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { OrganisationSchema, type Organisation, type Person } from '../../schema/organisation.js';
import type { RuleContext } from '../project.js';

/**
 * Every module body, in every language, uses only variables the organisation and the policy define.
 * Checked statically against this organisation's values, so all problems are reported at once, with
 * the position of each expression in its file. Outside template mode, every use of a value the
 * organisation left empty is an error at that use.
 */
export function checkTemplates(context: RuleContext): Diagnostic[] {
  const policy = samplePolicy(context);
  // One sample document of each list, so that the fields a module prints from an entry are checked;
  // `library.documents` has the project's real ids, so that a misspelt document id is an error.
  const sample = libraryVariables([{ id: 'other', title: 'Policy', tier: 'policy' }, { id: 'procedure', title: 'Procedure', tier: 'procedure' }], policy.id, 'en');
  const real = libraryVariables([...context.policies.values()].map((entry) => ({ id: entry.manifest.id, title: entry.manifest.title.en ?? entry.manifest.id, tier: entry.manifest.tier })), policy.id, 'en');
  const library = { ...sample, documents: real.documents };
  const variables = templateContext(withEveryRoleFilled(context), policy, undefined, library);
  // The responsibilities are resolved (defaults, role names) before templates see them: their shape is
  // that of the resolved value, not of the organisation file's block.
  const written = organisationShape();
  const org: Shape = written.kind === 'object'
    ? { kind: 'object', fields: { ...written.fields, responsibilities: shapeOfValue(variables.org.responsibilities) } }
    : written;
  const person = org.kind === 'object' && org.fields.roles?.kind === 'record' ? org.fields.roles.item : shapeOfValue(policy.owner);
  const shape: Shape = { kind: 'object', fields: { org, policy: { kind: 'object', fields: { ...fieldsOf(shapeOfValue(policy)), owner: person, approver: person } }, library: shapeOfValue(library) } };
  const diagnostics: Diagnostic[] = [];
  for (const module of context.modules.values()) {
    for (const variant of module.variants.values()) {
      const check = checkTemplate(variant.template, variables, shape, { template: context.template });
      diagnostics.push(...check.diagnostics);
      if (!context.template) diagnostics.push(...check.unset.map((use) => unsetDiagnostic(use, variables, context.organisationFile)));
    }
  }
  return diagnostics;
}

function unsetDiagnostic(use: PositionedUnsetUse, variables: unknown, organisationFile: string): Diagnostic {
  // Name the field that is empty, which may be a group on the way (a role given to nobody).
  let current: unknown = variables;
  const empty: string[] = [];
  for (const part of use.path) {
    empty.push(part);
    current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[part] : undefined;
    if (current === null || current === undefined) break;
  }
  const field = empty.slice(1).join('.');
  const printed = use.path.join('.');
  const what = empty[1] === 'roles' && empty.length === 3 ? `the role \`${field}\` is given to nobody` : `\`${field}\` is empty`;
  return diagnostic('template/unset-variable', use.file, use.at, `This module uses "${printed}", but ${what} in ${organisationFile}.`, {
    fieldPath: field,
    hint: 'Fill it in, or build with --template to print a marked placeholder for the client to complete.',
  });
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
  const roles = Object.fromEntries(Object.entries(organisation.roles).map(([role, id]) => [role, id === null || known.has(id) ? id : stand.id]));
  return { ...organisation, roles };
}

/** Policy variables have the same fields for every policy; the values do not matter to the check. */
function samplePolicy(context: RuleContext): PolicyVariables {
  const person: Person = { id: 'person', name: 'Name', title: 'Title' };
  return {
    id: 'policy',
    title: 'Policy',
    classification: 'internal',
    reviewIntervalMonths: context.organisation.review.intervalMonths,
    version: 'draft',
    owner: person,
    approver: person,
    tier: 'policy',
    implements: { id: 'policy', title: 'Policy' },
    governedBy: { id: 'policy', title: 'Policy' },
    implementedBy: [],
  };
}

/**
 * What `org.*` may hold for any organisation, from the organisation schema: the branches this
 * organisation does not take are checked against it. Roles resolve to people, as templates see them.
 */
function organisationShape(): Shape {
  cachedOrganisationShape ??= (() => {
    const shape = shapeOfJsonSchema(z.toJSONSchema(OrganisationSchema, { io: 'input', unrepresentable: 'any' }));
    if (shape.kind !== 'object') return shape;
    const people = shape.fields.people;
    const person = people?.kind === 'list' ? people.item : ({ kind: 'any' } as const);
    return { kind: 'object', fields: { ...shape.fields, roles: { kind: 'record', item: person } } };
  })();
  return cachedOrganisationShape;
}
let cachedOrganisationShape: Shape | undefined;

function shapeOfJsonSchema(schema: unknown): Shape {
  if (schema === null || typeof schema !== 'object') return { kind: 'any' };
  const node = schema as Record<string, unknown>;
  const union = (node.anyOf ?? node.oneOf) as unknown[] | undefined;
  if (Array.isArray(union)) {
    // A nullable field, or prose in one text or per language: the first form is the one templates see.
    const first = union.find((option) => (option as Record<string, unknown> | null)?.type !== 'null');
    return first === undefined ? { kind: 'value' } : shapeOfJsonSchema(first);
  }
  if (node.type === 'array') return { kind: 'list', item: shapeOfJsonSchema(node.items) };
  if (node.type === 'object') {
    const properties = node.properties as Record<string, unknown> | undefined;
    if (properties) return { kind: 'object', fields: Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, shapeOfJsonSchema(value)])) };
    if (node.additionalProperties && typeof node.additionalProperties === 'object') return { kind: 'record', item: shapeOfJsonSchema(node.additionalProperties) };
    return { kind: 'any' };
  }
  return node.type === undefined ? { kind: 'any' } : { kind: 'value' };
}

function fieldsOf(shape: Shape): Readonly<Record<string, Shape>> {
  return shape.kind === 'object' ? shape.fields : {};
}

function shapeOfValue(value: unknown): Shape {
  if (Array.isArray(value)) return { kind: 'list', item: value.length > 0 ? shapeOfValue(value[0]) : { kind: 'any' } };
  if (value !== null && typeof value === 'object') return { kind: 'object', fields: Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shapeOfValue(inner)])) };
  return { kind: 'value' };
}
