import { z } from 'zod';
import { FrameworkIdSchema, LanguageSchema, type Language } from './common.js';

/** A title in other languages than the catalog's English. */
const TitlesSchema = z.partialRecord(LanguageSchema, z.string().min(1)).optional();

export const CatalogControlSchema = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    titles: TitlesSchema,
    group: z.string().min(1),
    summary: z.string().min(1).optional(),
    /** False for provisions that oblige no organisation (definitions, duties of authorities): not counted in coverage. */
    requirement: z.boolean().optional(),
  })
  .strict();

/** A framework catalog: frameworks/<id>.yaml. Mappings live on modules; this is the list of controls. */
export const CatalogSchema = z
  .object({
    id: FrameworkIdSchema,
    name: z.string().min(1),
    /** The framework's official name in other languages, where it has one ("dataskyddsförordningen"). */
    names: TitlesSchema,
    edition: z.string().min(1),
    source: z.string().min(1),
    /** Aliases accepted in module mappings, mapped to the canonical prefix ("A.5.1" -> "5.1"). */
    aliases: z.array(z.object({ prefix: z.string(), replace: z.string() }).strict()).default([]),
    groups: z.array(z.object({ id: z.string().min(1), title: z.string().min(1), titles: TitlesSchema, requirement: z.boolean().optional() }).strict()).min(1),
    controls: z.array(CatalogControlSchema).min(1),
  })
  .strict();

export type Catalog = z.infer<typeof CatalogSchema>;
export type CatalogControl = z.infer<typeof CatalogControlSchema>;

/** A control's or group's title in a language, the English title where the catalog has none. */
export function localTitle(entry: { readonly title: string; readonly titles?: Partial<Record<Language, string>> | undefined }, lang: Language): string {
  return entry.titles?.[lang] ?? entry.title;
}
