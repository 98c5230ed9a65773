import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProject } from '../../src/pipeline/check.js';
import { renderMarkdown } from '../../src/render/markdown/render-markdown.js';
import { REPO_ROOT } from '../support/project.js';

/**
 * Facts of the governance documents (Information Security Policy, Risk Management Policy) in the
 * rendered text of the example, in English and Swedish: the contents of a network and information
 * security policy required by Implementing Regulation (EU) 2024/2690, Annex I, point 1.1.1, the list
 * of topic-specific policies computed from the manifests, the records kept and the risk rules, each
 * printed from the organisation file.
 */
type Lang = 'en' | 'sv';
const dirs: string[] = [];
const docs = new Map<string, string>();

function text(policy: string, lang: Lang): string {
  const markdown = docs.get(`${policy} ${lang}`);
  if (markdown === undefined) throw new Error(`${policy} ${lang} was not composed`);
  const start = markdown.search(/^## 1 /m);
  const end = markdown.search(/^## (Appendix|Bilaga) A/m);
  return markdown.slice(start, end === -1 ? undefined : end).replace(/\*\*/g, '').replace(/\s+/g, ' ');
}

async function compose(yaml: string): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'policymark-gov-facts-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'organisation.yaml'), yaml);
  copyFileSync(path.join(REPO_ROOT, 'examples/kestrel/logo.png'), path.join(dir, 'logo.png'));
  const result = await checkProject({ root: dir, organisationFile: path.join(dir, 'organisation.yaml'), libraryDir: REPO_ROOT, policies: ['information-security', 'risk-management'], langs: [], select: { kind: 'draft' } });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  for (const d of result.documents) docs.set(`${d.policy} ${d.lang}`, renderMarkdown(d.model));
}

/** Titles of every manifest of tier `policy` other than the top policy, per language. */
function policyTitles(lang: Lang): string[] {
  const folder = path.join(REPO_ROOT, 'policy-modules/policies');
  return readdirSync(folder)
    .map((file) => parse(readFileSync(path.join(folder, file), 'utf8')) as { id: string; tier?: string; title: Record<Lang, string> })
    .filter((m) => (m.tier ?? 'policy') === 'policy' && m.id !== 'information-security')
    .map((m) => m.title[lang]);
}

const ORIGINAL = readFileSync(path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), 'utf8');
const RECORD = '    - record: { en: training and acknowledgement records, sv: dokumentation av utbildning och bekräftelser }\n      retention: { en: for the duration of employment and two years after, sv: under anställningen och två år därefter }';
const CHANGED = ORIGINAL
  .replace(RECORD, '    - record: { en: visitor logs, sv: besöksloggar }\n      retention: { en: ninety days, sv: nittio dagar }')
  .replace('  riskOwnerAcceptanceLimit: { en: medium, sv: medelhög }', '  riskOwnerAcceptanceLimit: { en: low, sv: låg }');

beforeAll(async () => {
  if (CHANGED === ORIGINAL || !CHANGED.includes('visitor logs') || !CHANGED.includes('en: low')) throw new Error('the example no longer has the values this test changes');
  await compose(ORIGINAL);
}, 120_000);
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('Information Security Policy: the contents of Annex I, 1.1.1 of Implementing Regulation (EU) 2024/2690', () => {
  it('(i) lists every topic-specific policy of the library by title, computed from the manifests', () => {
    for (const lang of ['en', 'sv'] as const) {
      const body = text('information-security', lang);
      const titles = policyTitles(lang);
      expect(titles.length).toBeGreaterThan(5);
      for (const title of titles) expect(body, `${lang}: ${title}`).toContain(title);
      expect(body).not.toContain(lang === 'en' ? 'Statement of Applicability' : 'Uttalande om tillämplighet');
    }
  });

  it('(h) lists the documentation kept and for how long, from the organisation file', () => {
    expect(text('information-security', 'en')).toContain('risk assessments, risk treatment plans and risk acceptances, five years');
    expect(text('information-security', 'en')).toContain('and incident records, five years');
    expect(text('information-security', 'sv')).toContain('riskbedömningar, riskbehandlingsplaner och beslut om riskacceptans, fem år');
  });

  it('states the approach, strategy, objectives, improvement, resources, communication, roles, indicators and approval date (a)-(g), (j), (k)', () => {
    const en = text('information-security', 'en');
    for (const phrase of ['top-level policy of Kestrel\'s information security management system', 'business strategy and objectives', 'measurable information security objectives', 'continually improving the security of its network and information systems', 'staff and competence, budget, processes, tools and technologies', 'acknowledged by, the employees and the relevant external parties', 'Roles and responsibilities', 'indicators and measures that show how this policy is implemented and the maturity', 'date on which the management body formally approved each version']) {
      expect(en, phrase).toContain(phrase);
    }
    const sv = text('information-security', 'sv');
    for (const phrase of ['affärsstrategi och verksamhetsmål', 'mätbara mål för informationssäkerheten', 'ständigt förbättra säkerheten i nätverks- och informationssystemen', 'personal och kompetens, budget, processer, verktyg och teknik', 'bekräftas av de anställda och de berörda externa parter', 'mognadsnivå', 'datum då ledningsorganet formellt fastställde']) {
      expect(sv, phrase).toContain(phrase);
    }
  });

  it('cites the articles it relies on', () => {
    expect(text('information-security', 'en')).toContain('Article 28(3) GDPR');
    expect(text('information-security', 'sv')).toContain('artikel 28.3 i dataskyddsförordningen');
    expect(text('information-security', 'en')).toContain('Article 20 of the directive');
    expect(text('information-security', 'sv')).toContain('artikel 20 i direktivet');
  });
});

describe('Risk Management Policy', () => {
  it('names an all-hazards assessment, fraud, changes affecting internal control, Annex A and the Statement of Applicability', () => {
    const en = text('risk-management', 'en');
    for (const phrase of ['all-hazards approach', 'fraud', 'could affect internal control', 'Annex A of ISO/IEC 27001', 'Statement of Applicability', 'risk treatment plan', 'rated medium or lower', 'to the management body at least quarterly', 'for the whole scope of the ISMS at least once a year']) {
      expect(en, phrase).toContain(phrase);
    }
    const sv = text('risk-management', 'sv');
    for (const phrase of ['alla typer av risker', 'oegentligheter', 'påverka den interna kontrollen', 'bilaga A i ISO/IEC 27001', 'Uttalande om tillämplighet', 'nivån medelhög eller lägre', 'till ledningsorganet minst en gång per kvartal', 'minst en gång per år']) {
      expect(sv, phrase).toContain(phrase);
    }
  });

  it('follows the organisation file: a changed record list and acceptance limit are printed, the old ones are not', async () => {
    await compose(CHANGED);
    expect(text('information-security', 'en')).toContain('visitor logs, ninety days');
    expect(text('information-security', 'sv')).toContain('besöksloggar, nittio dagar');
    expect(text('information-security', 'en')).not.toContain('training and acknowledgement records');
    expect(text('risk-management', 'en')).toContain('rated low or lower');
    expect(text('risk-management', 'sv')).toContain('nivån låg eller lägre');
    expect(text('risk-management', 'en')).not.toContain('medium');
  });
});
