import { createHash } from 'node:crypto';
import { POLICYMARK_NS } from '../schema/oscal.js';

/**
 * The namespace of every policymark UUID: RFC 4122's URL namespace applied to policymark's OSCAL
 * namespace URI, so that the UUIDs are stable across machines and versions.
 */
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';


/** A version 5 (SHA-1, name-based) UUID of `name` in `namespace` (RFC 4122 §4.3). */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const NAMESPACE = uuidV5(POLICYMARK_NS, URL_NAMESPACE);

/** The UUID of a stable policymark name such as `component/kestrel/incident-management`. */
export function stableUuid(name: string): string {
  return uuidV5(name, NAMESPACE);
}
