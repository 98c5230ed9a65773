import { beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/render/markdown/render-markdown.js';
import { composeExampleVariant, numberedSections } from '../support/example-variant.js';

/**
 * One source for the ISMS governance cadences (issue 14): risk assessment, management review, the
 * CISO's reports to the management body and privileged access reviews are organisation values
 * (`governance.*`). The example is composed with each value changed; every document that states the
 * cadence must print the new value, and no line about that activity may still state the old one.
 */
interface Rendered {
  readonly policy: string;
  readonly lang: 'en' | 'sv';
  readonly markdown: string;
}

type Lang = 'en' | 'sv';
interface Fact {
  readonly field: string;
  readonly old: Record<Lang, string>;
  readonly changed: Record<Lang, string>;
  /** A line about this activity (list item, paragraph or table row). */
  readonly about: Record<Lang, RegExp>;
  /** The documents that state the cadence. */
  readonly stating: readonly string[];
}

const FACTS: readonly Fact[] = [
  {
    field: 'riskAssessment',
    old: { en: 'at least once a year', sv: 'minst en gång per år' },
    changed: { en: 'at least every seven months', sv: 'minst var sjunde månad' },
    about: { en: /(risks (are|must be) assessed|they are assessed|for the whole scope of the ISMS)/i, sv: /(risker ska bedömas|bedöms .*(omfattning|när en väsentlig)|för hela ledningssystemets omfattning)/i },
    stating: ['information-security', 'risk-management'],
  },
  {
    field: 'managementReview',
    old: { en: 'at least once a year', sv: 'minst en gång per år' },
    changed: { en: 'at least every nine months', sv: 'minst var nionde månad' },
    about: { en: /reviews the ISMS/i, sv: /går igenom ledningssystemet/i },
    stating: ['information-security'],
  },
  {
    field: 'managementBodyReporting',
    old: { en: 'at least quarterly', sv: 'minst en gång per kvartal' },
    changed: { en: 'every second month', sv: 'varannan månad' },
    about: { en: /(written reports from|to the management body)/i, sv: /(skriftliga rapporter från|till ledningsorganet)/i },
    stating: ['information-security', 'risk-management'],
  },
  {
    field: 'privilegedAccessReview',
    old: { en: 'quarterly', sv: 'kvartalsvis' },
    changed: { en: 'every five weeks', sv: 'var femte vecka' },
    about: { en: /privileged (rights are reviewed|accounts and roles)/i, sv: /privilegierade (behörigheter granskas|konton och roller)/i },
    stating: ['access-control-standard'],
  },
];

let changed: Rendered[] = [];
let unchanged: Rendered[] = [];

/** The numbered sections, as the assertions read them. */
function body(markdown: string): string {
  return numberedSections(markdown).replace(/\*\*/g, '');
}

/** The example organisation with every governance cadence replaced (or not), composed (drafts) with the bundled library. */
async function composeExample(replace: boolean): Promise<Rendered[]> {
  const replacements = replace ? (FACTS).map((fact) => [`  ${fact.field}: { en: ${fact.old.en}, sv: ${fact.old.sv} }`, `  ${fact.field}: { en: ${fact.changed.en}, sv: ${fact.changed.sv} }`] as const) : [];
  const composed = await composeExampleVariant(replacements);
  return composed.map((d) => ({ policy: d.policy, lang: d.lang === 'sv' ? 'sv' : 'en', markdown: body(renderMarkdown(d.model)) }));
}

function linesAbout(markdown: string, fact: Fact, lang: Lang): string[] {
  return markdown.split('\n').filter((line) => fact.about[lang].test(line));
}

beforeAll(async () => {
  [changed, unchanged] = await Promise.all([composeExample(true), composeExample(false)]);
}, 180_000);

describe('governance cadences: one organisation value each, printed by every document', () => {
  it.each(FACTS)('the example states $field as its organisation value in every document that states it', (fact) => {
    for (const policy of fact.stating) {
      for (const lang of ['en', 'sv'] as const) {
        const d = unchanged.find((x) => x.policy === policy && x.lang === lang);
        expect(d, `${policy} ${lang} is composed`).toBeDefined();
        const lines = linesAbout(d!.markdown, fact, lang).filter((line) => line.includes(fact.old[lang]));
        expect(lines.length, `${policy} ${lang} states ${fact.field} "${fact.old[lang]}"`).toBeGreaterThan(0);
      }
    }
  });

  it.each(FACTS)('with $field changed, every stating document prints the new value and no line about it the old', (fact) => {
    const stating = changed.filter((d) => linesAbout(d.markdown, fact, d.lang).some((line) => line.includes(fact.changed[d.lang])));
    expect(stating.map((d) => `${d.policy} ${d.lang}`).sort()).toEqual(fact.stating.flatMap((p) => [`${p} en`, `${p} sv`]).sort());
    const stale = changed.flatMap((d) => linesAbout(d.markdown, fact, d.lang)
      .filter((line) => new RegExp(`\\b${fact.old[d.lang]}\\b`, 'i').test(line))
      .map((line) => `${d.policy} (${d.lang}): ${line}`));
    expect(stale).toEqual([]);
  });
});
