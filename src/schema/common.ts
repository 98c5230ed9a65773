import { z } from 'zod';
import { LANGUAGES } from './languages.js';

export { LANGUAGES } from './languages.js';
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;

/** Frameworks with a catalog in frameworks/<id>.yaml. */
export const FRAMEWORK_IDS = ['iso27001', 'soc2', 'gdpr', 'nis2'] as const;
export const FrameworkIdSchema = z.enum(FRAMEWORK_IDS);
export type FrameworkId = z.infer<typeof FrameworkIdSchema>;

/** Longest id accepted: ids become file and folder names, which the file system bounds (255 bytes a name). */
export const MAX_ID_LENGTH = 64;

/** Module and policy ids: kebab-case. */
export const SlugSchema = z
  .string()
  .max(MAX_ID_LENGTH)
  .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, {
    message: 'must be kebab-case: lower-case letters and digits separated by "-"',
  });
