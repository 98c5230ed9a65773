import type { Language } from '../schema/common.js';
import type { Organisation, Person } from '../schema/organisation.js';

/** The four incident priorities, most severe first. */
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** A role as documents print it, with the person who holds it (a group has a holder text instead). */
export interface ResolvedRole {
  readonly key: string;
  readonly name: string;
  readonly short: string;
  readonly inText: string;
  /** The person in the role; null when the organisation left the role empty (template mode). */
  readonly person: Person | null;
  /** For a group no one person holds: who acts in it. */
  readonly holder?: string;
}

export interface ResolvedActivity {
  readonly key: string;
  readonly label: string;
  readonly responsible: readonly string[];
  readonly accountable: string;
  readonly consulted: readonly string[];
  readonly informed: readonly string[];
  /** Whether the activity applies to this organisation (its framework applies, NIS2 in scope). */
  readonly applies: boolean;
}

/** The organisation's one structured definition of incident responsibilities, defaults applied. */
export interface ResolvedResponsibilities {
  /** Roles named anywhere in the definition, in the library's order, then the organisation's. */
  readonly roles: readonly ResolvedRole[];
  readonly activities: readonly ResolvedActivity[];
  /** Per priority: whether it is major, and every role informed at once (the major-incident roles included). */
  readonly priorities: readonly { readonly priority: Priority; readonly major: boolean; readonly informed: readonly string[] }[];
  readonly majorIncidentInformed: readonly string[];
}

/** Whether `priority` is at or above the organisation's major-incident priority. */
export function isMajorPriority(priority: Priority, majorIncidentPriority: Priority): boolean {
  return PRIORITIES.indexOf(priority) <= PRIORITIES.indexOf(majorIncidentPriority);
}

/**
 * Resolves the `responsibilities` block against the organisation's roles. Validation reports every
 * role key the organisation wrote that it does not define; a library default naming a role the
 * organisation does not have (a DPO, say) leaves that role out of the cell, and an activity left with
 * no accountable role falls back to its first responsible one, or is left out.
 */
export function resolveResponsibilities(organisation: Organisation): ResolvedResponsibilities {
  const definition = organisation.responsibilities;
  const people = new Map(organisation.people.map((person) => [person.id, person]));
  const roleDefinitions = definition.roles as Readonly<Record<string, { name: string; short: string; inText: string; holder?: string | undefined }>>;
  const defined = (key: string): boolean => key in organisation.roles || roleDefinitions[key]?.holder !== undefined;
  const keep = (keys: readonly string[]): string[] => [...new Set(keys.filter(defined))];

  const activities: ResolvedActivity[] = [];
  for (const [key, activity] of Object.entries(definition.activities)) {
    const responsible = keep(activity.responsible);
    const accountable = defined(activity.accountable) ? activity.accountable : responsible[0];
    if (accountable === undefined) continue;
    activities.push({
      key,
      label: activity.label,
      responsible: responsible.length > 0 ? responsible : [accountable],
      accountable,
      consulted: keep(activity.consulted),
      informed: keep(activity.informed),
      applies: applies(organisation, activity.framework),
    });
  }
  const majorIncidentInformed = keep(definition.majorIncidentInformed);
  const priorities = PRIORITIES.map((priority) => {
    const major = isMajorPriority(priority, organisation.incident.majorIncidentPriority);
    return { priority, major, informed: keep([...definition.informedAtOnce[priority], ...(major ? majorIncidentInformed : [])]) };
  });

  const used = new Set<string>([
    ...activities.flatMap((activity) => [...activity.responsible, activity.accountable, ...activity.consulted, ...activity.informed]),
    ...priorities.flatMap((entry) => entry.informed),
  ]);
  const order = [...Object.keys(roleDefinitions), ...Object.keys(organisation.roles)];
  const roles: ResolvedRole[] = [...new Set(order)].filter((key) => used.has(key)).map((key) => {
    const personId = organisation.roles[key];
    const person = personId === undefined || personId === null ? null : people.get(personId) ?? null;
    const own = roleDefinitions[key];
    // A role the library does not name is named by its holder's title.
    const fallback = person?.title ?? key;
    return {
      key,
      name: own?.name ?? fallback,
      short: own?.short ?? fallback,
      inText: own?.inText ?? fallback,
      person,
      ...(own?.holder !== undefined ? { holder: own.holder } : {}),
    };
  });
  return { roles, activities, priorities, majorIncidentInformed };
}

function applies(organisation: Organisation, framework: string | undefined): boolean {
  if (framework === undefined) return true;
  if (!organisation.frameworks.some((id) => id === framework)) return false;
  return framework !== 'nis2' || organisation.nis2.inScope;
}

/** "a", "a and b", "a, b and c" in English; "a, b och c" in Swedish. */
export function naturalList(items: readonly string[], lang: Language): string {
  const and = lang === 'sv' ? 'och' : 'and';
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)!}`;
}

/** The same text with its first letter in upper case, for a list that begins a sentence or a cell. */
export function capitalised(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}
