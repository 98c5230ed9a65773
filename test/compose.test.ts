import { describe, expect, it } from 'vitest';
import { addMonths } from '../src/model/version.js';
import { conditionHolds } from '../src/validate/conditions.js';
import type { Organisation } from '../src/schema/organisation.js';

describe('addMonths', () => {
  it('adds calendar months and clamps to the end of shorter months', () => {
    expect(addMonths('2026-03-15', 12)).toBe('2027-03-15');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });
});

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
