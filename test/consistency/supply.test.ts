import { beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/render/markdown/render-markdown.js';
import { composeExampleVariant, numberedSections as body } from '../support/example-variant.js';

/**
 * One source for the supplier, data protection and AI facts: the example organisation with each of
 * them changed, composed with the bundled library. Every document must state the new value and none
 * the old one, so a module that typed one of them by hand fails here.
 */
interface Rendered {
  readonly policy: string;
  readonly lang: string;
  readonly markdown: string;
}

const REPLACEMENTS: readonly (readonly [string, string])[] = [
  ['incidentNotificationHours: 24', 'incidentNotificationHours: 8'],
  ['criticalReviewMonths: 12', 'criticalReviewMonths: 6'],
  ['otherReviewMonths: 24', 'otherReviewMonths: 36'],
  ['serviceReviewMonths: 3', 'serviceReviewMonths: 2'],
  ['recordsReviewMonths: 12', 'recordsReviewMonths: 9'],
  ['dpoRequired: true', 'dpoRequired: false'],
  ['      confidential: true', '      confidential: false'],
];

let documents: Rendered[] = [];


/** The body without its last section, the shared governance reference, which states the review interval. */
function ownSections(markdown: string): string {
  const text = body(markdown);
  const last = [...text.matchAll(/^## \d+ /gm)].at(-1)?.index ?? text.length;
  return text.slice(0, last);
}

beforeAll(async () => {
  const composed = await composeExampleVariant(REPLACEMENTS);
  documents = composed.map((d) => ({ policy: d.policy, lang: d.lang, markdown: renderMarkdown(d.model).replace(/\*\*/g, '') }));
}, 120_000);

function doc(policy: string, lang: string): Rendered {
  const found = documents.find((d) => d.policy === policy && d.lang === lang);
  if (found === undefined) throw new Error(`no ${lang} document for ${policy}`);
  return found;
}

describe('one source for the supplier, data protection and AI facts', () => {
  it('the supplier incident deadline and the review cadences follow the organisation, in both languages', () => {
    const en = ownSections(doc('supplier-security', 'en').markdown);
    const sv = ownSections(doc('supplier-security', 'sv').markdown);
    for (const fact of ['no later than 8 hours after', 'at least every 6 months', 'at least every 36 months', 'at least every 2 months']) expect(en).toContain(fact);
    for (const fact of ['senast 8 timmar efter', 'minst var 6:e månad', 'minst var 36:e månad', 'minst var 2:e månad']) expect(sv).toContain(fact);
    for (const text of [en, sv]) expect(text).not.toMatch(/\b(24|12|3) (hours|timmar|months)\b|var (24|12|3):e månad/);
  });

  it('no document states a supplier reporting deadline of its own', () => {
    for (const d of documents.filter((x) => x.policy !== 'supplier-security')) {
      expect(body(d.markdown), `${d.policy} ${d.lang}`).not.toMatch(/supplier[^.]*\b\d+ hours\b|leverantör[^.]*\b\d+ timmar\b/i);
    }
  });

  it('the review of the records of processing follows the organisation', () => {
    expect(body(doc('data-protection', 'en').markdown)).toContain('records are reviewed at least every 9 months');
    expect(body(doc('data-protection', 'sv').markdown)).toContain('registren ses över minst var 9:e månad');
  });

  it('without a designated DPO, the DPO section and its Art. 37-39 mappings are left out and a data protection lead is named', () => {
    for (const lang of ['en', 'sv']) {
      const markdown = doc('data-protection', lang).markdown;
      expect(markdown).not.toMatch(/^## \d+ (Data protection officer|Dataskyddsombud)$/m);
      expect(markdown).not.toMatch(/^\| Art\. 3[789] \|/m);
      expect(markdown).not.toContain('Sofia Nyberg');
      expect(body(markdown)).toContain(lang === 'en' ? 'The person responsible for data protection' : 'Den som ansvarar för dataskyddsfrågor');
    }
  });

  it('an approved tool no longer approved for Confidential information shows as Internal', () => {
    expect(body(doc('ai-guidelines', 'en').markdown)).toMatch(/^\| Microsoft 365 Copilot Chat \| [^|]+ \| Internal \|$/m);
    expect(body(doc('ai-guidelines', 'sv').markdown)).toMatch(/^\| Microsoft 365 Copilot Chat \| [^|]+ \| Intern \|$/m);
  });
});
