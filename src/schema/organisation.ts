import { z } from 'zod';
import { FrameworkIdSchema, LanguageSchema, MAX_ID_LENGTH, SlugSchema, type Language } from './common.js';
import { responsibilitiesSchema } from './responsibilities.js';
import { IsoDateSchema } from './iso-date.js';
import { SEMVER_PATTERN } from './release.js';

/**
 * A text value from an organisation file. Values are data, printed literally; control characters
 * (other than tab) and the private-use characters policymark reserves for its own bookkeeping are
 * refused, because they would be invisible in a document or could be mistaken for markers.
 */
export const TextSchema = z
  .string()
  .max(2000, { message: 'is longer than 2000 characters' })
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uE000-\uF8FF]*$/u, {
    message: 'contains a control character or a reserved private-use character',
  });

const IdentifierSchema = z
  .string()
  .max(MAX_ID_LENGTH)
  .regex(/^[a-z][a-z0-9]*(?:[-.][a-z0-9]+)*$/, {
    message: 'must be lower-case letters and digits, separated by single "-" or "."',
  });

/**
 * A value the organisation may leave empty (`~`, nothing after the colon, or the key left out). A normal
 * build reports every module that uses it; `build --template` prints a placeholder naming what to fill in.
 */
function fillable<T extends z.ZodType>(schema: T) {
  return schema.nullable().default(null);
}

const RoleKeySchema = z.string().regex(/^[a-z][A-Za-z0-9]*$/, { message: 'role keys are camelCase, e.g. "incidentManager"' });

