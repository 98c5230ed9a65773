import { z } from 'zod';
import { SEMVER_PATTERN } from './release.js';

/**
 * `policymark-library.yaml` at the root of a module library (beside `policy-modules/` and `frameworks/`):
 * the library's name and version. An npm package may instead state its version in `package.json`.
 */
export const LibraryManifestSchema = z
  .object({
    name: z.string().min(1).optional(),
    version: z.string().regex(SEMVER_PATTERN, { message: 'must be a version like "1.2.0"' }),
  })
  .strict();

export type LibraryManifest = z.infer<typeof LibraryManifestSchema>;
