import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { REPO_ROOT } from '../support/project.js';

/** NIST's OSCAL 1.2.2 JSON Schemas, copied into the repository (see schemas/README.md), so any clone tests with them. */
export const OSCAL_SCHEMA_DIR = path.resolve(REPO_ROOT, 'test', 'oscal', 'schemas');

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** A compiled validator of one OSCAL model: `component`, `catalog` or `mapping`. */
export function oscalValidator(model: 'component' | 'catalog' | 'mapping'): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(path.join(OSCAL_SCHEMA_DIR, `oscal_${model}_schema.json`), 'utf8')) as object);
}

/** The schema's errors as short lines, for a failing assertion that says what is wrong. */
export function schemaErrors(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).slice(0, 20).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
