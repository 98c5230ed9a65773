import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProject } from '../src/pipeline/check.js';
import { renderMarkdown } from '../src/render/markdown/render-markdown.js';
import { CatalogSchema, type Catalog } from '../src/schema/catalog.js';
import { REPO_ROOT } from './support/project.js';

/**
 * Swedish titles for the bundled framework catalogs: a Swedish control-mapping appendix and Statement of
 * Applicability name every control in Swedish, so every control and group carries `titles.sv`.
 */
const FRAMEWORKS = path.join(REPO_ROOT, 'frameworks');

/**
 * Entries whose Swedish title may equal the English one because the English is an id or a proper name.
 * None today: ISO/IEC 27001 clause 5.2 "Policy" is "Informationssäkerhetspolicy", not the loanword alone.
 */
const SAME_IN_BOTH: readonly string[] = [];

function catalogs(): Catalog[] {
  return readdirSync(FRAMEWORKS).filter((name) => name.endsWith('.yaml')).sort()
    .map((name) => CatalogSchema.parse(parse(readFileSync(path.join(FRAMEWORKS, name), 'utf8'))));
}

function title(catalog: Catalog, id: string, lang: 'en' | 'sv'): string {
  const control = catalog.controls.find((c) => c.id === id);
  if (!control) throw new Error(`${catalog.id} has no control ${id}`);
  return lang === 'sv' ? control.titles?.sv ?? '' : control.title;
}

describe('Swedish titles in the bundled catalogs', () => {
  it('are given for every control and every group of every catalog, and are not the English title', () => {
    const all = catalogs();
    expect(all.map((c) => c.id)).toEqual(['gdpr', 'iso27001', 'nis2', 'soc2']);
    const missing: string[] = [];
    const same: string[] = [];
    for (const catalog of all) {
      for (const entry of [...catalog.groups.map((g) => ({ ...g, kind: 'group' })), ...catalog.controls.map((c) => ({ ...c, kind: 'control' }))]) {
        const key = `${catalog.id} ${entry.kind} ${entry.id}`;
        const sv = entry.titles?.sv?.trim();
        if (!sv) missing.push(key);
        else if (sv.toLowerCase() === entry.title.toLowerCase() && !SAME_IN_BOTH.includes(key)) same.push(`${key}: "${sv}"`);
      }
    }
    expect(missing).toEqual([]);
    expect(same).toEqual([]);
  });

  it('carry the official titles of the Swedish editions of the EU acts', () => {
    const [gdpr, , nis2] = catalogs() as [Catalog, Catalog, Catalog, Catalog];
    expect(title(gdpr, 'Art. 30', 'sv')).toBe('Register över behandling');
    expect(title(gdpr, 'Art. 32', 'sv')).toBe('Säkerhet i samband med behandlingen');
    expect(title(gdpr, 'Art. 33', 'sv')).toBe('Anmälan av en personuppgiftsincident till tillsynsmyndigheten');
    expect(gdpr.groups.find((g) => g.id === 'IV')?.titles?.sv).toBe('Personuppgiftsansvarig och personuppgiftsbiträde');
    expect(title(nis2, 'Art. 21', 'sv')).toBe('Åtgärder för riskhantering avseende cybersäkerhet');
    expect(title(nis2, 'Art. 23', 'sv')).toBe('Rapporteringsskyldigheter');
    expect(title(nis2, 'Art. 20', 'sv')).toBe('Styrning');
  });

  it('use the Swedish directive\'s terms in the NIS2 paragraph and point descriptions', () => {
    const nis2 = catalogs().find((c) => c.id === 'nis2')!;
    expect(title(nis2, 'Art. 23(4)(a)', 'sv')).toContain('Tidig varning');
    expect(title(nis2, 'Art. 23(4)(b)', 'sv')).toContain('Incidentanmälan');
    expect(title(nis2, 'Art. 23(4)(d)', 'sv')).toContain('Slutrapport');
    expect(title(nis2, 'Art. 23(1)', 'sv')).toContain('Betydande incidenter');
    expect(title(nis2, 'Art. 23(1)', 'sv')).toContain('CSIRT');
  });
});

describe('the Swedish appendix of a built policy', () => {
  let dir: string;
  let appendix = { sv: '', en: '' };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'policymark-catalog-titles-'));
    const source = path.join(REPO_ROOT, 'examples/kestrel');
    copyFileSync(path.join(source, 'organisation.yaml'), path.join(dir, 'organisation.yaml'));
    copyFileSync(path.join(source, 'logo.png'), path.join(dir, 'logo.png'));
    const result = await checkProject({ root: dir, organisationFile: path.join(dir, 'organisation.yaml'), libraryDir: REPO_ROOT, policies: ['incident-management'], langs: [], select: { kind: 'draft' } });
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    for (const lang of ['sv', 'en'] as const) {
      const document = result.documents.find((d) => d.policy === 'incident-management' && d.lang === lang);
      if (!document) throw new Error(`no ${lang} incident-management document`);
      const markdown = renderMarkdown(document.model);
      const start = markdown.search(/^## (Bilaga|Appendix) A/m);
      expect(start, lang).toBeGreaterThan(0);
      appendix = { ...appendix, [lang]: markdown.slice(start) };
    }
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // The controls the policy implements (a table row with the title); ISO 5.24 is only supported here, listed by id.
  it('names the mapped controls by their Swedish titles and not by the English ones', () => {
    const all = catalogs();
    const byId = new Map(all.map((c) => [c.id, c]));
    const picks: readonly [string, string][] = [['nis2', 'Art. 23(4)(e)'], ['nis2', 'Art. 23(1)'], ['gdpr', 'Art. 33'], ['gdpr', 'Art. 34'], ['iso27001', '6.8']];
    for (const [framework, id] of picks) {
      const catalog = byId.get(framework)!;
      const sv = title(catalog, id, 'sv');
      const en = title(catalog, id, 'en');
      // Table cells and the supported-only line may escape or wrap; compare on collapsed whitespace.
      const flat = (text: string): string => text.replace(/\\/g, '').replace(/\s+/g, ' ');
      expect(flat(appendix.sv), `${framework} ${id} sv`).toContain(sv);
      expect(flat(appendix.sv), `${framework} ${id} en title in sv`).not.toContain(en);
      expect(flat(appendix.en), `${framework} ${id} en`).toContain(en);
    }
  });

  it('contains no English title of any bundled catalog', () => {
    const flat = appendix.sv.replace(/\\/g, '').replace(/\s+/g, ' ');
    const english = catalogs().flatMap((c) => [...c.controls, ...c.groups].map((e) => e.title))
      // One-word titles ("Governance") could be part of a Swedish sentence only by accident; longer ones are prose.
      .filter((t) => t.includes(' '));
    expect(english.filter((t) => flat.includes(t))).toEqual([]);
  });
});
