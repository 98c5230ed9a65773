import type { Link, PhrasingContent, Root } from 'mdast';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { visit } from 'unist-util-visit';
import type { Language } from '../schema/common.js';
import type { Organisation, Person } from '../schema/organisation.js';
import { capitalised, naturalList, resolveResponsibilities } from '../model/responsibilities.js';
import { Placeholder } from './placeholders.js';

/** The variables a module body sees: `org.*`, `policy.*` and `library.*`. */
export interface TemplateContext {
  readonly org: Record<string, unknown>;
  readonly policy: Record<string, unknown>;
  /** Absent in a context built by hand for one module (tests); compose always sets it. */
  readonly library?: Record<string, unknown>;
}

/** One document of the project as `library.*` lists it. */
export interface LibraryDocument {
  readonly id: string;
  readonly title: string;
  /** `policy`, `standard`, `procedure` or `statement`. */
  readonly tier: string;
}

/**
 * The project's other documents, computed from the manifests, so that a document that lists them (the
 * top policy's policy framework) follows every policy added or removed: `{{#each library.policies}}`,
 * or `{{library.policyTitles}}` as one phrase ("A, B and C").
 */
export interface LibraryVariables {
  /** Every document of tier `policy` except the one being composed, by title. */
  readonly policies: readonly LibraryDocument[];
  /** Every standard and procedure, by title. */
  readonly procedures: readonly LibraryDocument[];
  /** The titles of `policies` as one list in running text. */
  readonly policyTitles: string;
  /**
   * Every document of the project, this one included, by manifest id, so that a module cites another
   * document by the title its manifest gives it in this language: `{{library.documents.acceptable-use.title}}`.
   */
  readonly documents: Readonly<Record<string, { readonly id: string; readonly title: string }>>;
}

/** The library variables of one document: `documents` are all of the project's, `self` is the one composed. */
export function libraryVariables(documents: readonly LibraryDocument[], self: string, lang: Language): LibraryVariables {
  const byTitle = (a: LibraryDocument, b: LibraryDocument): number => a.title.localeCompare(b.title, lang) || (a.id < b.id ? -1 : 1);
  const policies = documents.filter((d) => d.tier === 'policy' && d.id !== self).sort(byTitle);
  const procedures = documents.filter((d) => d.tier === 'procedure' || d.tier === 'standard').sort(byTitle);
  const byId = Object.fromEntries([...documents].sort((a, b) => (a.id < b.id ? -1 : 1)).map((d) => [d.id, { id: d.id, title: d.title }]));
  return { policies, procedures, policyTitles: naturalList(policies.map((d) => d.title), lang), documents: byId };
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
  /** `policy`, `standard`, `procedure` or `statement`. */
  readonly tier: string;
  /**
   * A standard or procedure: the policy it implements (`{{policy.implements.title}}`). A policy
   * implements itself here, so that one shared module can be checked once for every document.
   */
  readonly implements: { readonly id: string; readonly title: string };
  /**
   * The top policy whose governance rules apply (`{{policy.governedBy.title}}`); the document itself
   * when its manifest names none (the top policy governs itself).
   */
  readonly governedBy: { readonly id: string; readonly title: string };
  /** The standards and procedures implementing this policy. */
  readonly implementedBy: readonly { readonly id: string; readonly title: string }[];
}

/**
 * The organisation as templates see it: roles resolve to the people who hold them, so a body writes
 * `{{org.roles.incidentManager.name}}`. Unknown people were reported by validation and are left out.
 */
export function organisationVariables(organisation: Organisation, lang: Language = organisation.languages[0] ?? 'en'): Record<string, unknown> {
  const people = new Map(organisation.people.map((person) => [person.id, person]));
  const roles: Record<string, Person | null> = {};
  for (const [role, personId] of Object.entries(organisation.roles)) {
    // A role left empty is unset: a placeholder in a template, an error where a module uses it.
    if (personId === null) roles[role] = null;
    const person = personId === null ? undefined : people.get(personId);
    if (person) roles[role] = person;
  }
  return { ...organisation, roles, responsibilities: responsibilityVariables(organisation, lang) };
}

/**
 * The responsibilities as prose sees them, so that a module says who does what from the one
 * definition the matrix is generated from: `{{org.responsibilities.gdprNotification.responsible}}` is
 * "the DPO", `{{org.responsibilities.informedAtOnce.P1}}` "the incident manager, the CISO, the CEO and
 * Communications", each also capitalised (`Responsible`, `Accountable`) for the start of a sentence.
 */
