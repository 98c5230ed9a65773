import { beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/render/markdown/render-markdown.js';
import { composeExampleVariant } from '../support/example-variant.js';

/**
 * The facts the people policies state (acceptable use, human resource security, security awareness and
 * training, remote work), read in the rendered English and Swedish text of the example: each article,
 * act and control they cite, and each organisation value they print, which must follow the
 * organisation file when it changes.
 */
type Lang = 'en' | 'sv';
type Texts = (policy: string, lang: Lang) => string;

const POLICIES = ['acceptable-use', 'hr-security', 'security-awareness', 'remote-work'];
let example: Texts;
let changed: Texts;

/** The example organisation with some lines replaced, composed (drafts): the Markdown of each people policy. */
async function compose(replacements: readonly (readonly [string, string])[]): Promise<Texts> {
  const composed = await composeExampleVariant(replacements, POLICIES);
  return (policy, lang) => {
    const found = composed.find((d) => d.policy === policy && d.lang === lang);
    if (!found) throw new Error(`no ${policy} ${lang}`);
    return renderMarkdown(found.model).replace(/\*\*/g, '');
  };
}

beforeAll(async () => {
  example = await compose([]);
  changed = await compose([
    ['rescreeningYears: 3', 'rescreeningYears: 5'],
    ['abroadMaxWorkingDays: 20', 'abroadMaxWorkingDays: 35'],
    ['phishingSimulationsPerYear: 6', 'phishingSimulationsPerYear: 11'],
    ['cadence: { en: quarterly, sv: varje kvartal }', 'cadence: { en: every second month, sv: varannan månad }'],
    ['refresherMinutes: 15', 'refresherMinutes: 25'],
  ]);
}, 120_000);

/** The implemented-by row of a control in the appendix, e.g. "| 6.1 | Screening | 2 |" (an id's space may be a no-break space). */
const implementedRow = (id: string): RegExp => new RegExp(`^\\| ${id.replace(/[.()]/g, '\\$&').replace(/ /g, '[\\s\\u00a0]')} \\| [^|]+ \\| \\d`, 'm');

describe('Acceptable Use Policy: facts in both languages', () => {
  it('grounds monitoring in Art. 6(1)(f) and informs staff as Art. 13 GDPR requires', () => {
    expect(example('acceptable-use', 'en')).toContain("legitimate interest (Art. 6(1)(f) GDPR)");
    expect(example('acceptable-use', 'en')).toContain('as Art. 13 GDPR requires');
    expect(example('acceptable-use', 'sv')).toContain('berättigade intresse (artikel 6.1 f i dataskyddsförordningen)');
    expect(example('acceptable-use', 'sv')).toContain('i enlighet med artikel 13 i dataskyddsförordningen');
  });

  it('implements ISO 5.10, 5.11, 5.32 and 8.1 in its appendix, in both languages', () => {
    for (const lang of ['en', 'sv'] as const) {
      for (const id of ['5.10', '5.11', '5.32', '8.1']) expect(example('acceptable-use', lang), `${id} ${lang}`).toMatch(implementedRow(id));
    }
  });
});

describe('Human Resource Security Policy: facts in both languages', () => {
  it('cites NIS2 Art. 21(2)(i), GDPR Art. 10, the Protective Security Act and the Employment Protection Act correctly', () => {
    const en = example('hr-security', 'en');
    expect(en).toContain('Art. 21(2)(i) of the NIS2 Directive');
    expect(en).toContain('as Art. 10 GDPR requires');
    expect(en).toContain('Protective Security Act (säkerhetsskyddslagen, 2018:585)');
    expect(en).toContain('Employment Protection Act (lagen om anställningsskydd, 1982:80)');
    const sv = example('hr-security', 'sv');
    expect(sv).toContain('artikel 21.2 i i NIS2-direktivet');
    expect(sv).toContain('artikel 10 i dataskyddsförordningen');
    expect(sv).toContain('säkerhetsskyddslagen (2018:585)');
    expect(sv).toContain('lagen (1982:80) om anställningsskydd');
  });

  it('never promises a criminal-records check that the law does not allow', () => {
    expect(example('hr-security', 'en')).toContain('only where Swedish law expressly permits it for the role');
    expect(example('hr-security', 'sv')).toContain('endast där svensk lag uttryckligen tillåter det för rollen');
    expect(example('hr-security', 'en')).not.toMatch(/every (candidate|employee)[^.]*criminal record/i);
  });

  it('prints the re-screening interval from the organisation file', () => {
    expect(example('hr-security', 'en')).toContain('are repeated every 3 years');
    expect(example('hr-security', 'sv')).toContain('upprepas vart 3:e år');
    expect(changed('hr-security', 'en')).toContain('are repeated every 5 years');
    expect(changed('hr-security', 'sv')).toContain('upprepas vart 5:e år');
    expect(changed('hr-security', 'en')).not.toContain('every 3 years');
  });

  it('implements ISO 6.1, 6.2, 6.4, 6.5, 6.6, SOC 2 CC1.1 and CC1.5 and NIS2 Art. 21(2)(i)', () => {
    for (const lang of ['en', 'sv'] as const) {
      for (const id of ['6.1', '6.2', '6.4', '6.5', '6.6', 'CC1.1', 'CC1.5', 'Art. 21(2)(i)']) expect(example('hr-security', lang), `${id} ${lang}`).toMatch(implementedRow(id));
    }
  });
});

describe('Security Awareness and Training Policy: facts in both languages', () => {
  it('states the management body training of NIS2 Art. 20(2)', () => {
    expect(example('security-awareness', 'en')).toContain('as Art. 20(2) of the NIS2 Directive requires');
    expect(example('security-awareness', 'sv')).toContain('i enlighet med artikel 20.2 i NIS2-direktivet');
  });

  it('prints the training cadence, onboarding, refresher and phishing exercises from the organisation file', () => {
    const en = example('security-awareness', 'en');
    expect(en).toContain('on their first working day');
    expect(en).toContain('complete awareness training quarterly');
    expect(en).toContain('about 15 minutes monthly');
    expect(en).toContain('at least 6 times a year');
    const sv = example('security-awareness', 'sv');
    expect(sv).toContain('under första arbetsdagen');
    expect(sv).toContain('säkerhetsmedvetenhet varje kvartal');
    expect(sv).toContain('cirka 15 minuter varje månad');
    expect(sv).toContain('minst 6 gånger per år');
    expect(changed('security-awareness', 'en')).toContain('complete awareness training every second month');
    expect(changed('security-awareness', 'en')).toContain('and then every second month');
    expect(changed('security-awareness', 'en')).toContain('about 25 minutes monthly');
    expect(changed('security-awareness', 'en')).toContain('at least 11 times a year');
    expect(changed('security-awareness', 'sv')).toContain('minst 11 gånger per år');
    expect(changed('security-awareness', 'sv')).toContain('därefter varannan månad');
    for (const lang of ['en', 'sv'] as const) expect(changed('security-awareness', lang)).not.toMatch(/quarterly|varje kvartal|\b6 (times|gånger)\b/);
  });

  it('implements ISO 6.3 and clauses 7.2-7.4, SOC 2 CC1.4 and CC2.2, NIS2 Art. 20(2) and 21(2)(g)', () => {
    for (const lang of ['en', 'sv'] as const) {
      for (const id of ['6.3', 'Clause 7.2', 'Clause 7.3', 'Clause 7.4', 'CC1.4', 'CC2.2', 'Art. 20(2)', 'Art. 21(2)(g)']) {
        const shown = lang === 'sv' ? id.replace('Clause', 'Avsnitt') : id;
        expect(example('security-awareness', lang), `${id} ${lang}`).toMatch(implementedRow(shown));
      }
    }
  });
});

describe('Remote Work and Remote Access Policy: facts in both languages', () => {
  it('refers transfers to third countries to Chapter V GDPR', () => {
    expect(example('remote-work', 'en')).toContain('Chapter V of the GDPR');
    expect(example('remote-work', 'sv')).toContain('kapitel V i dataskyddsförordningen');
  });

  it('prints the days of work from abroad allowed without approval from the organisation file', () => {
    expect(example('remote-work', 'en')).toContain('up to 20 working days a calendar year');
    expect(example('remote-work', 'sv')).toContain('högst 20 arbetsdagar per kalenderår');
    expect(changed('remote-work', 'en')).toContain('up to 35 working days a calendar year');
    expect(changed('remote-work', 'sv')).toContain('högst 35 arbetsdagar per kalenderår');
  });

  it('refers to the Access Control Standard for remote access instead of repeating its rules', () => {
    expect(example('remote-work', 'en')).toContain('remote access rules of the Access Control Standard; this policy does not repeat them');
    expect(example('remote-work', 'en')).not.toContain('zero-trust');
  });

  it('implements ISO 6.7 and 7.9', () => {
    for (const lang of ['en', 'sv'] as const) for (const id of ['6.7', '7.9']) expect(example('remote-work', lang), `${id} ${lang}`).toMatch(implementedRow(id));
  });
});
