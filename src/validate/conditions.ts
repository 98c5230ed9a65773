import type { Condition } from '../schema/module.js';
import type { Organisation } from '../schema/organisation.js';

/**
 * Whether a module's `when:` holds for an organisation: every entry must match. A list variable
 * matches when it contains the value (`frameworks: nis2`); an unset variable matches nothing.
 */
export function conditionHolds(condition: Condition | undefined, organisation: Organisation): boolean {
  if (!condition) return true;
  return Object.entries(condition).every(([variable, expected]) => {
    const actual = variable.split('.').reduce<unknown>(
      (value, part) => (value !== null && typeof value === 'object' && Object.hasOwn(value, part) ? (value as Record<string, unknown>)[part] : undefined),
      organisation,
    );
    return Array.isArray(actual) ? actual.includes(expected) : actual === expected;
  });
}
