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
      })
      .strict(),
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
      })
      .strict(),
    continuity: continuitySchema(text).describe('Business continuity decisions that more than one document states.'),
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
