import type { PhrasingContent, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { Organisation, Person } from '../schema/organisation.js';
import { Placeholder } from './placeholders.js';

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
  /** The owner's and approver's fields; in a template, an unset one is a placeholder. */
  readonly owner: Readonly<Record<string, unknown>>;
  readonly approver: Readonly<Record<string, unknown>>;
}

/**
 * The organisation as templates see it: roles resolve to the people who hold them, so a body writes
 * `{{org.roles.incidentManager.name}}`. Unknown people were reported by validation and are left out.
 */
export function organisationVariables(organisation: Organisation): Record<string, unknown> {
  const people = new Map(organisation.people.map((person) => [person.id, person]));
  const roles: Record<string, Person | null> = {};
  for (const [role, personId] of Object.entries(organisation.roles)) {
    // A role left empty is unset: a placeholder in a template, an error where a module uses it.
    if (personId === null) roles[role] = null;
    const person = personId === null ? undefined : people.get(personId);
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
/** Marks a placeholder (template mode) in filled text. */
const PLACEHOLDER_OPEN = '\uE002';
const PLACEHOLDER_CLOSE = '\uE003';
const PLACEHOLDER_PATTERN = /\uE002(\d+)\uE003/g;

/** The values taken out of a template context, by token number. */
export interface TokenTable {
  readonly values: readonly string[];
  /** Labels of placeholders (template mode), by placeholder token number. */
  readonly placeholders: readonly string[];
}

/**
 * Replaces every printable value by an opaque token before the template runs, so that the Markdown
 * parser never sees a value: after parsing, tokens in text nodes are swapped back for the literal value.
 * This is what makes values data. A value like `# <b>x</b> | [a](b)` cannot become a heading, HTML, a
 * table cell or a link. Empty strings, zero and booleans stay as they are so that `{{#if}}` still works.
 * A placeholder gets a token of its own kind, so that it comes back as a placeholder, not as text.
 */
export function tokenizeValues(context: TemplateContext): { context: TemplateContext } & TokenTable {
  const values: string[] = [];
  const placeholders: string[] = [];
  const visit = (value: unknown): unknown => {
    if (value instanceof Placeholder) {
      placeholders.push(value.label);
      return `${PLACEHOLDER_OPEN}${placeholders.length - 1}${PLACEHOLDER_CLOSE}`;
    }
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
    placeholders,
  };
}

function token(values: string[], value: string): string {
  values.push(value);
  return `${TOKEN_OPEN}${values.length - 1}${TOKEN_CLOSE}`;
}

/** Swaps tokens in a piece of parsed text for the literal values they stand for; placeholders as "[label]". */
function detokenize(text: string, tokens: TokenTable): string {
  return text
    .replace(TOKEN_PATTERN, (_, index: string) => tokens.values[Number(index)] ?? '')
    .replace(PLACEHOLDER_PATTERN, (_, index: string) => `[${tokens.placeholders[Number(index)] ?? ''}]`);
}

/**
 * Restores the literal values in a parsed body. Runs on the syntax tree, after Markdown parsing, on
 * every field that holds text (text, code, HTML, link targets and titles, image alt text). In running
 * text a placeholder becomes a `placeholder` node of its own, which every format marks for completion.
 */
export function restoreValues(tree: Root, tokens: TokenTable): void {
  visit(tree, (node, index, parent) => {
    if (node.type === 'text' && parent && index !== undefined && node.value.includes(PLACEHOLDER_OPEN)) {
      const parts: PhrasingContent[] = [];
      let last = 0;
      for (const match of node.value.matchAll(PLACEHOLDER_PATTERN)) {
        if (match.index > last) parts.push({ type: 'text', value: detokenize(node.value.slice(last, match.index), tokens) });
        parts.push({ type: 'placeholder', label: tokens.placeholders[Number(match[1])] ?? '' });
        last = match.index + match[0].length;
      }
      if (last < node.value.length) parts.push({ type: 'text', value: detokenize(node.value.slice(last), tokens) });
      (parent.children as PhrasingContent[]).splice(index, 1, ...parts);
      return index + parts.length;
    }
    const fields = node as unknown as Record<string, unknown>;
    for (const key of ['value', 'url', 'title', 'alt'] as const) {
      const field = fields[key];
      if (typeof field === 'string' && (field.includes(TOKEN_OPEN) || field.includes(PLACEHOLDER_OPEN))) fields[key] = detokenize(field, tokens);
    }
    return undefined;
  });
}

/** A placeholder in a parsed module body (template mode): what the client is to fill in. */
export interface PlaceholderNode {
  readonly type: 'placeholder';
  readonly label: string;
}

declare module 'mdast' {
  interface PhrasingContentMap {
    placeholder: PlaceholderNode;
  }
}
