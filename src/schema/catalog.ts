import { z } from 'zod';
import { FrameworkIdSchema } from './common.js';

export const CatalogControlSchema = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
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
    edition: z.string().min(1),
    source: z.string().min(1),
    /** Aliases accepted in module mappings, mapped to the canonical prefix ("A.5.1" -> "5.1"). */
    aliases: z.array(z.object({ prefix: z.string(), replace: z.string() }).strict()).default([]),
    groups: z.array(z.object({ id: z.string().min(1), title: z.string().min(1), requirement: z.boolean().optional() }).strict()).min(1),
    controls: z.array(CatalogControlSchema).min(1),
  })
  .strict();

export type Catalog = z.infer<typeof CatalogSchema>;
export type CatalogControl = z.infer<typeof CatalogControlSchema>;
