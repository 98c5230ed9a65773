import { z } from 'zod';
import { OrganisationSchema } from './organisation.js';

/** The JSON Schema of organisation files, for editor autocompletion; generated from the zod schema. */
export function organisationJsonSchema(): string {
  const schema = z.toJSONSchema(OrganisationSchema, { io: 'input', target: 'draft-2020-12', reused: 'ref' });
  return `${JSON.stringify({ ...schema, title: 'policymark organisation variables', $id: 'https://policymark.dev/schema/organisation.schema.json' }, null, 2)}\n`;
}
