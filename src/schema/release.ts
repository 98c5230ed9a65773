import { z } from 'zod';
import { LanguageSchema, SlugSchema } from './common.js';

/** Semantic version without pre-release or build metadata: releases are final. */
export const SEMVER_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date like "2026-03-01"' });

/**
 * A released version of one policy for one organisation: `releases/<policy>/<version>.json` beside the
 * organisation file. The document models are stored whole, so a release renders the same forever.
 */
export const ReleaseRecordSchema = z
  .object({
    format: z.literal('policymark-release/1'),
    policy: SlugSchema,
    version: z.string().regex(SEMVER_PATTERN, { message: 'must be a version like "1.2.0"' }),
    date: IsoDateSchema,
    author: z.string().min(1),
    approver: z.string().min(1),
    summary: z.string().min(1),
    /** The organisation variables as they were, for diffs. */
    organisation: z.record(z.string(), z.unknown()),
    inputs: z.array(z.object({ path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict()),
    /** The composed document per language. */
    documents: z.partialRecord(LanguageSchema, z.record(z.string(), z.unknown())),
    /** sha256 of the canonical JSON of every other field: a changed byte is detected. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

export type ReleaseRecord = z.infer<typeof ReleaseRecordSchema>;
export { IsoDateSchema };
