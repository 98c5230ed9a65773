import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { Organisation, Person } from '../schema/organisation.js';

/** The variables a module body sees: `org.*` and `policy.*`. */
export interface TemplateContext {
  readonly org: Record<string, unknown>;
  readonly policy: Record<string, unknown>;
}

export interface PolicyVariables {
  readonly id: string;
  readonly title: string;
  readonly classification: string;
  readonly reviewIntervalMonths: number;
  readonly version: string;
  readonly owner: Person;
  readonly approver: Person;
}

/**
 * The organisation as templates see it: roles resolve to the people who hold them, so a body writes
 * `{{org.roles.incidentManager.name}}`. Unknown people were reported by validation and are left out.
 */
export function organisationVariables(organisation: Organisation): Record<string, unknown> {
  const people = new Map(organisation.people.map((person) => [person.id, person]));
  const roles: Record<string, Person> = {};
  for (const [role, personId] of Object.entries(organisation.roles)) {
    const person = people.get(personId);
    if (person) roles[role] = person;
  }
  return { ...organisation, roles };
}

export function templateContext(organisation: Organisation, policy: PolicyVariables): TemplateContext {
  return { org: organisationVariables(organisation), policy: { ...policy } };
}

/** Marks a value in filled text; private-use characters that organisation values may not contain. */
const TOKEN_OPEN = '\uE000';
const TOKEN_CLOSE = '\uE001';
const TOKEN_PATTERN = /\uE000(\d+)\uE001/g;

/**
 * Replaces every printable value by an opaque token before the template runs, so that the Markdown
 * parser never sees a value: after parsing, tokens in text nodes are swapped back for the literal value.
 * This is what makes values data. A value like `# <b>x</b> | [a](b)` cannot become a heading, HTML, a
 * table cell or a link. Empty strings, zero and booleans stay as they are so that `{{#if}}` still works.
 */
export function tokenizeValues(context: TemplateContext): { context: TemplateContext; values: readonly string[] } {
  const values: string[] = [];
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string' && value !== '') return token(values, value);
    if (typeof value === 'number' && value !== 0) return token(values, String(value));
    if (Array.isArray(value)) return value.map(visit);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, visit(inner)]));
    }
    return value;
  };
  return {
    context: { org: visit(context.org) as Record<string, unknown>, policy: visit(context.policy) as Record<string, unknown> },
    values,
  };
}

function token(values: string[], value: string): string {
  values.push(value);
  return `${TOKEN_OPEN}${values.length - 1}${TOKEN_CLOSE}`;
}

/** Swaps tokens in a piece of parsed text for the literal values they stand for. */
function detokenize(text: string, values: readonly string[]): string {
  return text.replace(TOKEN_PATTERN, (_, index: string) => values[Number(index)] ?? '');
}

/**
 * Restores the literal values in a parsed body. Runs on the syntax tree, after Markdown parsing, on
 * every field that holds text (text, code, HTML, link targets and titles, image alt text).
 */
export function restoreValues(tree: Root, values: readonly string[]): void {
  visit(tree, (node) => {
    const fields = node as unknown as Record<string, unknown>;
    for (const key of ['value', 'url', 'title', 'alt'] as const) {
      const field = fields[key];
      if (typeof field === 'string' && field.includes(TOKEN_OPEN)) fields[key] = detokenize(field, values);
    }
  });
}
