import type { Language } from '../schema/common.js';
import { fieldPathOf } from './field-paths.js';

/**
 * Template mode: an organisation value that is not set is printed as a placeholder naming what to fill
 * in, "[Name of the incident manager]", so a consultant can hand a client a document with every
 * adaptation visibly marked. This file knows how to name a value and how to put placeholders into the
 * variables a module body sees.
 */

/**
 * A value the organisation left empty, standing in the template variables for what to fill in; with
 * `value`, a value the schema filled from a default, standing for itself marked for the client to adapt.
 */
export class Placeholder {
  constructor(
    readonly label: string,
    /** The organisation field (see field-paths.ts), where the value is one. */
    readonly path?: string,
    /** Only for a default: the value as printed. */
    readonly value?: string,
  ) {}
}

/** A variable path a module uses whose value, or a parent of it, is not set. */
export interface UnsetUse {
  /** Absolute path from the template root, e.g. `['org', 'roles', 'incidentManager', 'name']`. */
  readonly path: readonly string[];
  /** How the module uses it: printed, looped over with {{#each}}, entered with {{#with}}, or tested (template mode). */
  readonly use: 'print' | 'list' | 'enter' | 'test';
}

const ROLE_NAMES: Record<Language, Record<string, string>> = {
  en: {
    ceo: 'chief executive officer',
    cfo: 'chief financial officer',
    ciso: 'information security manager',
    communications: 'head of communications',
    cto: 'chief technology officer',
    dpo: 'data protection officer',
    hr: 'head of human resources',
    incidentManager: 'incident manager',
    problemManager: 'problem manager',
    serviceDesk: 'service desk lead',
  },
  sv: {
    ceo: 'verkställande direktören',
    cfo: 'ekonomichefen',
    ciso: 'informationssäkerhetschefen',
    communications: 'kommunikationschefen',
    cto: 'teknikchefen',
    dpo: 'dataskyddsombudet',
    hr: 'HR-chefen',
    incidentManager: 'incidentansvarig',
    problemManager: 'problemansvarig',
    serviceDesk: 'ansvarig för servicedesk',
  },
};

const PERSON_FIELDS: Record<Language, Record<string, (who: string) => string>> = {
  en: {
    name: (who) => `Name of the ${who}`,
    title: (who) => `Job title of the ${who}`,
    email: (who) => `E-mail address of the ${who}`,
    phone: (who) => `Telephone number of the ${who}`,
  },
  sv: {
    name: (who) => `Namn på ${who}`,
    title: (who) => `Titel för ${who}`,
    email: (who) => `E-postadress till ${who}`,
    phone: (who) => `Telefonnummer till ${who}`,
  },
};

const PRIORITY_FIELDS: Record<Language, Record<string, (p: string) => string>> = {
  en: {
    label: (p) => `Name of priority ${p}`,
    response: (p) => `Response target for ${p}`,
    resolution: (p) => `Resolution target for ${p}`,
    updates: (p) => `Update interval for ${p}`,
    escalateAfter: (p) => `Escalation time for ${p}`,
  },
  sv: {
    label: (p) => `Benämning på prioritet ${p}`,
    response: (p) => `Mål för inledd åtgärd, ${p}`,
    resolution: (p) => `Mål för löst ärende, ${p}`,
    updates: (p) => `Uppdateringsintervall, ${p}`,
    escalateAfter: (p) => `Tid till eskalering, ${p}`,
  },
};

