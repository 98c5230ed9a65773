import { z } from 'zod';
import { FrameworkIdSchema } from './common.js';

/** A role key as the organisation file's `roles` spells it, or a group the library defines (`resolverGroups`). */
export const RoleKeySchema = z.string().regex(/^[a-z][A-Za-z0-9]*$/, { message: 'role keys are camelCase, e.g. "incidentManager"' });

type Localised = { en: string; sv: string };
const t = (en: string, sv: string): Localised => ({ en, sv });

interface RoleDefault { name: Localised; short: Localised; inText: Localised; holder?: Localised }
interface ActivityDefault {
  label: Localised;
  responsible: string[];
  accountable: string;
  consulted: string[];
  informed: string[];
  framework?: 'gdpr' | 'nis2';
}

/**
 * The library's roles as documents name them: `name` in a roles table, `short` as a matrix column
 * header (explained in a legend), `inText` in running text ("the CISO", "informationssäkerhetschefen").
 * A role with `holder` is a group that no one person holds (the resolver groups).
 */
export const DEFAULT_ROLES: Readonly<Record<string, RoleDefault>> = {
  serviceDesk: { name: t('Service desk', 'Servicedesk'), short: t('SD', 'SD'), inText: t('the service desk', 'servicedesken') },
  incidentManager: { name: t('Incident manager', 'Incidentansvarig'), short: t('IM', 'IA'), inText: t('the incident manager', 'incidentansvarig') },
  resolverGroups: {
    name: t('Resolver groups', 'Åtgärdsgrupper'),
    short: t('RG', 'ÅG'),
    inText: t('the resolver groups', 'åtgärdsgrupperna'),
    holder: t('Team leads of the internal and supplier teams that operate the affected systems', 'Teamledare för de interna team och leverantörsteam som driver de berörda systemen'),
  },
  problemManager: { name: t('Problem manager', 'Problemansvarig'), short: t('PM', 'PA'), inText: t('the problem manager', 'problemansvarig') },
  communications: { name: t('Communications', 'Kommunikationschef'), short: t('Com', 'Kom'), inText: t('Communications', 'kommunikationschefen') },
  ciso: { name: t('Chief Information Security Officer (CISO)', 'Informationssäkerhetschef'), short: t('CISO', 'CISO'), inText: t('the CISO', 'informationssäkerhetschefen') },
  ceo: { name: t('Chief Executive Officer (CEO)', 'Verkställande direktör (vd)'), short: t('CEO', 'Vd'), inText: t('the CEO', 'vd') },
  dpo: { name: t('Data protection officer (DPO)', 'Dataskyddsombud'), short: t('DPO', 'DSO'), inText: t('the DPO', 'dataskyddsombudet') },
};

const a = (label: Localised, responsible: string[], accountable: string, consulted: string[], informed: string[], framework?: 'gdpr' | 'nis2'): ActivityDefault =>
  framework ? { label, responsible, accountable, consulted, informed, framework } : { label, responsible, accountable, consulted, informed };

/**
 * The library's incident-management activities with who is responsible (R), accountable (A, one),
 * consulted (C) and informed (I). The organisation file replaces an entry as a whole.
 */
export const DEFAULT_ACTIVITIES: Readonly<Record<string, ActivityDefault>> = {
  report: a(t('Receive and log reports', 'Ta emot och registrera rapporter'), ['serviceDesk'], 'incidentManager', [], ['resolverGroups']),
  classify: a(t('Classify and set the priority', 'Klassa och sätta prioritet'), ['serviceDesk'], 'incidentManager', ['resolverGroups'], ['ciso']),
  lowerMajorPriority: a(t('Lower the priority of a major incident', 'Sänka prioriteten för en större incident'), ['incidentManager'], 'ciso', [], ['ceo']),
  coordinate: a(t('Own and coordinate the response', 'Äga och samordna hanteringen'), ['incidentManager', 'resolverGroups'], 'incidentManager', ['communications'], ['serviceDesk', 'ciso']),
  contain: a(t('Contain, eradicate and recover', 'Begränsa, undanröja och återställa'), ['resolverGroups'], 'incidentManager', ['problemManager'], ['ciso']),
  escalate: a(t('Escalate', 'Eskalera'), ['incidentManager'], 'incidentManager', ['serviceDesk', 'resolverGroups', 'ciso'], ['ceo']),
  updates: a(t('Update affected users and stakeholders', 'Lägesinformation till berörda och intressenter'), ['incidentManager'], 'incidentManager', ['serviceDesk', 'resolverGroups', 'communications'], ['ciso']),
  externalCommunication: a(t('Customer, public and media communication', 'Kommunikation med kunder, allmänhet och media'), ['communications'], 'ceo', ['incidentManager', 'ciso', 'dpo'], []),
  evidence: a(t('Secure evidence and keep the chain of custody', 'Säkra bevis och upprätthålla beviskedjan'), ['resolverGroups'], 'incidentManager', ['ciso'], []),
  policeReport: a(t('Report a crime to the police', 'Polisanmälan'), ['ciso'], 'ciso', ['incidentManager'], ['ceo']),
  breachAssessment: a(t('Assess a personal data breach and decide on notification', 'Bedöma en personuppgiftsincident och besluta om anmälan'), ['incidentManager'], 'ciso', ['dpo'], [], 'gdpr'),
  gdprNotification: a(t('Notify the supervisory authority of a personal data breach', 'Anmäla en personuppgiftsincident till tillsynsmyndigheten'), ['dpo'], 'ciso', ['incidentManager'], ['ceo'], 'gdpr'),
  dataSubjectCommunication: a(t('Communicate a breach to the data subjects', 'Informera de registrerade om en personuppgiftsincident'), ['dpo', 'communications'], 'ceo', ['ciso'], [], 'gdpr'),
  nis2Assessment: a(t('Assess whether an incident is significant under NIS2', 'Bedöma om en incident är betydande enligt NIS2'), ['incidentManager'], 'ciso', [], ['ceo'], 'nis2'),
  nis2Reporting: a(t('Submit the NIS2 reports to the CSIRT', 'Lämna NIS2-rapporterna till CSIRT'), ['ciso'], 'ciso', ['incidentManager'], ['ceo'], 'nis2'),
  recipientNotification: a(t('Inform recipients of services of a significant incident', 'Informera tjänstemottagare om en betydande incident'), ['communications'], 'ceo', ['ciso'], [], 'nis2'),
  rootCause: a(t('Root cause analysis and corrective actions', 'Grundorsaksanalys och korrigerande åtgärder'), ['resolverGroups'], 'problemManager', ['incidentManager'], ['ciso']),
  postIncidentReview: a(t('Post-incident review', 'Utvärdering efter incident'), ['incidentManager'], 'ciso', ['resolverGroups', 'problemManager', 'communications', 'dpo'], ['ceo']),
  reporting: a(t('Metrics and reports to management', 'Mätetal och rapportering till ledningen'), ['incidentManager'], 'ciso', ['problemManager'], ['ceo']),
};

