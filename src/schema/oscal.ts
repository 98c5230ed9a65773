/** The OSCAL version policymark writes and reads (NIST's release whose JSON Schemas the tests use). */
export const OSCAL_VERSION = '1.2.2';

/** policymark's namespace URI: marks its own OSCAL `prop` names, and names its UUIDs' namespace. */
export const POLICYMARK_NS = 'https://policymark.dev/ns/oscal';