const ColourSchema = z.string().regex(/^#[0-9A-Fa-f]{6}$/, { message: 'must be a colour like "#1F4E79"' });

const personSchema = <T extends z.ZodType>(text: T) => z
  .object({
    id: IdentifierSchema.describe('A short id that roles refer to, e.g. "anna.lindqvist".'),
    name: fillable(TextSchema).describe('Full name as it appears in documents.'),
    title: fillable(text).describe('Job title.'),
    email: TextSchema.optional(),
    phone: TextSchema.optional(),
  })
  .strict();

const authoritySchema = <T extends z.ZodType>(text: T) => z
  .object({
    name: fillable(text).describe('The authority\'s name as it should appear in the policy.'),
    contact: TextSchema.optional().describe('Web address, e-mail or telephone number for reports.'),
  })
  .strict();

const priorityLevelSchema = <T extends z.ZodType>(text: T) => z
  .object({
    label: fillable(text).describe('Name of the priority, e.g. "Critical".'),
    response: fillable(text).describe('Target time to start work, e.g. "15 minutes".'),
    resolution: fillable(text).describe('Target time to restore service, e.g. "4 hours".'),
    updates: fillable(text).describe('How often stakeholders are updated, e.g. "every hour".'),
    escalateAfter: fillable(text).describe('Time after which an unresolved incident is escalated one level.'),
  })
  .strict();

/** Implementation status of an Annex A control in the Statement of Applicability. */
export const IMPLEMENTATION_STATUSES = ['implemented', 'partially-implemented', 'planned', 'not-implemented'] as const;
export type ImplementationStatus = (typeof IMPLEMENTATION_STATUSES)[number];

/** The recovery tiers that apply when the organisation file names none: the usual three. */
const DEFAULT_RECOVERY_TIERS = [
  { name: { en: 'Tier 1', sv: 'Klass 1' }, description: { en: 'Critical: systems without which critical services to customers stop, or whose unavailability would breach legal obligations', sv: 'Kritisk: system utan vilka kritiska tjänster till kunder upphör, eller vars otillgänglighet skulle bryta mot rättsliga skyldigheter' }, rto: { en: '4 hours', sv: '4 timmar' }, rpo: { en: '1 hour', sv: '1 timme' }, backupFrequency: { en: 'hourly, with a full backup weekly', sv: 'varje timme, med en fullständig kopia varje vecka' }, restoreTest: { en: 'every six months', sv: 'var sjätte månad' } },
  { name: { en: 'Tier 2', sv: 'Klass 2' }, description: { en: 'Important: systems that support important services or internal processes that can run in a degraded mode for a short time', sv: 'Viktig: system som stöder viktiga tjänster eller interna processer som kan fortsätta med nedsatt förmåga en kort tid' }, rto: { en: '24 hours', sv: '24 timmar' }, rpo: { en: '24 hours', sv: '24 timmar' }, backupFrequency: { en: 'daily, with a full backup weekly', sv: 'dagligen, med en fullständig kopia varje vecka' }, restoreTest: { en: 'annually', sv: 'årligen' } },
  { name: { en: 'Tier 3', sv: 'Klass 3' }, description: { en: 'Standard: all other systems', sv: 'Normal: alla övriga system' }, rto: { en: '5 business days', sv: '5 arbetsdagar' }, rpo: { en: '24 hours', sv: '24 timmar' }, backupFrequency: { en: 'daily', sv: 'dagligen' }, restoreTest: { en: 'every two years', sv: 'vartannat år' } },
];

/**
 * Business continuity decisions that more than one document prints: the recovery tiers, with each
 * tier's objectives, backup frequency and full restore test, stated by the Business Continuity and the
 * Backup and Restore documents from this one definition.
 */
function continuitySchema<T extends z.ZodType>(text: T) {
  const schema = z
    .object({
      recoveryTiers: z
        .array(
          z
            .object({
              name: text.describe('The tier as documents name it, e.g. "Tier 1".'),
              description: text.describe('Which systems belong to the tier.'),
              rto: text.describe('The longest recovery time objective allowed in the tier, e.g. "4 hours".'),
              rpo: text.describe('The longest recovery point objective allowed in the tier, e.g. "1 hour".'),
              backupFrequency: text.describe('How often the data of the tier is backed up at least, e.g. "hourly".'),
              restoreTest: text.describe('How often each system of the tier is restored in full as a test, e.g. "every six months".'),
            })
            .strict(),
        )
        .min(1)
        .max(9)
        .describe('Recovery tiers, most critical first.'),
    })
    .strict();
  // The default is per-language text, which every text schema accepts as input; TypeScript cannot see that through T.
  return schema.prefault({ recoveryTiers: DEFAULT_RECOVERY_TIERS } as unknown as z.input<typeof schema>);
}

/** The security zones that apply when the organisation file names none: public areas, internal areas, secure rooms. */
const DEFAULT_SECURITY_ZONES = {
  public: { name: { en: 'Public', sv: 'Allmän' }, description: { en: 'Entrances, receptions and customer counters open to visitors', sv: 'Entréer, receptioner och kunddiskar som är öppna för besökare' }, entry: { en: 'Open during opening hours; staff keep visitors in sight', sv: 'Öppen under öppettider; personalen har uppsikt över besökare' } },
  internal: { name: { en: 'Internal', sv: 'Intern' }, description: { en: 'Offices, meeting rooms and staff areas', sv: 'Kontor, mötesrum och personalutrymmen' }, entry: { en: 'Personal access card; visitors registered and escorted', sv: 'Personligt passerkort; besökare registreras och åtföljs' } },
  secure: { name: { en: 'Secure', sv: 'Skyddad' }, description: { en: 'Network and server rooms, and stores of Restricted information or spare equipment', sv: 'Nätverks- och serverrum samt förråd för strikt konfidentiell information eller reservutrustning' }, entry: { en: 'Access card and PIN for named people only; every entry logged', sv: 'Passerkort och pinkod, endast för namngivna personer; varje passage loggas' } },
};

/**
 * Technology decisions that the physical security, cryptography and secure development documents print:
 * the security zones of the premises, how long camera recordings are kept, how often physical access rights
 * are reviewed, the minimum protocol and key sizes a client may set stricter, the key rotation period and
 * how often developers are trained in secure coding.
 */
function technologySchema<T extends z.ZodType>(text: T) {
  const zone = z
    .object({
      name: text.describe('The zone as documents name it, e.g. "Secure".'),
      description: text.describe('Which areas belong to the zone.'),
      entry: text.describe('How entry to the zone is controlled, at least.'),
    })
    .strict();
  // Three fixed levels, so that the rules can name each zone by the organisation's own name for it.
  const zones = z
    .object({
      public: zone.describe('Areas open to visitors.'),
      internal: zone.describe('Areas for staff and escorted visitors.'),
      secure: zone.describe('Rooms for critical equipment and the most sensitive information, for named people only.'),
    })
    .strict();
  const schema = z
    .object({
      securityZones: zones
        .prefault(DEFAULT_SECURITY_ZONES as unknown as z.input<typeof zones>)
        .describe('The physical security zones: public, internal and secure.'),
      cctvRetentionDays: z.number().int().min(1).max(365).default(30)
        .describe('Days after which camera recordings are deleted unless kept for an incident; keep it as short as the purpose allows.'),
      physicalAccessReview: text.prefault({ en: 'every six months', sv: 'var sjätte månad' } as unknown as z.input<T>)
        .describe('How often the rights to enter secure zones are reviewed, e.g. "every six months".'),
      tlsMinimumVersion: z.enum(['1.2', '1.3']).default('1.2')
        .describe('The oldest TLS version allowed for connections, "1.2" or "1.3".'),
      rsaMinimumBits: z.number().int().min(2048).max(8192).default(3072)
        .describe('The shortest RSA key allowed for new keys and certificates, in bits; 3072 matches about 128-bit security.'),
      keyRotationMonths: z.number().int().min(1).max(60).default(12)
        .describe('The longest time, in months, a key that encrypts stored data is used before it is replaced.'),
      secureCodingTraining: text.prefault({ en: 'every year', sv: 'varje år' } as unknown as z.input<T>)
        .describe('How often developers take secure coding training, e.g. "every year".'),
    })
    .strict();
  // The defaults are per-language text, which every text schema accepts as input; TypeScript cannot see that through T.
  return schema.prefault({} as z.input<typeof schema>);
}

/** The operations decisions that apply when the organisation file names none: common practice. */
const DEFAULT_OPERATIONS = {
  remediation: {
    exploited: { en: '48 hours', sv: '48 timmar' },
    critical: { en: '7 days', sv: '7 dagar' },
    high: { en: '30 days', sv: '30 dagar' },
    medium: { en: '90 days', sv: '90 dagar' },
    low: { en: '180 days', sv: '180 dagar' },
  },
  externalScan: { en: 'weekly', sv: 'varje vecka' },
  internalScan: { en: 'monthly', sv: 'varje månad' },
  disclosureAcknowledgement: { en: '5 business days', sv: '5 arbetsdagar' },
  logRetention: { en: '12 months', sv: '12 månader' },
  privilegedLogReview: { en: 'weekly', sv: 'varje vecka' },
  threatAssessment: { en: 'quarterly', sv: 'varje kvartal' },
  firewallReview: { en: 'every six months', sv: 'var sjätte månad' },
  capacityReview: { en: 'quarterly', sv: 'varje kvartal' },
};

/**
 * Operations decisions (vulnerability handling, logging and monitoring, threat intelligence, network and
 * capacity reviews) that the operations policies print from one place, so that a client adapts each once.
 */
function operationsSchema<T extends z.ZodType>(text: T) {
  // Each default is per-language text, which every text schema accepts as input; TypeScript cannot see that through T.
  const valueOr = (value: { en: string; sv: string }) => text.prefault(value as unknown as z.input<T>);
  const deadlines = DEFAULT_OPERATIONS.remediation;
  return z
    .object({
      remediation: z
        .object({
          exploited: valueOr(deadlines.exploited).describe('Deadline for a vulnerability known to be exploited (e.g. listed in the CISA KEV catalog) on an internet-facing or critical system, e.g. "48 hours".'),
          critical: valueOr(deadlines.critical).describe('Deadline for a critical vulnerability (CVSS 9.0-10.0), e.g. "7 days".'),
          high: valueOr(deadlines.high).describe('Deadline for a high vulnerability (CVSS 7.0-8.9), e.g. "30 days".'),
          medium: valueOr(deadlines.medium).describe('Deadline for a medium vulnerability (CVSS 4.0-6.9), e.g. "90 days".'),
          low: valueOr(deadlines.low).describe('Deadline for a low vulnerability (CVSS 0.1-3.9), e.g. "180 days".'),
        })
        .strict()
        .prefault({})
        .describe('Remediation deadlines per severity, counted from the moment a fix or mitigation is available.'),
      externalScan: valueOr(DEFAULT_OPERATIONS.externalScan).describe('How often internet-facing systems are scanned for vulnerabilities, e.g. "weekly".'),
      internalScan: valueOr(DEFAULT_OPERATIONS.internalScan).describe('How often internal systems are scanned for vulnerabilities, e.g. "monthly".'),
      disclosureContact: fillable(TextSchema).describe('Where outsiders report vulnerabilities, e.g. "security@example.com"; printed in the Vulnerability and Patch Management Policy.'),
      disclosureAcknowledgement: valueOr(DEFAULT_OPERATIONS.disclosureAcknowledgement).describe('How soon a vulnerability report from outside is acknowledged, e.g. "5 business days".'),
      logRetention: valueOr(DEFAULT_OPERATIONS.logRetention).describe('How long security logs are kept at least, e.g. "12 months".'),
      privilegedLogReview: valueOr(DEFAULT_OPERATIONS.privilegedLogReview).describe('How often the logs of privileged activity are reviewed, e.g. "weekly".'),
      clockSource: fillable(text).describe('The reference time source every system synchronises with, e.g. "the Netnod NTP service (ntp.se)".'),
      threatAssessment: valueOr(DEFAULT_OPERATIONS.threatAssessment).describe('How often a written threat assessment is produced, e.g. "quarterly".'),
      specialInterestGroups: fillable(z.array(text).min(1)).describe('Security forums, CSIRTs and professional associations the organisation keeps contact with.'),
      firewallReview: valueOr(DEFAULT_OPERATIONS.firewallReview).describe('How often firewall and network access rules are reviewed, e.g. "every six months".'),
      capacityReview: valueOr(DEFAULT_OPERATIONS.capacityReview).describe('How often the capacity of critical systems and networks is reviewed against forecasts, e.g. "quarterly".'),
    })
    .strict()
    .prefault({});
}

/**
 * The context and scope of the ISMS (ISO/IEC 27001 clauses 4.1-4.3) that the ISMS Scope and Context
 * statement prints: every fact in it is the organisation's own, so nothing has a default except the
 * exclusions, which are usually none.
 */
function ismsSchema<T extends z.ZodType>(text: T) {
  const list = (description: string) => fillable(z.array(text).min(1)).describe(description);
  return z
    .object({
      scope: fillable(text).describe('One sentence naming what the ISMS covers, e.g. "all of Kestrel\'s postal, courier and logistics services, the people who provide them, and the information and systems they use".'),
      internalIssues: list('Internal issues relevant to the ISMS (clause 4.1): structure, culture, capabilities, systems, e.g. "seasonal staff at the terminals".'),
      externalIssues: list('External issues relevant to the ISMS (clause 4.1): law, market, threats, suppliers, e.g. "ransomware aimed at logistics companies".'),
      // A list rather than a fillable value: a template lists no party yet (the table says so), and
      // the template check cannot look into the items of an unset list of objects.
      interestedParties: z
          .array(
            z
              .object({
                party: text.describe('The interested party, e.g. "customers".'),
                requirements: text.describe('What the party requires of information security, e.g. "delivery data kept confidential and services available".'),
                addressed: text.describe('Which of these requirements the ISMS addresses and how, e.g. "all, through the policies and the customer contracts".'),
              })
              .strict(),
          )
          .default([])
          .describe('Interested parties, their information security requirements and which of them the ISMS addresses (clause 4.2).'),
      locations: list('The sites and organisational units inside the scope (its boundaries), e.g. "the head office in Stockholm".'),
      interfaces: list('Interfaces between the scope and what lies outside it, e.g. "integrations with customers\' web shops".'),
      dependencies: list('Activities outside the scope or performed by others that the ISMS depends on, e.g. "the cloud services of Microsoft".'),
      exclusions: z.array(text).default([]).describe('Parts of the organisation or activities left out of the scope, each with its reason; empty when nothing is excluded.'),
    })
    .strict()
    .prefault({});
}

/** The records the ISMS keeps and how long, when the organisation file names none. */
const DEFAULT_GOVERNANCE_RECORDS = [
  { record: { en: 'approved policies, standards and procedures, and their superseded versions', sv: 'fastställda policyer, standarder och rutiner samt deras tidigare versioner' }, retention: { en: 'ten years after they are superseded', sv: 'tio år efter att de har ersatts' } },
  { record: { en: 'risk assessments, risk treatment plans and risk acceptances', sv: 'riskbedömningar, riskbehandlingsplaner och beslut om riskacceptans' }, retention: { en: 'five years', sv: 'fem år' } },
  { record: { en: 'minutes of management reviews and of the management body\'s decisions on cybersecurity', sv: 'protokoll från ledningens genomgångar och från ledningsorganets beslut om cybersäkerhet' }, retention: { en: 'ten years', sv: 'tio år' } },
  { record: { en: 'internal audit programmes and reports, nonconformities and corrective actions', sv: 'internrevisionsprogram och revisionsrapporter, avvikelser och korrigerande åtgärder' }, retention: { en: 'five years', sv: 'fem år' } },
  { record: { en: 'training and acknowledgement records', sv: 'dokumentation av utbildning och bekräftelser' }, retention: { en: 'for the duration of employment and two years after', sv: 'under anställningen och två år därefter' } },
];

const DEFAULT_GOVERNANCE = {
  riskAssessment: { en: 'at least once a year', sv: 'minst en gång per år' },
  managementReview: { en: 'at least once a year', sv: 'minst en gång per år' },
  managementBodyReporting: { en: 'at least quarterly', sv: 'minst en gång per kvartal' },
  privilegedAccessReview: { en: 'quarterly', sv: 'kvartalsvis' },
  riskOwnerAcceptanceLimit: { en: 'medium', sv: 'medelhög' },
  records: DEFAULT_GOVERNANCE_RECORDS,
};

/**
 * ISMS governance decisions that several documents print: the Information Security Policy, the Risk
 * Management Policy and the access documents state these cadences from this one definition.
 */
function governanceSchema<T extends z.ZodType>(text: T) {
  const schema = z
    .object({
      riskAssessment: text.prefault(DEFAULT_GOVERNANCE.riskAssessment as never).describe('How often risks are assessed for the whole ISMS scope, e.g. "at least once a year".'),
      managementReview: text.prefault(DEFAULT_GOVERNANCE.managementReview as never).describe('How often top management reviews the ISMS (ISO/IEC 27001 clause 9.3), e.g. "at least once a year".'),
      managementBodyReporting: text.prefault(DEFAULT_GOVERNANCE.managementBodyReporting as never).describe('How often the CISO reports in writing to the management body (NIS2 Art. 20), e.g. "at least quarterly".'),
      privilegedAccessReview: text.prefault(DEFAULT_GOVERNANCE.privilegedAccessReview as never).describe('How often privileged accounts and roles are reviewed, e.g. "quarterly".'),
      riskOwnerAcceptanceLimit: text.prefault(DEFAULT_GOVERNANCE.riskOwnerAcceptanceLimit as never).describe('The highest residual risk level a risk owner may accept; above it only top management may, e.g. "medium".'),
      records: z
        .array(
          z
            .object({
              record: text.describe('A kind of documented information the ISMS keeps.'),
              retention: text.describe('How long it is kept, e.g. "five years".'),
            })
            .strict(),
        )
        .min(1)
        .prefault(DEFAULT_GOVERNANCE_RECORDS as never)
        .describe('The documentation the ISMS keeps and how long (Implementing Regulation (EU) 2024/2690, Annex I, 1.1.1 (h)).'),
    })
    .strict();
  // Each field has its own default, so a client may set one cadence and keep the rest; the defaults are
  // per-language text, which every text schema accepts as input (TypeScript cannot see that through T).
  return schema.prefault({});
}

/**
 * The organisation file's schema, built around how prose values are read. Prose (job titles, sector,
 * targets, cadences, channels) may be one text for every language or a map per language; names,
 * addresses and tools are one text.
 */
function organisationSchema<T extends z.ZodType>(text: T) {
  const AuthoritySchema = authoritySchema(text);
  const PriorityLevelSchema = priorityLevelSchema(text);
  return z
  .object({
    id: IdentifierSchema.describe('Used in output paths: output/<id>/<policy>/<version>/.'),
    legalName: fillable(TextSchema).describe('Registered legal name, e.g. "Kestrel Logistics AB".'),
    shortName: fillable(TextSchema).describe('The name used in running text, e.g. "Kestrel".'),
    registrationNumber: TextSchema.optional(),
    sector: fillable(text).describe('The organisation\'s sector, as it should read in the scope section.'),
    country: z.string().regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as "SE"' }),
    employees: z.number().int().positive().optional(),
    languages: z.array(LanguageSchema).min(1).describe('Languages the policies are published in; the first is the default.'),
    frameworks: z.array(FrameworkIdSchema).describe('Frameworks that apply; appendices and coverage show only these.'),
    people: z.array(personSchema(text)).default([]),
    roles: z
      .record(RoleKeySchema, IdentifierSchema.nullable())
      .describe('Role key to the id of the person who holds it, e.g. incidentManager: erik.sandberg. Leave a role empty for a placeholder in template builds.'),
    delegates: z
      .record(RoleKeySchema, z.array(IdentifierSchema).min(1))
      .default({})
      .describe('People who may approve in place of a role\'s holder, by role key, e.g. ceo: [per.fors]. A release they approve names them as approver.'),
    roleHistory: z
      .array(
        z
          .object({
            role: RoleKeySchema,
            person: IdentifierSchema.describe('The id of the person who held the role (still listed under people).'),
            from: IsoDateSchema.describe('First day in the role.'),
            until: IsoDateSchema.describe('Last day in the role.'),
          })
          .strict(),
      )
      .default([])
      .describe('Who held a role before its current holder, so that releases they approved still verify.'),
    gdpr: z
      .object({
        supervisoryAuthority: AuthoritySchema,
        dpoRequired: z.boolean().describe('Whether a data protection officer is designated under GDPR Art. 37.'),
        // Issue 21 (data protection): organisation values with library defaults.
        recordsReviewMonths: z.number().int().min(1).max(36).default(12)
          .describe('Months between reviews of the records of processing activities (GDPR Art. 30) and of the retention periods they state.'),
      })
      .strict(),
    suppliers: z
      .object({
        criticalReviewMonths: z.number().int().min(1).max(36).default(12)
          .describe('Months between reassessments of the security of each critical supplier.'),
        otherReviewMonths: z.number().int().min(1).max(60).default(24)
          .describe('Months between reassessments of the security of suppliers that are not critical.'),
        serviceReviewMonths: z.number().int().min(1).max(12).default(3)
          .describe('Months between service reviews (performance, incidents, changes) with each critical supplier.'),
        incidentNotificationHours: z.number().int().min(1).max(168).default(24)
          .describe('Hours within which a supplier agreement requires the supplier to report a security incident that affects the organisation; 24 leaves time for a NIS2 early warning.'),
      })
      .strict()
      .prefault({})
      .describe('Supplier and supply-chain security decisions (Supplier Security Policy).'),
    ai: z
      .object({
        approvedTools: z
          .array(
            z
              .object({
                name: TextSchema.describe('The tool as staff know it, e.g. "Microsoft 365 Copilot Chat".'),
                use: text.describe('What the tool is approved for and how it is reached, e.g. "drafting and summarising, signed in with a work account".'),
                confidential: z.boolean().default(false)
                  .describe('Whether Confidential information may be entered (the agreement excludes training on it and keeps it in the organisation\'s tenant).'),
              })
              .strict(),
          )
          .default([])
          .describe('Generative AI tools approved for work use; anything not listed is not approved.'),
      })
      .strict()
      .prefault({})
      .describe('Use of artificial intelligence (AI Policy and AI Guidelines).'),
    nis2: z
      .object({
        inScope: z.boolean().describe('Whether the organisation is an essential or important entity under NIS2.'),
        entityType: z.enum(['essential', 'important']).optional(),
        competentAuthority: AuthoritySchema.optional(),
        csirt: AuthoritySchema.optional().describe('The CSIRT or authority that receives incident notifications.'),
      })
      .strict(),
    incident: z
      .object({
        priorities: z.object({ P1: PriorityLevelSchema, P2: PriorityLevelSchema, P3: PriorityLevelSchema, P4: PriorityLevelSchema }).strict(),
        reportingChannels: fillable(z.array(text).min(1)).describe('Where anyone reports a suspected incident.'),
        majorIncidentPriority: z.enum(['P1', 'P2']).describe('Priorities at or above this one are major incidents.'),
        recordRetention: fillable(text).describe('How long incident records are kept, e.g. "five years".'),
        // Issue 14 (incident management): organisation values with library defaults.
        postIncidentReviewBusinessDays: z.number().int().min(1).max(60).default(10)
          .describe('Business days after resolution within which the post-incident review of a major incident is held.'),
      })
      .strict(),
    responsibilities: responsibilitiesSchema(text).describe(
      'Who does what in incident management (R, A, C, I per activity, and who is informed at once per priority). Every entry has a library default; an entry given here replaces it.',
    ),
    training: z
      .object({
        onboarding: fillable(text).describe('When new staff are trained, e.g. "on their first working day".'),
        cadence: fillable(text).describe('Recurring training, e.g. "quarterly".'),
        refresher: fillable(text).describe('Short refreshers, e.g. "monthly".'),
        exercises: fillable(text).describe('Incident exercises, e.g. "at least twice a year".'),
        refresherMinutes: z.number().int().min(1).max(240).default(15)
          .describe('The length of the short refresher (training.refresher), in minutes; 15 is the usual practice.'),
        phishingSimulationsPerYear: z.number().int().min(0).max(52).default(4)
          .describe('How many simulated phishing exercises everyone receives at least per year; 4 (one a quarter) is common practice.'),
      })
      .strict(),
    personnel: z
      .object({
        rescreeningYears: z.number().int().min(1).max(10).default(3)
          .describe('Years after which the lawful background checks are repeated for people in security-sensitive roles.'),
        abroadMaxWorkingDays: z.number().int().min(0).max(260).default(20)
          .describe('Working days per calendar year that someone may work from abroad without prior approval; 0 means every stay needs approval.'),
      })
      .strict()
      .prefault({})
      .describe('Human resource security decisions printed by the Human Resource Security and the Remote Work policies.'),
    continuity: continuitySchema(text).describe('Business continuity decisions that more than one document states.'),
    technology: technologySchema(text).describe('Physical security, cryptography and secure development decisions.'),
    operations: operationsSchema(text).describe('Operations decisions: vulnerability deadlines and scans, logging, threat intelligence, network and capacity reviews.'),
    isms: ismsSchema(text).describe('The context and scope of the ISMS: internal and external issues, interested parties and their requirements, the scope\'s boundaries, interfaces, dependencies and exclusions (ISO/IEC 27001 clauses 4.1-4.3).'),
    governance: governanceSchema(text).describe('ISMS governance cadences and decisions that more than one document states: risk assessment, management review, reporting to the management body, privileged access reviews, risk acceptance and the records kept.'),
    exceptions: z
      .object({
        maxMonths: z.number().int().min(1).max(36).default(12)
          .describe('The longest time, in months from approval, for which an exception to a policy may be granted.'),
      })
      .strict()
      .prefault({})
      .describe('Rules for exceptions to policies, stated once in the top policy.'),
    review: z
      .object({
        intervalMonths: z.number().int().min(1).max(36).describe('Default review interval for policies.'),
      })
      .strict(),
    tools: z
      .object({
        ticketing: fillable(TextSchema).describe('The ticketing or ITSM system where incidents are logged.'),
        monitoring: TextSchema.optional(),
        backup: TextSchema.optional(),
      })
      .strict(),
    branding: z
      .object({
        logo: TextSchema.optional().describe('Path to a PNG or JPEG logo, relative to this file.'),
        primaryColor: ColourSchema.default('#1F4E79'),
        font: TextSchema.default('Carlito'),
        pageSize: z.enum(['A4', 'Letter']).default('A4'),
      })
      .strict()
      .prefault({}),
    soa: z
      .object({
        controls: z
          .record(
            z.string(),
            z
              .object({
                applicable: z.boolean(),
                justification: text.optional().describe('Why the control is included or excluded; required for an exclusion.'),
                status: z.enum(IMPLEMENTATION_STATUSES).optional(),
              })
              .strict(),
          )
          .default({})
          .describe('ISO/IEC 27001 Annex A decisions by control id, e.g. "7.12": { applicable: false, justification: ... }.'),
      })
      .strict()
      .prefault({})
      .describe('Statement of Applicability (ISO/IEC 27001:2022 clause 6.1.3 d).'),
    library: TextSchema.optional().describe(
      'The module library: a folder relative to this file, or the name of an npm package installed for this project. Default: the library bundled with policymark.',
    ),
    libraryVersion: z
      .string()
      .regex(SEMVER_PATTERN, { message: 'must be a version like "1.2.0"' })
      .optional()
      .describe('The version of the module library this organisation\'s policies were built from; `policymark upgrade` sets it and merges from it.'),
    policies: z
      .record(
        SlugSchema,
        z
          .object({
            exclude: z.array(SlugSchema).default([]).describe('Section modules of the library policy that this organisation leaves out.'),
            insert: z
              .array(
                z
                  .object({
                    section: SlugSchema.describe('Id of the section module to add (usually one of this project\'s own modules).'),
                    after: SlugSchema.optional().describe('Insert after this section of the policy.'),
                    before: SlugSchema.optional().describe('Insert before this section of the policy.'),
                  })
                  .strict(),
              )
              .default([])
              .describe('Section modules added to the library policy, each after or before one of its sections (at the end when neither is given).'),
          })
          .strict(),
      )
      .default({})
      .describe('Tailoring of library policies for this organisation, by policy id, without copying their manifests.'),
    variables: z
      .record(z.string().regex(/^[a-zA-Z][A-Za-z0-9]*$/), z.union([text, z.number(), z.boolean()]).nullable())
      .default({})
      .describe('Free variables for your own modules, used as {{org.variables.name}}.'),
  })
  .strict();
}

/** Prose in one language for all, or per language: `{ en: "quarterly", sv: "varje kvartal" }`. */
export const LocalisableTextSchema = z.union([TextSchema, z.partialRecord(LanguageSchema, TextSchema)]);

/** The organisation file as written: what `check` validates and the JSON Schema describes. */
export const OrganisationSchema = organisationSchema(LocalisableTextSchema);

/**
 * The organisation as one language's document sees it: every prose value resolved to that language.
 * A value given per language but not in this one is an issue at its position, never a silent fallback.
 */
export function organisationSchemaFor(lang: Language) {
  return organisationSchema(
    LocalisableTextSchema.transform((value, context) => {
      if (typeof value === 'string') return value;
      const text = value[lang];
      if (text !== undefined) return text;
      context.addIssue({ code: 'custom', message: `has no "${lang}" text`, params: { missingTranslation: lang } });
      return z.NEVER;
    }),
  );
}

/** The organisation file as written (before defaults). */
export type OrganisationInput = z.input<typeof OrganisationSchema>;
/** The organisation in one language, defaults applied: every value a plain string. */
export type Organisation = z.infer<ReturnType<typeof organisationSchemaFor>>;
export type Person = Organisation['people'][number];