/**
 * Roles informed at once when an incident is classified, per priority, before the major-incident rule
 * adds its own roles: the document never types those again for the major priorities.
 */
export const DEFAULT_INFORMED_AT_ONCE: Readonly<Record<'P1' | 'P2' | 'P3' | 'P4', string[]>> = {
  P1: ['incidentManager', 'ciso'],
  P2: ['incidentManager', 'ciso'],
  P3: ['incidentManager'],
  P4: ['resolverGroups'],
};
/** Roles informed at once of every major incident, whatever its priority. */
export const DEFAULT_MAJOR_INCIDENT_INFORMED: readonly string[] = ['ceo', 'communications'];

/**
 * The `responsibilities` block of an organisation file: one structured definition of who does what in
 * incident management, from which the responsibility matrix, the role descriptions and the escalation
 * table are generated. Every entry has a library default; an entry given here replaces it.
 */
export function responsibilitiesSchema<T extends z.ZodType>(text: T) {
  const RoleSchema = z
    .object({
      name: text.describe('The role as a roles table names it, e.g. "Incident manager".'),
      short: text.describe('A short column header for the responsibility matrix, e.g. "IM"; explained in a legend.'),
      inText: text.describe('The role in running text, e.g. "the incident manager" or "informationssäkerhetschefen".'),
      holder: text.optional().describe('For a group that no one person holds: who acts in it.'),
    })
    .strict();
  const ActivitySchema = z
    .object({
      label: text.describe('The activity as the matrix names it.'),
      responsible: z.array(RoleKeySchema).min(1).describe('R: the roles that do the work.'),
      accountable: RoleKeySchema.describe('A: the one role that answers for the activity.'),
      consulted: z.array(RoleKeySchema).default([]).describe('C: roles consulted.'),
      informed: z.array(RoleKeySchema).default([]).describe('I: roles informed.'),
      framework: FrameworkIdSchema.optional().describe('Shown in the matrix only when this framework applies (NIS2: only in scope).'),
    })
    .strict();
  const RoleListSchema = z.array(RoleKeySchema);
  const roleEntries = Object.fromEntries(Object.entries(DEFAULT_ROLES).map(([key, value]) => [key, RoleSchema.prefault(value)]));
  const activityEntries = Object.fromEntries(Object.entries(DEFAULT_ACTIVITIES).map(([key, value]) => [key, ActivitySchema.prefault(value)]));
  return z
    .object({
      roles: z.object(roleEntries).catchall(RoleSchema).prefault({}).describe('How documents name each role; a role key of `roles` without an entry here is named by its holder\'s title.'),
      activities: z.object(activityEntries).catchall(ActivitySchema).prefault({}).describe('Incident-management activities with R, A, C and I roles.'),
      informedAtOnce: z
        .object({
          P1: RoleListSchema.default(DEFAULT_INFORMED_AT_ONCE.P1),
          P2: RoleListSchema.default(DEFAULT_INFORMED_AT_ONCE.P2),
          P3: RoleListSchema.default(DEFAULT_INFORMED_AT_ONCE.P3),
          P4: RoleListSchema.default(DEFAULT_INFORMED_AT_ONCE.P4),
        })
        .strict()
        .prefault({})
        .describe('Roles informed at once on classification, per priority; the roles of `majorIncidentInformed` are added to every major priority.'),
      majorIncidentInformed: RoleListSchema.default([...DEFAULT_MAJOR_INCIDENT_INFORMED]).describe('Roles informed at once of every major incident.'),
    })
    .strict()
    .prefault({});
}
