import { z } from 'zod';
import { FrameworkIdSchema, LanguageSchema, SlugSchema } from './common.js';

/** What a section is about; used for ordering checks and for finding a section in a diff. */
export const SECTION_KINDS = [
  'purpose', 'scope', 'definitions', 'principles', 'roles', 'classification', 'requirements', 'procedure',
  'lifecycle', 'escalation', 'notification', 'records', 'training', 'monitoring', 'review', 'exceptions',
  'compliance', 'document-control', 'other',
] as const;

/** Kinds of computed content a module can ask for. */
export const GENERATED_CONTENT = ['statement-of-applicability', 'responsibility-matrix', 'role-descriptions', 'escalation-table'] as const;
export type GeneratedContent = (typeof GENERATED_CONTENT)[number];

const ScalarSchema = z.union([z.string(), z.number(), z.boolean()]);

/**
 * An inclusion condition: a map from an organisation variable path to the value it must have.
 * Every entry must hold. Where the variable is a list, the value must be one of its items.
 * Example: `when: { nis2.inScope: true }` or `when: { frameworks: gdpr }`.
 */
export const ConditionSchema = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*$/, {
  message: 'must be an organisation variable path such as "nis2.inScope"',
}), ScalarSchema);

export const ControlMappingSchema = z.record(FrameworkIdSchema, z.array(z.string().min(1)));

/** Front matter of a section module in the library's default language (carries the metadata). */
export const ModuleFrontMatterSchema = z
  .object({
    id: SlugSchema,
    title: z.string().min(1).max(200),
    kind: z.enum(SECTION_KINDS),
    lang: LanguageSchema,
    /** Controls this section implements: its text, read alone, fulfils the control. */
    controls: ControlMappingSchema.default({}),
    /** Controls this section supports: relevant to the control, but not enough on its own to fulfil it. */
    supports: ControlMappingSchema.default({}),
    when: ConditionSchema.optional(),
    /** Content computed by policymark and appended after the body, e.g. the Statement of Applicability table. */
    generated: z.enum(GENERATED_CONTENT).optional(),
    /** In an organisation project's own modules: this module replaces the library module with the same id. */
    overrides: z.literal(true).optional(),
  })
  .strict();

/** Front matter of a translation: the metadata stays with the default-language module. */
export const TranslationFrontMatterSchema = z
  .object({
    id: SlugSchema,
    title: z.string().min(1).max(200),
    lang: LanguageSchema,
    translationOf: LanguageSchema,
    /**
     * Which version of the source module this translates: `sha256:` and the hash of the source's
     * title and body (see translationStamp). Set by `policymark translations stamp` after a review.
     */
    translates: z.string().regex(/^sha256:[0-9a-f]{64}$/, { message: 'must be "sha256:" followed by 64 lowercase hex digits' }).optional(),
  })
  .strict();

export type ModuleFrontMatter = z.infer<typeof ModuleFrontMatterSchema>;
export type TranslationFrontMatter = z.infer<typeof TranslationFrontMatterSchema>;
export type Condition = z.infer<typeof ConditionSchema>;
export type ControlMapping = z.infer<typeof ControlMappingSchema>;
export type SectionKind = (typeof SECTION_KINDS)[number];
