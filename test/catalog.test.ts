import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { indexCatalog } from '../src/catalog/control-index.js';
import { CatalogSchema, type Catalog } from '../src/schema/catalog.js';
import { REPO_ROOT } from './support/project.js';

function catalog(id: string): Catalog {
  return CatalogSchema.parse(parse(readFileSync(path.join(REPO_ROOT, 'frameworks', `${id}.yaml`), 'utf8')));
}

describe('bundled framework catalogs', () => {
  it('ISO/IEC 27001:2022 lists all 93 Annex A controls in four themes', () => {
    const iso = catalog('iso27001');
    const annex = iso.controls.filter((c) => !c.id.startsWith('Clause'));
    expect(annex).toHaveLength(93);
    const perTheme = Object.fromEntries(['5', '6', '7', '8'].map((t) => [t, annex.filter((c) => c.group === t).length]));
    expect(perTheme).toEqual({ 5: 37, 6: 8, 7: 14, 8: 34 });
    const titles = Object.fromEntries(annex.map((c) => [c.id, c.title]));
    expect(titles['5.24']).toMatch(/incident management planning and preparation/i);
    expect(titles['5.25']).toMatch(/assessment and decision on information security events/i);
    expect(titles['5.26']).toMatch(/response to information security incidents/i);
    expect(titles['5.27']).toMatch(/learning from information security incidents/i);
    expect(titles['5.28']).toMatch(/collection of evidence/i);
    expect(titles['6.8']).toMatch(/event reporting/i);
    expect(iso.controls.some((c) => c.id === 'Clause 6.1.3')).toBe(true);
  });
  it('SOC 2 lists every 2017 Trust Services Criterion', () => {
    const ids = catalog('soc2').controls.map((c) => c.id);
    const expected = [
      ...range('CC1.', 5), ...range('CC2.', 3), ...range('CC3.', 4), ...range('CC4.', 2), ...range('CC5.', 3),
      ...range('CC6.', 8), ...range('CC7.', 5), ...range('CC8.', 1), ...range('CC9.', 2), ...range('A1.', 3),
      ...range('C1.', 2), ...range('PI1.', 5), 'P1.1', 'P2.1', ...range('P3.', 2), ...range('P4.', 3),
      ...range('P5.', 2), ...range('P6.', 7), 'P7.1', 'P8.1',
    ];
    expect(ids).toEqual(expected);
  });
  it('GDPR lists 99 articles; Art. 33 is breach notification to the supervisory authority', () => {
    const gdpr = catalog('gdpr');
    expect(gdpr.controls).toHaveLength(99);
    expect(gdpr.controls.find((c) => c.id === 'Art. 33')?.title).toBe('Notification of a personal data breach to the supervisory authority');
    expect(gdpr.controls.find((c) => c.id === 'Art. 34')?.title).toBe('Communication of a personal data breach to the data subject');
  });
  it('NIS2 lists Articles 20-25 to point level', () => {
    const ids = new Set(catalog('nis2').controls.map((c) => c.id));
    for (const point of 'abcdefghij') expect(ids.has(`Art. 21(2)(${point})`)).toBe(true);
    for (const point of 'abcde') expect(ids.has(`Art. 23(4)(${point})`)).toBe(true);
    expect(ids.has('Art. 21(2)(k)')).toBe(false);
    expect(ids.has('Art. 46')).toBe(true);
  });
});

describe('control resolution', () => {
  const iso = indexCatalog(catalog('iso27001'));
  const gdpr = indexCatalog(catalog('gdpr'));
  const nis2 = indexCatalog(catalog('nis2'));
  it('accepts aliases and returns the canonical id', () => {
    expect(iso.resolve('A.5.24')?.id).toBe('5.24');
    expect(iso.resolve('5.24')?.control.title).toMatch(/incident/i);
  });
  it('rejects ids that do not exist and suggests near ones', () => {
    expect(iso.resolve('A.5.99')).toBeUndefined();
    expect(iso.suggest('5.244')).toContain('5.24');
  });
  it('accepts paragraph references where the catalog stops at the article', () => {
    expect(gdpr.resolve('Art. 33(1)')?.control.id).toBe('Art. 33');
    expect(gdpr.resolve('Art. 32(1)(b)')?.control.id).toBe('Art. 32');
    expect(gdpr.resolve('Art. 100')).toBeUndefined();
  });
  it('only accepts listed subdivisions where the catalog lists them', () => {
    expect(nis2.resolve('Art. 23(4)(a)')?.control.id).toBe('Art. 23(4)(a)');
    expect(nis2.resolve('Art. 21(2)(k)')).toBeUndefined();
  });
  it('orders paragraph references between their article and the next', () => {
    const a = gdpr.resolve('Art. 33')!.order;
    const b = gdpr.resolve('Art. 33(3)')!.order;
    const c = gdpr.resolve('Art. 34')!.order;
    expect(a).toBeLessThan(b);
    expect(b).toBeLessThan(c);
  });
});

function range(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
}