/** Labels of single fields, by their path below `org`. */
const FIELDS: Record<Language, Record<string, string>> = {
  en: {
    legalName: 'Legal name of the organisation',
    shortName: 'Name of the organisation',
    sector: 'Sector of the organisation',
    registrationNumber: 'Company registration number',
    'gdpr.supervisoryAuthority.name': 'Name of the data protection supervisory authority',
    'gdpr.supervisoryAuthority.contact': 'Contact details of the supervisory authority',
    'nis2.csirt.name': 'Name of the national CSIRT',
    'nis2.csirt.contact': 'Contact details of the national CSIRT',
    'nis2.competentAuthority.name': 'Name of the NIS2 competent authority',
    'nis2.competentAuthority.contact': 'Contact details of the NIS2 competent authority',
    'incident.reportingChannels': 'Channel for reporting incidents',
    'incident.recordRetention': 'Retention period of incident records',
    'training.onboarding': 'When new staff are trained',
    'training.cadence': 'Interval of recurring training',
    'training.refresher': 'Interval of short refreshers',
    'training.exercises': 'Frequency of incident exercises',
    'tools.ticketing': 'Name of the ticketing system',
    'tools.monitoring': 'Name of the monitoring system',
    'tools.backup': 'Name of the backup system',
    'operations.disclosureContact': 'Address for reporting vulnerabilities',
    'operations.clockSource': 'Reference time source',
    'operations.specialInterestGroups': 'Security forum or special interest group',
    'isms.scope': 'What the ISMS covers',
    'isms.internalIssues': 'Internal issue relevant to the ISMS',
    'isms.externalIssues': 'External issue relevant to the ISMS',
    'isms.locations': 'Site or unit inside the ISMS scope',
    'isms.interfaces': 'Interface of the ISMS scope',
    'isms.dependencies': 'Activity by others that the ISMS depends on',
  },
  sv: {
    legalName: 'Organisationens juridiska namn',
    shortName: 'Organisationens namn',
    sector: 'Organisationens bransch',
    registrationNumber: 'Organisationsnummer',
    'gdpr.supervisoryAuthority.name': 'Tillsynsmyndighet för dataskydd',
    'gdpr.supervisoryAuthority.contact': 'Tillsynsmyndighetens kontaktuppgifter',
    'nis2.csirt.name': 'Nationell CSIRT',
    'nis2.csirt.contact': 'Kontaktuppgifter till nationell CSIRT',
    'nis2.competentAuthority.name': 'Behörig myndighet enligt NIS2',
    'nis2.competentAuthority.contact': 'Kontaktuppgifter till behörig myndighet enligt NIS2',
    'incident.reportingChannels': 'Kanal för att rapportera incidenter',
    'incident.recordRetention': 'Lagringstid för incidentdokumentation',
    'training.onboarding': 'När nyanställda utbildas',
    'training.cadence': 'Intervall för återkommande utbildning',
    'training.refresher': 'Intervall för korta repetitioner',
    'training.exercises': 'Frekvens för incidentövningar',
    'tools.ticketing': 'Ärendehanteringssystem',
    'tools.monitoring': 'Övervakningssystem',
    'tools.backup': 'System för säkerhetskopiering',
    'operations.disclosureContact': 'Adress för rapportering av sårbarheter',
    'operations.clockSource': 'Referenskälla för tid',
    'operations.specialInterestGroups': 'Säkerhetsforum eller intressegrupp',
    'isms.scope': 'Vad ledningssystemet omfattar',
    'isms.internalIssues': 'Intern fråga som är relevant för ledningssystemet',
    'isms.externalIssues': 'Extern fråga som är relevant för ledningssystemet',
    'isms.locations': 'Anläggning eller enhet inom ledningssystemets omfattning',
    'isms.interfaces': 'Gränssnitt för ledningssystemets omfattning',
    'isms.dependencies': 'Verksamhet hos andra som ledningssystemet är beroende av',
  },
};

const OTHER: Record<Language, { role: (key: string) => string; variable: (name: string) => string }> = {
  en: { role: (key) => `holder of the role "${key}"`, variable: (name) => `Value of "${name}"` },
  sv: { role: (key) => `innehavaren av rollen "${key}"`, variable: (name) => `Värde för "${name}"` },
};

/** What a placeholder says: the thing to fill in, in the document's language. */
export function placeholderLabel(path: readonly string[], lang: Language): string {
  const [root, ...rest] = path;
  if (root !== 'org' && root !== 'policy') return path.join('.');
  const key = rest.join('.');
  if (root === 'policy' && (rest[0] === 'owner' || rest[0] === 'approver') && rest[1]) {
    return PERSON_FIELDS[lang][rest[1]]?.(rest[0] === 'owner' ? policyPerson(lang, 'owner') : policyPerson(lang, 'approver')) ?? key;
  }
  if (rest[0] === 'roles' && rest[1]) {
    const who = roleName(rest[1], lang);
    const field = rest[2] ?? 'name';
    return PERSON_FIELDS[lang][field]?.(who) ?? `${key}`;
  }
  if (rest[0] === 'incident' && rest[1] === 'priorities' && rest[2] && rest[3]) {
    return PRIORITY_FIELDS[lang][rest[3]]?.(rest[2]) ?? key;
  }
  if (rest[0] === 'variables' && rest[1]) return OTHER[lang].variable(rest[1]);
  // A list item (`incident.reportingChannels.0`) is named after its list.
  const withoutIndex = rest.filter((part) => !/^\d+$/.test(part)).join('.');
  return FIELDS[lang][withoutIndex] ?? FIELDS[lang][key] ?? humanised(withoutIndex);
}

/**
 * A readable label for a field that has none of its own (a field added to the schema later):
 * `incident.postIncidentReviewBusinessDays` reads "Incident: post incident review business days".
 */
