import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProject } from '../../src/pipeline/check.js';
import { renderMarkdown } from '../../src/render/markdown/render-markdown.js';
import { REPO_ROOT } from '../support/project.js';

/**
 * The facts of the Supplier Security, Data Protection and AI documents, read in the rendered English
 * and Swedish text of the example: every article, date and deadline the text cites, the controls its
 * appendix maps, and the organisation values it prints.
 */
type Lang = 'en' | 'sv';
let rendered = new Map<string, string>();
const dirs: string[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'policymark-facts-supply-'));
  dirs.push(dir);
  const source = path.join(REPO_ROOT, 'examples/kestrel');
  writeFileSync(path.join(dir, 'organisation.yaml'), readFileSync(path.join(source, 'organisation.yaml'), 'utf8'));
  copyFileSync(path.join(source, 'logo.png'), path.join(dir, 'logo.png'));
  const result = await checkProject({
    root: dir, organisationFile: path.join(dir, 'organisation.yaml'), libraryDir: REPO_ROOT,
    policies: ['supplier-security', 'data-protection', 'ai', 'ai-guidelines'], langs: [], select: { kind: 'draft' },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  rendered = new Map(result.documents.map((d) => [`${d.policy} ${d.lang}`, renderMarkdown(d.model).replace(/\*\*/g, '')]));
}, 120_000);
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function text(policy: string, lang: Lang): string {
  const found = rendered.get(`${policy} ${lang}`);
  if (found === undefined) throw new Error(`no ${lang} document for ${policy}`);
  return found;
}