export function responsibilityVariables(organisation: Organisation, lang: Language): Record<string, unknown> {
  const resolved = resolveResponsibilities(organisation);
  const inText = new Map(resolved.roles.map((role) => [role.key, role.inText]));
  const list = (keys: readonly string[]): string => naturalList(keys.map((key) => inText.get(key) ?? key), lang);
  const activities = Object.fromEntries(resolved.activities.map((activity) => {
    const responsible = list(activity.responsible);
    const accountable = list([activity.accountable]);
    return [activity.key, {
      label: activity.label,
      responsible,
      Responsible: capitalised(responsible),
      accountable,
      Accountable: capitalised(accountable),
      consulted: list(activity.consulted),
      informed: list(activity.informed),
    }];
  }));
  return {
    ...activities,
    roles: Object.fromEntries(resolved.roles.map((role) => [role.key, { name: role.name, short: role.short, inText: role.inText, InText: capitalised(role.inText) }])),
    informedAtOnce: Object.fromEntries(resolved.priorities.map((entry) => [entry.priority, list(entry.informed)])),
    majorIncidentInformed: list(resolved.majorIncidentInformed),
  };
}

export function templateContext(organisation: Organisation, policy: PolicyVariables, lang?: Language, library?: LibraryVariables): TemplateContext {
  return { org: organisationVariables(organisation, lang), policy: { ...policy }, library: { ...(library ?? { policies: [], procedures: [], policyTitles: '', documents: {} }) } };
}

/** Marks a value in filled text; private-use characters that organisation values may not contain. */
const TOKEN_OPEN = '\uE000';
const TOKEN_CLOSE = '\uE001';
const TOKEN_PATTERN = /\uE000(\d+)\uE001/g;
/** Marks a placeholder (template mode) in filled text. */
const PLACEHOLDER_OPEN = '\uE002';
const PLACEHOLDER_CLOSE = '\uE003';
const PLACEHOLDER_PATTERN = /\uE002(\d+)\uE003/g;

/**
 * Fields whose values are addresses: a person's e-mail and an authority's contact (and each incident
 * reporting channel). Only these may become links, and only when the whole value is one address;
 * every other value is text, however much it looks like an address.
 */
const ADDRESS_FIELDS: ReadonlySet<string> = new Set(['email', 'contact']);

/** The values taken out of a template context, by token number. */
export interface TokenTable {
  readonly values: readonly string[];
  /** Token numbers of values from address fields (see ADDRESS_FIELDS). */
  readonly addresses: ReadonlySet<number>;
  /** Placeholders and defaults to adapt (template mode), by placeholder token number. */
  readonly placeholders: readonly Placeholder[];
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
  const placeholders: Placeholder[] = [];
  const addresses = new Set<number>();
  const visit = (value: unknown, key: string | undefined, parentKey: string | undefined): unknown => {
    if (value instanceof Placeholder) {
      placeholders.push(value);
      return `${PLACEHOLDER_OPEN}${placeholders.length - 1}${PLACEHOLDER_CLOSE}`;
    }
    if (typeof value === 'string' && value !== '') {
      // A free variable named `email` is still free text: only the schema's address fields count.
      if ((key !== undefined && ADDRESS_FIELDS.has(key) && parentKey !== 'variables') || (key === undefined && parentKey === 'reportingChannels')) addresses.add(values.length);
      return token(values, value);
    }
    if (typeof value === 'number' && value !== 0) return token(values, String(value));
    if (Array.isArray(value)) return value.map((inner) => visit(inner, undefined, key));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([inner, innerValue]) => [inner, visit(innerValue, inner, key)]));
    }
    return value;
  };
  return {
    context: {
      org: visit(context.org, 'org', undefined) as Record<string, unknown>,
      policy: visit(context.policy, 'policy', undefined) as Record<string, unknown>,
      ...(context.library ? { library: visit(context.library, 'library', undefined) as Record<string, unknown> } : {}),
    },
    values,
    addresses,
    placeholders,
  };
}

function token(values: string[], value: string): string {
  values.push(value);
  return `${TOKEN_OPEN}${values.length - 1}${TOKEN_CLOSE}`;
}

/** Swaps tokens in a piece of parsed text for the literal values they stand for; placeholders as "[label]", defaults as their value. */
function detokenize(text: string, tokens: TokenTable): string {
  return text
    .replace(TOKEN_PATTERN, (_, index: string) => tokens.values[Number(index)] ?? '')
    .replace(PLACEHOLDER_PATTERN, (_, index: string) => {
      const placeholder = tokens.placeholders[Number(index)];
      return placeholder?.value ?? `[${placeholder?.label ?? ''}]`;
    });
}

/** The syntax-tree node of a placeholder token. */
function placeholderNode(placeholder: Placeholder | undefined): PlaceholderNode {
  return {
    type: 'placeholder',
    label: placeholder?.label ?? '',
    ...(placeholder?.path !== undefined ? { path: placeholder.path } : {}),
    ...(placeholder?.value !== undefined ? { value: placeholder.value } : {}),
  };
}

/**
 * Restores the literal values in a parsed body. Runs on the syntax tree, after Markdown parsing, on
 * every field that holds text (text, code, HTML, link targets and titles, image alt text). In running
 * text a placeholder becomes a `placeholder` node of its own, which every format marks for completion.
 */
