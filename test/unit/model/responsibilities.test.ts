import { describe, expect, it } from 'vitest';
import { isMajorPriority, naturalList } from '../../../src/model/responsibilities.js';

describe('responsibilities helpers', () => {
  it('lists roles as running text in the document language', () => {
    expect(naturalList([], 'en')).toBe('');
    expect(naturalList(['the DPO'], 'en')).toBe('the DPO');
    expect(naturalList(['the CEO', 'Communications'], 'en')).toBe('the CEO and Communications');
    expect(naturalList(['the CISO', 'the CEO', 'Communications'], 'en')).toBe('the CISO, the CEO and Communications');
    expect(naturalList(['informationssäkerhetschefen', 'vd', 'kommunikationschefen'], 'sv')).toBe('informationssäkerhetschefen, vd och kommunikationschefen');
  });

  it('treats every priority at or above the major-incident priority as major', () => {
    expect(['P1', 'P2', 'P3', 'P4'].map((p) => isMajorPriority(p as 'P1', 'P2'))).toEqual([true, true, false, false]);
    expect(['P1', 'P2', 'P3', 'P4'].map((p) => isMajorPriority(p as 'P1', 'P1'))).toEqual([true, false, false, false]);
  });
});
