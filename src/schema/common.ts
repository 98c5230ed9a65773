import { z } from 'zod';
import { LANGUAGES } from './languages.js';

export { LANGUAGES } from './languages.js';
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;

/** The frameworks whose catalogs come with policymark, in frameworks/<id>.yaml. */
export const BUNDLED_FRAMEWORK_IDS = ['iso27001', 'soc2', 'gdpr', 'nis2'] as const;

/**
 * A framework is named by the file name of its catalog (frameworks/<id>.yaml, or an OSCAL catalog
 * frameworks/<id>.json), so a library or a project adds one (NIST CSF as `nist-csf`) by adding the
 * file; whether a catalog exists for an id is a cross-file check, not a schema one.
 */
export const FrameworkIdSchema = z
  .string()
  .max(32)
  .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, { message: 'must be a framework id: lower-case letters and digits, as in its catalog\'s file name (iso27001, nist-csf)' });
export type FrameworkId = string;

/** Longest id accepted: ids become file and folder names, which the file system bounds (255 bytes a name). */
export const MAX_ID_LENGTH = 64;

/** Module and policy ids: kebab-case. */
export const SlugSchema = z
  .string()
  .max(MAX_ID_LENGTH)
  .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, {
    message: 'must be kebab-case: lower-case letters and digits separated by "-"',
  });
