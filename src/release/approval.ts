import { nearest } from '../diagnostics/suggest.js';

/** What the approval checks need of an organisation: its people and who holds (or held) each role. */
export interface RoleRecords {
  readonly people: readonly { readonly id: string; readonly name: string | null; readonly email?: string | undefined }[];
  readonly roles: Readonly<Record<string, string | null>>;
  readonly delegates: Readonly<Record<string, readonly string[]>>;
  readonly roleHistory: readonly { readonly role: string; readonly person: string; readonly from: string; readonly until: string }[];
}

/**
 * How `person` may approve for `role` on `date`, or undefined when they may not. The holder on a date is
 * the `roleHistory` entry covering it, else the role's current holder (`roles`); so after a change of
 * holder, the previous holder's entry in `roleHistory` keeps their releases verifiable, and the new
 * holder cannot approve for a date before they took over. Delegates (`delegates`) may approve on any
 * date: the organisation file lists delegations as they stand.
 */
export function approvalStanding(organisation: RoleRecords, role: string, person: string, date: string): 'holder' | 'delegate' | undefined {
  const past = organisation.roleHistory.find((entry) => entry.role === role && entry.from <= date && date <= entry.until);
  const holder = past ? past.person : organisation.roles[role] ?? null;
  if (holder === person) return 'holder';
  if ((organisation.delegates[role] ?? []).includes(person)) return 'delegate';
  return undefined;
}

/** The person of the organisation file that `spec` names by id or by exact full name, or the nearest names. */
export function findPerson<P extends RoleRecords['people'][number]>(people: readonly P[], spec: string): { person: P } | { suggestions: string[] } {
  const person = people.find((p) => p.id === spec) ?? people.find((p) => p.name !== null && p.name === spec.trim());
  if (person) return { person };
  const candidates = people.flatMap((p) => (p.name ? [p.id, p.name] : [p.id]));
  return { suggestions: nearest(spec, candidates, 3) };
}

/** The principals a person signs as in allowed_signers: their id and, when they have one, their e-mail. */
export function principalsOf(person: RoleRecords['people'][number]): string[] {
  return person.email ? [person.id, person.email] : [person.id];
}
