import type { Language } from '../schema/common.js';

/**
 * Fixed text of the generated responsibility tables (matrix, role descriptions, escalation table).
 * Kept apart from the document labels: these are section content, not text a renderer prints.
 */
export const RESPONSIBILITY_LABELS = {
  en: {
    activity: 'Activity',
    responsible: 'R',
    accountable: 'A',
    consulted: 'C',
    informed: 'I',
    raciLegend: 'R = responsible: carries out the activity. A = accountable: the one role per activity that answers for it and decides. C = consulted: asked for advice before the decision or action. I = informed: told of the decision or result.',
    rolesLegend: 'Columns',
    role: 'Role',
    holder: 'Held by',
    accountableFor: 'Accountable for',
    responsibleFor: 'Carries out',
    priority: 'Priority',
    informedAtOnce: 'Informed at once on classification',
    escalateAfter: 'Escalated one level if not resolved within',
    updates: 'Stakeholder updates',
    major: 'major incident',
  },
  sv: {
    activity: 'Aktivitet',
    responsible: 'U',
    accountable: 'A',
    consulted: 'K',
    informed: 'I',
    raciLegend: 'U = utför: genomför aktiviteten. A = ansvarig: den enda roll per aktivitet som står för resultatet och beslutar. K = konsulteras: tillfrågas om råd före beslut eller åtgärd. I = informeras: får veta beslutet eller resultatet.',
    rolesLegend: 'Kolumner',
    role: 'Roll',
    holder: 'Innehavare',
    accountableFor: 'Ansvarar för',
    responsibleFor: 'Utför',
    priority: 'Prioritet',
    informedAtOnce: 'Informeras omedelbart vid klassning',
    escalateAfter: 'Eskaleras ett steg om den inte är löst inom',
    updates: 'Lägesinformation',
    major: 'större incident',
  },
} as const satisfies Record<Language, Record<string, string>>;

export type ResponsibilityLabels = (typeof RESPONSIBILITY_LABELS)['en'] | (typeof RESPONSIBILITY_LABELS)['sv'];