function humanised(key: string): string {
  const words = (part: string): string => part.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  const parts = key.split('.').filter((part) => part !== '');
  if (parts.length === 0) return key;
  const last = words(parts.at(-1)!);
  const context = parts.slice(0, -1).map(words).join(', ');
  const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
  return context === '' ? sentence(last) : `${sentence(context)}: ${last}`;
}

/** How a role reads in running text: "the incident manager", "incidentansvarig". */
export function roleName(key: string, lang: Language): string {
  return ROLE_NAMES[lang][key] ?? OTHER[lang].role(key);
}

function policyPerson(lang: Language, which: 'owner' | 'approver'): string {
  return lang === 'sv' ? (which === 'owner' ? 'dokumentägaren' : 'godkännaren') : `policy ${which}`;
}

/**
 * Puts a placeholder wherever a module uses an unset value: a printed value becomes a placeholder, an
 * unset group (a role without a person) becomes a group holding placeholders, an unset list a list of
 * one placeholder. Works on a copy; the variables of the organisation are not changed.
 */
export function plantPlaceholders<T extends object>(variables: T, uses: readonly UnsetUse[], lang: Language): T {
  const copy = cloneVariables(variables) as Record<string, unknown>;
  // A tested value is planted last: what the branch prints below it decides whether it is a group.
  const ordered = [...uses.filter((use) => use.use !== 'test'), ...uses.filter((use) => use.use === 'test')];
  for (const use of ordered) {
    let parent: Record<string, unknown> = copy;
    for (let i = 0; i < use.path.length - 1; i++) {
      const part = use.path[i]!;
      const next = parent[part];
      if (next === null || next === undefined || typeof next !== 'object' || next instanceof Placeholder) parent[part] = /^\d+$/.test(use.path[i + 1] ?? '') ? [] : {};
      parent = parent[part] as Record<string, unknown>;
    }
    const last = use.path.at(-1)!;
    if (parent[last] !== null && parent[last] !== undefined) continue;
    const placeholder = new Placeholder(placeholderLabel(use.path, lang), fieldPathOf(use.path));
    parent[last] = use.use === 'list' ? [placeholder] : use.use === 'enter' ? {} : placeholder;
  }
  return copy as T;
}

/**
 * Marks the values the schema filled from a default (template mode): every printable value of `org`
 * whose key, or a group on the way to it, the organisation file does not have (`written` is the file as
 * plain data) becomes a Placeholder carrying the value, so every format prints the value and Word marks
 * it for the client to adapt. Works for any defaulted field, whatever the schema adds. Only values that
 * are printed as something (non-empty text, non-zero numbers) are marked, so `{{#if}}` reads the same.
 */
export function markDefaults<T extends { readonly org: Record<string, unknown> }>(variables: T, written: unknown, lang: Language): T {
  const mark = (value: unknown, raw: unknown, path: readonly string[], defaulted: boolean): unknown => {
    if (value instanceof Placeholder || value === null || value === undefined) return value;
    if (typeof value === 'string' || typeof value === 'number') {
      if (!defaulted || value === '' || value === 0) return value;
      const full = ['org', ...path];
      return new Placeholder(placeholderLabel(full, lang), fieldPathOf(full), String(value));
    }
    if (typeof value !== 'object') return value;
    const rawGroup = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : undefined;
    // Below a value the file writes as a scalar (prose per language resolved, a person id) nothing is a default.
    if (!defaulted && !rawGroup) return value;
    const child = (key: string, inner: unknown): unknown => mark(inner, rawGroup?.[key], [...path, key], defaulted || !rawGroup || !Object.hasOwn(rawGroup, key));
    if (Array.isArray(value)) return value.map((inner, index) => child(String(index), inner));
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, child(key, inner)]));
  };
  const rawOrg = written !== null && typeof written === 'object' ? (written as Record<string, unknown>) : {};
  // Roles are resolved to people: a person's fields are the person's, never schema defaults. The
  // responsibilities templates see are prose computed from role keys, not values a client types.
  const computed = new Set(['roles', 'people', 'responsibilities']);
  const org = Object.fromEntries(Object.entries(variables.org).map(([key, value]) => [key, computed.has(key) ? value : mark(value, rawOrg[key], [key], !Object.hasOwn(rawOrg, key))]));
  return { ...variables, org };
}

/** A deep copy of template variables that keeps placeholders as they are. */
function cloneVariables(value: unknown): unknown {
  if (value instanceof Placeholder || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneVariables);
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, cloneVariables(inner)]));
}
