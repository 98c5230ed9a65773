import { describe, expect, it } from 'vitest';
import { conditionHolds } from '../src/validate/conditions.js';
import type { Organisation } from '../src/schema/organisation.js';

describe('conditionHolds', () => {
  const organisation = { frameworks: ['iso27001', 'gdpr'], nis2: { inScope: false }, country: 'SE' } as unknown as Organisation;
  it('matches scalars exactly and lists by membership; every entry must hold', () => {
    expect(conditionHolds(undefined, organisation)).toBe(true);
    expect(conditionHolds({ 'nis2.inScope': false }, organisation)).toBe(true);
    expect(conditionHolds({ 'nis2.inScope': true }, organisation)).toBe(false);
    expect(conditionHolds({ frameworks: 'gdpr' }, organisation)).toBe(true);
    expect(conditionHolds({ frameworks: 'nis2' }, organisation)).toBe(false);
    expect(conditionHolds({ frameworks: 'gdpr', country: 'NO' }, organisation)).toBe(false);
  });
  it('treats an unset variable as not matching', () => {
    expect(conditionHolds({ 'nis2.entityType': 'essential' }, organisation)).toBe(false);
  });
});
