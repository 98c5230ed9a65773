import { z } from 'zod';
import { LanguageSchema, SlugSchema } from './common.js';
import { IsoDateSchema } from './iso-date.js';
import { SEMVER_PATTERN } from './semver-pattern.js';

export { SEMVER_PATTERN };

/**
 * A released version of one policy for one organisation: `releases/<policy>/<version>.json` beside the
 * organisation file. The document models are stored whole, so a release renders the same forever.
 */
export const ReleaseRecordSchema = z
  .object({
    /** `/2` records approver and author as people, the kind of change and the signer; `/1` releases predate that. */
    format: z.enum(['policymark-release/1', 'policymark-release/2']),
    policy: SlugSchema,
    version: z.string().regex(SEMVER_PATTERN, { message: 'must be a version like "1.2.0"' }),
    date: IsoDateSchema,
    author: z.string().min(1),
    approver: z.string().min(1),
    summary: z.string().min(1),
    /**
     * The summary in other words per language, where the release gave one (`--summary-sv`); a language
     * without one shows `summary`. Absent in releases made before summaries were given per language.
     */
    summaries: z.partialRecord(LanguageSchema, z.string().min(1)).optional(),
    /** Person ids of the organisation file (format 2). */
    authorId: z.string().min(1).optional(),
    approverId: z.string().min(1).optional(),
    /** The policy role the approver approved in (the policy's approver role), and whether as its delegate. */
    approverRole: z.string().min(1).optional(),
    /** A material change must be acknowledged by staff again; an editorial one need not (format 2). */
    change: z.enum(['material', 'editorial']).optional(),
    /**
     * Who signs the release file (`<version>.json.sig` beside it), or null for a release made with
     * `--unsigned` (format 2). Sealed, so a signed release cannot pass as unsigned without breaking its seal's chain.
     */
    signer: z
      .object({
        principal: z.string().min(1),
        key: z.string().regex(/^ssh-ed25519 [A-Za-z0-9+/]+=*$/),
        fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
      })
      .strict()
      .nullable()
      .optional(),
    /** The declared version of the module library the release was composed with; absent in older releases ("unknown"). */
    libraryVersion: z.string().regex(SEMVER_PATTERN).optional(),
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

/**
 * The index of one policy's releases, `releases/<policy>/index.json`, rewritten by every release: the
 * versions stored so far and their seals, oldest first. It records what the release files alone cannot:
 * that a latest release existed, so deleting its file is found.
 */
export const ReleaseIndexSchema = z
  .object({
    format: z.literal('policymark-release-index/1'),
    policy: SlugSchema,
    releases: z.array(z.object({ version: z.string().regex(SEMVER_PATTERN, { message: 'must be a version like "1.2.0"' }), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict()),
  })
  .strict();

export type ReleaseIndex = z.infer<typeof ReleaseIndexSchema>;

/** The file name of a policy's release index, beside its release files. */
export const RELEASE_INDEX_FILE = 'index.json';