/** The numbered sections only. */
function body(policy: string, lang: Lang): string {
  const all = text(policy, lang);
  const end = all.search(/^## (Appendix|Bilaga) A/m);
  return all.slice(all.search(/^## 1 /m), end === -1 ? undefined : end);
}

/** The control-mapping appendix. */
function appendix(policy: string, lang: Lang): string {
  const all = text(policy, lang);
  return all.slice(all.search(/^## (Appendix|Bilaga) A/m));
}

/** A row of the appendix that lists the control as implemented by one or more sections. */
function implemented(id: string): RegExp {
  // The appendix joins "Art." and its number with a no-break space.
  return new RegExp(`^\\| ${id.replace(/[().]/g, '\\$&').replace(/ /g, '\\s')} \\| [^|]+ \\| \\d`, 'm');
}

describe('Supplier Security Policy', () => {
  const facts: Record<Lang, readonly string[]> = {
    en: ['no later than 24 hours after becoming aware of it', 'reassessed at least every 12 months', 'standard supplier at least every 24 months',
      'at least every 3 months', 'Article 22(1) of the NIS2 Directive', 'requirements for processors in the Data Protection Policy', 'European Economic Area'],
    sv: ['senast 24 timmar efter att leverantören fått vetskap om den', 'minst var 12:e månad', 'normal leverantör minst var 24:e månad',
      'minst var 3:e månad', 'artikel 22.1 i NIS2-direktivet', 'kraven på personuppgiftsbiträden i Dataskyddspolicy', 'Europeiska ekonomiska samarbetsområdet'],
  };
  for (const lang of ['en', 'sv'] as const) {
    it(`states its deadlines, cadences and the Art. 22(1) assessments (${lang})`, () => {
      for (const fact of facts[lang]) expect(body('supplier-security', lang)).toContain(fact);
    });
    it(`implements ISO 5.19-5.23, SOC 2 CC9.2 and NIS2 Art. 21(2)(d) and 21(3), and only supports GDPR Art. 28 (${lang})`, () => {
      const a = appendix('supplier-security', lang);
      for (const id of ['5.19', '5.20', '5.21', '5.22', '5.23', 'CC9.2', 'Art. 21(2)(d)', 'Art. 21(3)']) expect(a).toMatch(implemented(id));
      expect(a).not.toMatch(implemented('Art. 28'));
    });
  }
});

describe('Data Protection Policy', () => {
  const facts: Record<Lang, readonly string[]> = {
    en: ['principles of Article 5 of the GDPR', 'terms required by Article 28(3) of the GDPR', 'contents required by Article 30 of the GDPR',
      'security measures of Article 32', '(prior consultation, Art. 36)', 'reviewed at least every 12 months',
      'the Swedish Authority for Privacy Protection (IMY)', 'Sofia Nyberg as its Data Protection Officer', 'reports directly to the Chief Executive Officer'],
    sv: ['principerna i artikel 5 i dataskyddsförordningen', 'villkor som krävs enligt artikel 28.3 i dataskyddsförordningen',
      'innehåll som artikel 30 i dataskyddsförordningen kräver', 'säkerhetsåtgärderna i artikel 32', '(förhandssamråd, artikel 36)',
      'ses över minst var 12:e månad', 'Integritetsskyddsmyndigheten (IMY)', 'utsett Sofia Nyberg till dataskyddsombud', 'rapporterar direkt till Maria Ek (verkställande direktör)'],
  };
  for (const lang of ['en', 'sv'] as const) {
    it(`cites the GDPR articles it implements and prints the supervisory authority and the DPO (${lang})`, () => {
      for (const fact of facts[lang]) expect(body('data-protection', lang)).toContain(fact);
    });
    it(`points at the incident documents for Art. 33 and 34 instead of repeating the 72 hours (${lang})`, () => {
      expect(body('data-protection', lang)).toContain(lang === 'en' ? 'notified under the Incident Management Policy' : 'anmäls enligt Policy för incidenthantering');
      expect(body('data-protection', lang)).not.toMatch(/72 (hours|timmar)/);
    });
    it(`implements GDPR Art. 5, 24, 25, 28, 30, 32 and 35-39 and ISO 5.33, 5.34, 8.10-8.12 (${lang})`, () => {
      const a = appendix('data-protection', lang);
      for (const id of ['Art. 5', 'Art. 24', 'Art. 25', 'Art. 28', 'Art. 30', 'Art. 32', 'Art. 35', 'Art. 36', 'Art. 37', 'Art. 38', 'Art. 39', '5.33', '5.34', '8.10', '8.11', '8.12']) {
        expect(a).toMatch(implemented(id));
      }
    });
  }
});

describe('AI Policy and AI Guidelines', () => {
  const facts: Record<Lang, readonly string[]> = {
    en: ['Regulation (EU) 2024/1689', 'prohibitions of certain AI practices (Art. 5)', 'AI literacy among staff who operate or use AI systems (Art. 4)',
      'have applied since 2 February 2025', 'Annex III to the Act', 'deployers of such systems (Art. 26) apply in full from 2 August 2026',
      'Restricted information must never be entered', 'the AI Guidelines'],
    sv: ['förordning (EU) 2024/1689', 'förbud mot vissa AI-metoder (artikel 5)', 'tillräcklig nivå av AI-kunnighet (artikel 4)',
      'har tillämpats sedan den 2 februari 2025', 'bilaga III till förordningen', 'tillhandahållare av sådana system (artikel 26) gäller fullt ut från och med den 2 augusti 2026',
      'Strikt konfidentiell får aldrig matas in', 'Riktlinjer för AI'],
  };
  for (const lang of ['en', 'sv'] as const) {
    it(`states the AI Act's articles and dates and names the guidelines (${lang})`, () => {
      for (const fact of facts[lang]) expect(body('ai', lang)).toContain(fact);
    });
    it(`lists the approved tools from the organisation with the highest classification each may take (${lang})`, () => {
      const guidelines = body('ai-guidelines', lang);
      expect(guidelines).toMatch(lang === 'en' ? /^\| Microsoft 365 Copilot Chat \| [^|]+ \| Confidential \|$/m : /^\| Microsoft 365 Copilot Chat \| [^|]+ \| Konfidentiell \|$/m);
      expect(guidelines).toMatch(lang === 'en' ? /^\| DeepL Pro \| [^|]+ \| Internal \|$/m : /^\| DeepL Pro \| [^|]+ \| Intern \|$/m);
      expect(guidelines).toContain(lang === 'en' ? 'implement the AI Policy' : 'genomför AI-policy');
    });
  }
});
