import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { indexCatalog } from '../../../src/catalog/control-index.js';
import type { CoverageSource } from '../../../src/coverage/compute-coverage.js';
import { isPartial, partialNotice, soaRows, statementOfApplicability } from '../../../src/coverage/statement-of-applicability.js';
import { labelsFor } from '../../../src/i18n/labels.js';
import type { Block } from '../../../src/model/document.js';
import { CatalogSchema } from '../../../src/schema/catalog.js';
import { REPO_ROOT } from '../../support/project.js';

const iso = indexCatalog(CatalogSchema.parse(parse(readFileSync(path.join(REPO_ROOT, 'frameworks/iso27001.yaml'), 'utf8'))));
const en = labelsFor('en');
const sv = labelsFor('sv');

function source(id: string, title: string, version: string, controls: readonly { id: string; strength?: 'supports' }[]): CoverageSource {
  return { policy: { id, title, version }, sections: [{ number: '1', title: 'One', controls: controls.map((c) => ({ framework: 'iso27001', title: '', ...c })) }] };
}

const policies = [
  source('alpha', 'Alpha Policy', '1.2.0', [{ id: '5.15' }, { id: '5.16', strength: 'supports' }]),
  source('beta', 'Beta Policy', '2.0.0', [{ id: '5.15', strength: 'supports' }, { id: '5.16' }]),
  source('gamma', 'Gamma Policy', 'draft', [{ id: '5.17' }, { id: '5.15' }]),
];

const text = (blocks: readonly Block[]): string => JSON.stringify(blocks);

describe('soaRows', () => {
  const rows = soaRows({ soa: { controls: { '5.15': { applicable: true, status: 'implemented', justification: 'Own.' }, 'A.8.28': { applicable: false, justification: 'No code.' } } } }, iso, policies, en, 'en');
  const row = (id: string) => rows.find((r) => r.id === id)!;

  it('lists every Annex A control, and nothing of clauses 4-10', () => {
    expect(rows).toHaveLength(93);
    expect(rows.some((r) => r.id.startsWith('Clause'))).toBe(false);
  });

  it('cites released policies by title and version, implementing apart from supporting; never a draft', () => {
    expect(row('5.15').implementedBy).toBe('Alpha Policy 1.2.0 Supported by: Beta Policy 2.0.0');
    expect(row('5.16').implementedBy).toBe('Beta Policy 2.0.0 Supported by: Alpha Policy 1.2.0');
    expect(row('5.17').implementedBy).toBe('No released policy yet (in draft: Gamma Policy)');
    expect(row('5.17').draftsImplementing.map((p) => p.policy)).toEqual(['gamma']);
    expect(row('5.18').implementedBy).toBe('No policy yet');
    expect(row('8.28')).toEqual(expect.objectContaining({ applicable: false, entryKey: 'A.8.28', statusKey: undefined, status: '—', implementedBy: '—' }));
  });

  it('marks controls without a status as not assessed, and without a justification as using the default', () => {
    expect(row('5.15')).toEqual(expect.objectContaining({ statusKey: 'implemented', defaultJustification: false, justification: 'Own.' }));
    expect(row('5.16')).toEqual(expect.objectContaining({ statusKey: 'not-assessed', defaultJustification: true, entryKey: undefined, justification: en.soaDefaultJustification }));
    expect(isPartial(rows)).toBe(true);
    expect(text(partialNotice(rows, en))).toContain('91 Annex A controls have not been assessed: 5.1, 5.2,');
  });
});

describe('statementOfApplicability', () => {
  const all = (applicable: boolean) => Object.fromEntries(iso.catalog.controls.filter((c) => !c.id.startsWith('Clause')).map((c) => [c.id, { applicable, status: 'planned' as const, justification: `Because of ${c.id}.` }]));
  const summary = (controls: ReturnType<typeof all>, labels = en) => {
    const [first] = statementOfApplicability(soaRows({ soa: { controls } }, iso, [], labels, 'en'), labels);
    return first?.type === 'paragraph' && first.children[0]?.type === 'text' ? first.children[0].value : '';
  };

  it('says "1 is excluded", "2 are excluded" and "None is excluded", in both languages', () => {
    const one = { ...all(true), '8.28': { applicable: false, status: 'planned' as const, justification: 'No code.' } };
    const two = { ...one, '8.4': { applicable: false, status: 'planned' as const, justification: 'No source.' } };
    expect(summary(one)).toBe('92 of 93 Annex A controls are applicable. 1 is excluded, with the justification given. Implementation status of the applicable controls: planned 92.');
    expect(summary(two)).toBe('91 of 93 Annex A controls are applicable. 2 are excluded, with the justifications given. Implementation status of the applicable controls: planned 91.');
    expect(summary(all(true))).toMatch(/^93 of 93 Annex A controls are applicable\. None is excluded\./);
    expect(summary(one, sv)).toMatch(/^92 av 93 säkerhetsåtgärder i bilaga A är tillämpliga\. 1 är undantagen, med angiven motivering\. Införandestatus för de tillämpliga åtgärderna: planerat 92\.$/);
    expect(summary(two, sv)).toContain('2 är undantagna, med angivna motiveringar.');
    expect(summary(all(true), sv)).toContain('Ingen är undantagen.');
  });

  it('a fully assessed statement is not partial and has no notice', () => {
    const rows = soaRows({ soa: { controls: all(true) } }, iso, [], en, 'en');
    expect(isPartial(rows)).toBe(false);
    expect(partialNotice(rows, en)).toEqual([]);
  });
});
