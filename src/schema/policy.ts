import { z } from 'zod';
import { LanguageSchema, SlugSchema } from './common.js';

export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;

/**
 * The tier of a document. A policy states what and why and is short enough to be read; a standard or a
 * procedure states how, and names the policy it implements; a statement (the Statement of Applicability)
 * records decisions.
 */
export const DOCUMENT_TIERS = ['policy', 'standard', 'procedure', 'statement'] as const;
export type DocumentTier = (typeof DOCUMENT_TIERS)[number];

/** A title per language; the default language is required by a cross-file rule. */
export const LocalisedTextSchema = z.partialRecord(LanguageSchema, z.string().min(1).max(200));

/** A policy manifest: policy-modules/policies/<id>.yaml. */
export const PolicyManifestSchema = z
  .object({
    id: SlugSchema,
    title: LocalisedTextSchema,
    owner: z.string().min(1).describe('Role key of the owner, e.g. "ciso".'),
    approver: z.string().min(1).describe('Role key of the approver, e.g. "ceo".'),
    reviewIntervalMonths: z.number().int().min(1).max(36).optional()
      .describe('Overrides the organisation\'s default review interval.'),
    classification: z.enum(CLASSIFICATIONS),
    tier: z.enum(DOCUMENT_TIERS).default('policy').describe('policy (what and why), standard or procedure (how), or statement.'),
    implements: SlugSchema.optional().describe('For a standard or procedure: the id of the policy it implements.'),
    governedBy: SlugSchema.optional()
      .describe('The id of the top policy whose review, exception, enforcement and document-control rules apply to this document.'),
    sections: z.array(SlugSchema).min(1),
    /** In an organisation project's own policies: this manifest replaces the library policy with the same id. */
    overrides: z.literal(true).optional(),
  })
  .strict();

export type PolicyManifest = z.infer<typeof PolicyManifestSchema>;
export type Classification = (typeof CLASSIFICATIONS)[number];
