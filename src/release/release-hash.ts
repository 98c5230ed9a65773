import { createHash } from 'node:crypto';
import type { ReleaseRecord } from '../schema/release.js';

/** JSON with object keys sorted at every level: the same data always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}

/** The seal of a release: sha256 over every field but the seal itself. */
export function releaseHash(record: Omit<ReleaseRecord, 'sha256'> | ReleaseRecord): string {
  const { sha256: _ignored, ...content } = record as ReleaseRecord;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