export function restoreValues(tree: Root, table: TokenTable): void {
  const tokens = capitaliseSentenceStarts(tree, table);
  visit(tree, (node, index, parent) => {
    const inLink = parent?.type === 'link' || parent?.type === 'linkReference';
    if (node.type === 'text' && parent && index !== undefined && (node.value.includes(PLACEHOLDER_OPEN) || (!inLink && hasAddress(node.value, tokens)))) {
      const parts: PhrasingContent[] = [];
      let last = 0;
      const text = (value: string): void => {
        const previous = parts[parts.length - 1];
        if (previous?.type === 'text') previous.value += value;
        else if (value !== '') parts.push({ type: 'text', value });
      };
      for (const match of node.value.matchAll(SPLIT_PATTERN)) {
        text(detokenize(node.value.slice(last, match.index), tokens));
        last = match.index + match[0].length;
        if (match[2] !== undefined) {
          parts.push(placeholderNode(tokens.placeholders[Number(match[2])]));
          continue;
        }
        const value = tokens.values[Number(match[1])] ?? '';
        const link = !inLink && tokens.addresses.has(Number(match[1])) ? addressLink(value) : undefined;
        if (link) parts.push(link);
        else text(value);
      }
      text(detokenize(node.value.slice(last), tokens));
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

/**
 * A value that begins a sentence begins with a capital, whatever case the organisation wrote it in:
 * "the Swedish Authority for Privacy Protection (IMY)" reads well mid-sentence, and a module may still
 * start a sentence with it. Each such use gets a token of its own with the capitalised value, so other
 * uses of the same value keep the case they were written in. Addresses are never changed.
 */
function capitaliseSentenceStarts(tree: Root, table: TokenTable): TokenTable {
  const values = [...table.values];
  visit(tree, (block) => {
    if (block.type !== 'paragraph' && block.type !== 'heading' && block.type !== 'tableCell') return undefined;
    let before = '';
    visit(block, 'text', (node) => {
      node.value = node.value.replace(TOKEN_PATTERN, (whole: string, index: string, offset: number) => {
        const value = values[Number(index)] ?? '';
        const starts = SENTENCE_END.test(before + node.value.slice(0, offset)) && !ABBREVIATION_END.test(before + node.value.slice(0, offset));
        if (!starts || table.addresses.has(Number(index)) || LOOKS_LIKE_ADDRESS.test(value) || !/^\p{Ll}/u.test(value)) return whole;
        values.push(value.charAt(0).toUpperCase() + value.slice(1));
        return `${TOKEN_OPEN}${values.length - 1}${TOKEN_CLOSE}`;
      });
      before += node.value;
    });
    return 'skip';
  });
  return { ...table, values };
}

/** The start of a block, or the end of a sentence and the space after it (a closing quote or bracket allowed). */
const SENTENCE_END = /(?:^|[.!?]["'\u201D\u2019)\]]?\s+)$/u;
/** One word with a dot, `@` or `:` in it (`www.acme.example`): an address or a name in its own case. */
const LOOKS_LIKE_ADDRESS = /^[^\s]+[.@:][^\s]+$/u;
/** "e.g. the authority": a full stop that ends an abbreviation ends no sentence. */
const ABBREVIATION_END = /\b(?:e\.g|i\.e|etc|cf|art|no|t\.ex|bl\.a|s\.k|enl)\.\s+$/iu;

/** A value token or a placeholder token, in one pattern so that text is split in order. */
const SPLIT_PATTERN = /\uE000(\d+)\uE001|\uE002(\d+)\uE003/g;

function hasAddress(text: string, tokens: TokenTable): boolean {
  if (tokens.addresses.size === 0) return false;
  for (const match of text.matchAll(TOKEN_PATTERN)) if (tokens.addresses.has(Number(match[1]))) return true;
  return false;
}

/**
 * The link an address field's value becomes: only when the whole value is one web or e-mail address,
 * found by the same GFM rules as an address the module author writes (so the link target is the same).
 */
function addressLink(value: string): Link | undefined {
  const tree: Root = { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value }] }] };
  for (const transform of gfmAutolinkLiteralFromMarkdown().transforms ?? []) transform(tree);
  const paragraph = tree.children[0];
  if (paragraph?.type !== 'paragraph' || paragraph.children.length !== 1) return undefined;
  const only = paragraph.children[0];
  if (only?.type !== 'link') return undefined;
  const label = only.children[0];
  return only.children.length === 1 && label?.type === 'text' && label.value === value ? only : undefined;
}

/** A placeholder in a parsed module body (template mode): what the client is to fill in. */
export interface PlaceholderNode {
  readonly type: 'placeholder';
  readonly label: string;
  /** The organisation field (see field-paths.ts). */
  readonly path?: string;
  /** Only for a default to adapt: the value. */
  readonly value?: string;
}

declare module 'mdast' {
  interface PhrasingContentMap {
    placeholder: PlaceholderNode;
  }
}
