import type { Block, Inline, TableCell } from '../model/document.js';
import { capitalised, naturalList, resolveResponsibilities, type ResolvedResponsibilities, type ResolvedRole } from '../model/responsibilities.js';
import { RESPONSIBILITY_LABELS } from '../i18n/responsibility-labels.js';
import type { Language } from '../schema/common.js';
import type { Organisation } from '../schema/organisation.js';
import { fieldPathOf } from '../template/field-paths.js';
import { placeholderLabel } from '../template/placeholders.js';

type ResponsibilityTable = 'responsibility-matrix' | 'role-descriptions' | 'escalation-table';

/**
 * The tables generated from the organisation's one definition of incident responsibilities: the
 * responsibility matrix (with its legends), the role descriptions and the escalation table. Because
 * all three read the same resolved definition, they cannot disagree with each other or with prose that
 * prints the same definition through `{{org.responsibilities.*}}`.
 */
export function responsibilityBlocks(kind: ResponsibilityTable, organisation: Organisation, lang: Language): Block[] {
  const resolved = resolveResponsibilities(organisation);
  switch (kind) {
    case 'responsibility-matrix':
      return matrix(resolved, lang);
    case 'role-descriptions':
      return roleDescriptions(resolved, lang);
    case 'escalation-table':
      return escalationTable(resolved, organisation, lang);
  }
}

const text = (value: string): Inline => ({ type: 'text', value });
const cell = (value: string): TableCell => ({ children: value === '' ? [] : [text(value)] });
const paragraph = (value: string): Block => ({ type: 'paragraph', children: [text(value)] });

function matrix(resolved: ResolvedResponsibilities, lang: Language): Block[] {
  const labels = RESPONSIBILITY_LABELS[lang];
  const activities = resolved.activities.filter((activity) => activity.applies);
  const used = new Set(activities.flatMap((activity) => [...activity.responsible, activity.accountable, ...activity.consulted, ...activity.informed]));
  const roles = resolved.roles.filter((role) => used.has(role.key));
  const letters = (key: string, activity: (typeof activities)[number]): string => {
    const marks: string[] = [];
    if (activity.accountable === key) marks.push(labels.accountable);
    if (activity.responsible.includes(key)) marks.push(labels.responsible);
    if (activity.consulted.includes(key)) marks.push(labels.consulted);
    if (activity.informed.includes(key)) marks.push(labels.informed);
    return marks.join('/');
  };
  return [
    paragraph(labels.raciLegend),
    paragraph(`${labels.rolesLegend}: ${roles.map((role) => `${role.short} = ${role.name}`).join(', ')}.`),
    {
      type: 'table',
      align: [null, ...roles.map(() => 'center' as const)],
      header: [cell(labels.activity), ...roles.map((role) => cell(role.short))],
      rows: activities.map((activity) => [cell(activity.label), ...roles.map((role) => cell(letters(role.key, activity)))]),
    },
  ];
}

function roleDescriptions(resolved: ResolvedResponsibilities, lang: Language): Block[] {
  const labels = RESPONSIBILITY_LABELS[lang];
  const activities = resolved.activities.filter((activity) => activity.applies);
  const rows = resolved.roles.flatMap((role): TableCell[][] => {
    const accountable = activities.filter((activity) => activity.accountable === role.key).map((activity) => activity.label);
    const carries = activities.filter((activity) => activity.responsible.includes(role.key) && activity.accountable !== role.key).map((activity) => activity.label);
    if (accountable.length === 0 && carries.length === 0) return [];
    return [[cell(role.name), holderCell(role, lang), cell(sentence(accountable)), cell(sentence(carries))]];
  });
  return [{
    type: 'table',
    align: [null, null, null, null],
    header: [cell(labels.role), cell(labels.holder), cell(labels.accountableFor), cell(labels.responsibleFor)],
    rows,
  }];
}

function escalationTable(resolved: ResolvedResponsibilities, organisation: Organisation, lang: Language): Block[] {
  const labels = RESPONSIBILITY_LABELS[lang];
  const inText = new Map(resolved.roles.map((role) => [role.key, role.inText]));
  const value = (field: string | null, path: string[]): TableCell =>
    field === null ? placeholderCell(path, lang) : cell(field);
  return [{
    type: 'table',
    align: [null, null, null, null],
    header: [cell(labels.priority), cell(labels.informedAtOnce), cell(labels.escalateAfter), cell(labels.updates)],
    rows: resolved.priorities.map(({ priority, major, informed }) => {
      const level = organisation.incident.priorities[priority];
      const name = level.label === null ? priority : `${priority} – ${level.label}`;
      return [
        cell(major ? `${name} (${labels.major})` : name),
        cell(capitalised(naturalList(informed.map((key) => inText.get(key) ?? key), lang))),
        value(level.escalateAfter, ['org', 'incident', 'priorities', priority, 'escalateAfter']),
        value(level.updates, ['org', 'incident', 'priorities', priority, 'updates']),
      ];
    }),
  }];
}

/** A placeholder for an organisation field, bound to it (a Word template's content control). */
function placeholderCell(path: readonly string[], lang: Language): TableCell {
  const field = fieldPathOf(path);
  return { children: [{ type: 'placeholder', label: placeholderLabel([...path], lang), ...(field ? { path: field } : {}) }] };
}

function holderCell(role: ResolvedRole, lang: Language): TableCell {
  if (role.holder !== undefined) return cell(role.holder);
  const person = role.person;
  if (person === null) return placeholderCell(['org', 'roles', role.key, 'name'], lang);
  // The job title is given where it says more than the role's own name ("Erik Sandberg, Head of IT
  // Operations" as incident manager); "Anna Lindqvist, Chief Information Security Officer" beside the CISO's row would repeat it.
  const repeats = person.title !== null && role.name.toLocaleLowerCase(lang).startsWith(person.title.toLocaleLowerCase(lang));
  return cell(person.title === null || repeats ? person.name ?? role.key : `${person.name ?? role.key}, ${person.title}`);
}

/** Activity labels as one run of text: "Receive and log reports; classify and set the priority". */
function sentence(labels: readonly string[]): string {
  return labels.map((label, index) => (index === 0 ? label : lowerFirst(label))).join('; ');
}

function lowerFirst(label: string): string {
  // "NIS2 ..." or "CISO" keep their capitals: only a capital followed by a lower-case letter is lowered.
  return /^\p{Lu}\p{Ll}/u.test(label) ? label.charAt(0).toLocaleLowerCase() + label.slice(1) : label;
}
