import { beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/render/markdown/render-markdown.js';
import { composeExampleVariant, numberedSections as body, sentences } from '../support/example-variant.js';

/**
 * One source for the people facts: the example organisation with its phishing exercises, re-screening
 * interval and days of work from abroad changed, composed with the whole bundled library. Every
 * document that states one of these facts must state the new value, and none the old one or another:
 * a module that typed the number by hand fails here.
 */
interface Rendered {
  readonly policy: string;
  readonly lang: 'en' | 'sv';
  readonly markdown: string;
}

const CHANGED = { phishing: 13, rescreening: 7, abroad: 45 };
let documents: Rendered[] = [];



beforeAll(async () => {
  const composed = await composeExampleVariant([
    ['phishingSimulationsPerYear: 6', `phishingSimulationsPerYear: ${CHANGED.phishing}`],
    ['rescreeningYears: 3', `rescreeningYears: ${CHANGED.rescreening}`],
    ['abroadMaxWorkingDays: 20', `abroadMaxWorkingDays: ${CHANGED.abroad}`],
  ] as const);
  documents = composed.map((d) => ({ policy: d.policy, lang: d.lang === 'sv' ? 'sv' : 'en', markdown: body(renderMarkdown(d.model)) }));
}, 120_000);

/** Every number in the sentences of all documents that match `topic`, read by `number`. */
function stated(topic: Record<'en' | 'sv', RegExp>, number: Record<'en' | 'sv', RegExp>): { where: string; value: number }[] {
  return documents.flatMap((d) => sentences(d.markdown)
    .filter((s) => topic[d.lang].test(s))
    .flatMap((s) => [...s.matchAll(number[d.lang])].map((m) => ({ where: `${d.policy} (${d.lang}): ${s}`, value: Number(m[1]) }))));
}

describe('people facts: one source across every document of the example', () => {
  it('the number of phishing exercises a year', () => {
    const found = stated({ en: /phishing/i, sv: /nätfiske/i }, { en: /(\d+) times (a|per) year/g, sv: /(\d+) gånger (per|om) år/g });
    expect(found.map((f) => f.where).some((w) => w.startsWith('security-awareness (en)'))).toBe(true);
    expect(found.map((f) => f.where).some((w) => w.startsWith('security-awareness (sv)'))).toBe(true);
    for (const f of found) expect(f.value, f.where).toBe(CHANGED.phishing);
  });

  it('the interval of repeated background checks', () => {
    const found = stated({ en: /screen|checks/i, sv: /bakgrundskontroll|kontroller/i }, { en: /every (\d+) years/g, sv: /vart (\d+):e år/g });
    expect(found.filter((f) => f.where.startsWith('hr-security'))).toHaveLength(2);
    for (const f of found) expect(f.value, f.where).toBe(CHANGED.rescreening);
  });

  it('the days of work from abroad without approval', () => {
    const found = stated({ en: /abroad/i, sv: /utlandet/i }, { en: /(\d+) working days/g, sv: /(\d+) arbetsdagar/g });
    expect(found.filter((f) => f.where.startsWith('remote-work'))).toHaveLength(2);
    for (const f of found) expect(f.value, f.where).toBe(CHANGED.abroad);
  });

  it('only the Security Awareness and Training Policy states the awareness programme; the others refer to it by title', () => {
    const refresher = documents.filter((d) => /refresher of about|kort repetition på cirka/.test(d.markdown)).map((d) => d.policy);
    expect([...new Set(refresher)]).toEqual(['security-awareness']);
    for (const policy of ['information-security', 'incident-management']) {
      for (const lang of ['en', 'sv'] as const) {
        const d = documents.find((x) => x.policy === policy && x.lang === lang);
        expect(d?.markdown, `${policy} ${lang}`).toContain(lang === 'en' ? 'Security Awareness and Training Policy' : 'Policy för säkerhetsmedvetenhet och utbildning');
      }
    }
  });
});
