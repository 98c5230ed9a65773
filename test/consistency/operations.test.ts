import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProject } from '../../src/pipeline/check.js';
import { renderMarkdown } from '../../src/render/markdown/render-markdown.js';
import { REPO_ROOT } from '../support/project.js';

/**
 * One source for the operations facts: the example organisation with every `operations` value changed,
 * composed with the whole bundled library. Every document that states a deadline, a retention period,
 * a cadence, the clock source or the special interest groups must state the new value, and no document
 * may still state the old one: the test fails if any module typed such a fact by hand.
 */
interface Rendered { readonly policy: string; readonly lang: 'en' | 'sv'; readonly body: string }

const EXAMPLE = readFileSync(path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), 'utf8').replace(/^\s*logo: .*$/m, '');

/** Each value as the example has it and as the test changes it, in the organisation file's own spelling. */
const CHANGES: readonly (readonly [string, string])[] = [
  ['exploited: { en: 48 hours, sv: 48 timmar }', 'exploited: { en: 36 hours, sv: 36 timmar }'],
  ['critical: { en: 7 days, sv: 7 dagar }', 'critical: { en: 5 days, sv: 5 dagar }'],
  ['high: { en: 30 days, sv: 30 dagar }', 'high: { en: 21 days, sv: 21 dagar }'],
  ['medium: { en: 90 days, sv: 90 dagar }', 'medium: { en: 60 days, sv: 60 dagar }'],
  ['low: { en: 180 days, sv: 180 dagar }', 'low: { en: 120 days, sv: 120 dagar }'],
  ['externalScan: { en: weekly, sv: varje vecka }', 'externalScan: { en: daily, sv: dagligen }'],
  ['internalScan: { en: monthly, sv: varje månad }', 'internalScan: { en: every second week, sv: varannan vecka }'],
  ['logRetention: { en: 12 months, sv: 12 månader }', 'logRetention: { en: 30 months, sv: 30 månader }'],
  ['privilegedLogReview: { en: weekly, sv: varje vecka }', 'privilegedLogReview: { en: every working day, sv: varje arbetsdag }'],
  ['clockSource: { en: the Netnod time service (ntp.se), sv: Netnods tidstjänst (ntp.se) }', 'clockSource: { en: the GPS clocks of the data centres, sv: datacentrens GPS-klockor }'],
  ['threatAssessment: { en: quarterly, sv: varje kvartal }', 'threatAssessment: { en: every four months, sv: var fjärde månad }'],
  ["    - { en: the logistics sector's security forum, sv: logistikbranschens säkerhetsforum }", '    - { en: the freight carriers\' round table, sv: godstransportörernas rundabordssamtal }'],
  ['firewallReview: { en: every six months, sv: var sjätte månad }', 'firewallReview: { en: every eight months, sv: var åttonde månad }'],
  ['capacityReview: { en: quarterly, sv: varje kvartal }', 'capacityReview: { en: every five weeks, sv: var femte vecka }'],
];

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function composeAll(organisation: string): Promise<Rendered[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'policymark-operations-'));
  dirs.push(dir);
  const organisationFile = path.join(dir, 'organisation.yaml');
  writeFileSync(organisationFile, organisation);
  const result = await checkProject({ root: dir, organisationFile, libraryDir: REPO_ROOT, policies: [], langs: [], select: { kind: 'draft' } });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result.documents.map((d) => {
    const markdown = renderMarkdown(d.model);
    const end = markdown.search(/^## (Appendix|Bilaga) A/m);
    return { policy: d.policy, lang: d.lang === 'sv' ? 'sv' : 'en', body: markdown.slice(markdown.search(/^## 1 /m), end === -1 ? undefined : end) };
  });
}

/** Sentences, list items and table rows of a body, without Markdown escapes. */
function statements(body: string): string[] {
  return body.replace(/\\([!-/:-@[-`{-~])/g, '$1').split(/\n+|(?<=[.;:])\s+/).map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Every statement of every document (but the Statement of Applicability, whose justifications are the organisation's own prose) that matches all patterns. */
function stating(documents: readonly Rendered[], lang: 'en' | 'sv', ...patterns: RegExp[]): string[] {
  return documents
    .filter((d) => d.lang === lang && d.policy !== 'statement-of-applicability')
    .flatMap((d) => statements(d.body).filter((s) => patterns.every((p) => p.test(s))).map((s) => `${d.policy}: ${s}`));
}

let changed: Rendered[] = [];
let original: Rendered[] = [];
beforeAll(async () => {
  let yaml = EXAMPLE;
  for (const [from, to] of CHANGES) {
    if (!yaml.includes(from)) throw new Error(`the example no longer has ${from}`);
    yaml = yaml.replace(from, to);
  }
  [original, changed] = await Promise.all([composeAll(EXAMPLE), composeAll(yaml)]);
}, 240_000);

describe('operations: one source for every fact', () => {
  it('the remediation deadlines: every CVSS row states the new deadline, and no document states an old one for a vulnerability', () => {
    const expected = { en: ['36 hours', '5 days', '21 days', '60 days', '120 days'], sv: ['36 timmar', '5 dagar', '21 dagar', '60 dagar', '120 dagar'] };
    const old = { en: /\b(48 hours|7 days|30 days|90 days|180 days)\b/, sv: /\b(48 timmar|7 dagar|30 dagar|90 dagar|180 dagar)\b/ };
    for (const lang of ['en', 'sv'] as const) {
      const rows = stating(changed, lang, /^\|/, /CVSS|Known to be exploited|Känd för att utnyttjas/);
      expect(rows, lang).toHaveLength(5);
      expect(rows.map((r) => r.split('|').at(-2)?.trim()), lang).toEqual(expected[lang]);
      expect(stating(changed, lang, /vulnerab|sårbar|patch|säkerhetsuppdater/i, old[lang]), lang).toEqual([]);
      // the same statements of the unchanged example do name the old deadlines, so the check above could fail
      expect(stating(original, lang, /^\|/, /CVSS|Known to be exploited|Känd för att utnyttjas/, old[lang]).length, lang).toBe(5);
    }
  });

  it('the scan cadences, the log retention, the privileged log review and the threat assessment follow the organisation', () => {
    const facts: readonly { en: readonly [RegExp, string, RegExp]; sv: readonly [RegExp, string, RegExp] }[] = [
      { en: [/scans? of internet-facing/, 'daily', /weekly/], sv: [/skanningar av system som nås från internet/, 'dagligen', /varje vecka/] },
      { en: [/scans? of .*internal systems/, 'every second week', /monthly/], sv: [/skanningar .*interna system/, 'varannan vecka', /varje månad/] },
      { en: [/logs? .*\b(kept|retained)\b/i, '30 months', /12 months/], sv: [/loggar .*sparas/i, '30 månader', /12 månader/] },
      { en: [/privileged activity are reviewed/, 'every working day', /weekly/], sv: [/privilegierad aktivitet granskas/, 'varje arbetsdag', /varje vecka/] },
      { en: [/threat assessment/, 'every four months', /quarterly/], sv: [/hotbedömning/, 'var fjärde månad', /varje kvartal/] },
      { en: [/firewall/i, 'every eight months', /six months/], sv: [/brandvägg/i, 'var åttonde månad', /sjätte månad/] },
      { en: [/reviews capacity|capacity .*review/i, 'every five weeks', /quarterly/], sv: [/ser över kapaciteten/, 'var femte vecka', /varje kvartal/] },
    ];
    for (const fact of facts) {
      for (const lang of ['en', 'sv'] as const) {
        const [topic, value, old] = fact[lang];
        const found = stating(changed, lang, topic);
        expect(found.length, `${lang} ${topic}`).toBeGreaterThan(0);
        const withCadence = found.filter((s) => s.includes(value) || old.test(s));
        expect(withCadence.filter((s) => !s.includes(value) || old.test(s)), `${lang} ${topic}`).toEqual([]);
        expect(withCadence.length, `${lang} ${topic}`).toBeGreaterThan(0);
      }
    }
  });

  it('every document that synchronises clocks names the organisation\'s source', () => {
    for (const [lang, topic, value] of [['en', /synchronise their clocks/i, 'the GPS clocks of the data centres'], ['sv', /synkronisera sina klockor/i, 'datacentrens GPS-klockor']] as const) {
      const found = stating(changed, lang, topic, /clock|klock/i);
      expect(found.length, lang).toBeGreaterThan(0);
      expect(found.filter((s) => !s.includes(value)), lang).toEqual([]);
      expect(stating(changed, lang, /Netnod/)).toEqual([]);
    }
  });

  it('the special interest groups are the organisation\'s list, in every document', () => {
    expect(stating(changed, 'en', /freight carriers' round table/).length).toBeGreaterThan(0);
    expect(stating(changed, 'sv', /godstransportörernas rundabordssamtal/i).length).toBeGreaterThan(0);
    expect(stating(changed, 'en', /logistics sector's security forum/i)).toEqual([]);
    expect(stating(changed, 'sv', /logistikbranschens säkerhetsforum/i)).toEqual([]);
    expect(stating(original, 'en', /logistics sector's security forum/i).length).toBeGreaterThan(0);
  });
});
