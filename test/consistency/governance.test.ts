import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/render/markdown/render-markdown.js';
import { REPO_ROOT } from '../support/project.js';
import { composeExampleVariant, numberedSections as body, sentences } from '../support/example-variant.js';

/**
 * One source per fact: the example organisation with its training, review and exception values
 * changed, composed with the bundled library. Every document that states one of these facts must now
 * state the new value, and none may still state the old one or another one: a module that typed the
 * fact by hand fails here.
 */
interface Rendered {
  readonly policy: string;
  readonly lang: string;
  readonly markdown: string;
  /** The module ids of the document's sections, in order. */
  readonly modules: readonly string[];
}

const CHANGED = {
  cadence: { en: 'every second month', sv: 'varannan månad' },
  refresher: { en: 'every third week', sv: 'var tredje vecka' },
  refresherMinutes: 25,
  intervalMonths: 18,
  maxMonths: 9,
};

/** Cadence words that, near "training", would be a second source for the training cadence. */
const OTHER_CADENCES: Readonly<Record<string, readonly RegExp[]>> = {
  en: [/quarterly/i, /\bonce a year\b/i, /\bannual(ly)?\b/i, /\byearly\b/i, /\bmonthly\b/i, /\bevery (year|month|quarter)\b/i, /\btwice a year\b/i],
  sv: [/varje kvartal/i, /kvartalsvis/i, /en gång (per|om) år/i, /årlig(en)?\b/i, /varje (månad|år)/i, /varannan vecka/i],
};
const TRAINING = { en: /\btrain|awareness|refresher/i, sv: /utbild|medvetenhet|repetition/i };

let documents: Rendered[] = [];

/** The example organisation with some of its lines replaced, composed (drafts) with the bundled library. */
async function composeExample(replacements: readonly (readonly [string, string])[]): Promise<Rendered[]> {
  const composed = await composeExampleVariant(replacements);
  return composed.map((d) => ({ policy: d.policy, lang: d.lang, markdown: body(renderMarkdown(d.model)), modules: d.model.sections.map((s) => s.module) }));
}

beforeAll(async () => {
  documents = await composeExample([
    ['cadence: { en: quarterly, sv: varje kvartal }', `cadence: { en: ${CHANGED.cadence.en}, sv: ${CHANGED.cadence.sv} }`],
    ['refresher: { en: monthly, sv: varje månad }', `refresher: { en: ${CHANGED.refresher.en}, sv: ${CHANGED.refresher.sv} }`],
    ['refresherMinutes: 15', `refresherMinutes: ${CHANGED.refresherMinutes}`],
    ['intervalMonths: 12', `intervalMonths: ${CHANGED.intervalMonths}`],
    ['maxMonths: 12', `maxMonths: ${CHANGED.maxMonths}`],
    // Key rotation is another fact that Kestrel also sets to 12 months: moved so that a stray 12 is still caught.
    ['keyRotationMonths: 12', 'keyRotationMonths: 7'],
    // Intervals of other facts that happen to be 12 months too, each with its own source and its own
    // test (test/consistency/supply.test.ts); moved so that a leftover review interval still shows.
    ['criticalReviewMonths: 12', 'criticalReviewMonths: 11'],
    ['recordsReviewMonths: 12', 'recordsReviewMonths: 11'],
  ]);
}, 120_000);



function lang(d: Rendered): 'en' | 'sv' {
  return d.lang === 'sv' ? 'sv' : 'en';
}

describe('one source per fact across the example documents', () => {
  it('every document with an awareness section states the organisation\'s training cadence, in its language', () => {
    const withTraining = documents.filter((d) => d.modules.some((m) => m === 'policy-awareness' || m === 'infosec-nis2-governance' || m === 'awareness-programme'));
    expect(withTraining.map((d) => d.policy).sort()).toEqual(expect.arrayContaining(['access-control', 'business-continuity', 'change-management', 'information-classification', 'information-security', 'security-awareness']));
    for (const d of withTraining) expect(d.markdown, `${d.policy} ${d.lang}`).toContain(CHANGED.cadence[lang(d)]);
  });

  it('no document states another cadence for training', () => {
    const offending = documents.flatMap((d) => sentences(d.markdown)
      // Incident exercises (org.training.exercises) and secure coding training (org.technology.secureCodingTraining)
      // have cadences of their own: other facts, not the awareness training's.
      .filter((s) => TRAINING[lang(d)].test(s) && !/exercise|övning|secure coding|säker kodning/i.test(s) && OTHER_CADENCES[lang(d)]!.some((word) => word.test(s)))
      .map((s) => `${d.policy} (${d.lang}): ${s}`));
    expect(offending).toEqual([]);
  });

  it('the refresher is stated with the organisation\'s length and cadence, and nowhere with another', () => {
    // The awareness programme, refresher included, is stated once: in the Security Awareness and Training Policy.
    const awareness = documents.filter((d) => d.policy === 'security-awareness');
    expect(awareness).toHaveLength(2);
    expect(awareness.find((d) => d.lang === 'en')?.markdown).toContain(`about ${CHANGED.refresherMinutes} minutes ${CHANGED.refresher.en}`);
    expect(awareness.find((d) => d.lang === 'sv')?.markdown).toContain(`cirka ${CHANGED.refresherMinutes} minuter ${CHANGED.refresher.sv}`);
    const refresher = documents.flatMap((d) => sentences(d.markdown).filter((s) => /refresher|repetition/i.test(s)).map((s) => ({ d, s })));
    expect(refresher.length).toBeGreaterThan(0);
    for (const { d, s } of refresher) {
      const minutes = [...s.matchAll(/(\d+) (minutes|minuter)/g)].map((m) => Number(m[1]));
      expect(minutes.filter((m) => m !== CHANGED.refresherMinutes), `${d.policy} (${d.lang}): ${s}`).toEqual([]);
    }
  });

  it('every document states its own review interval from the organisation, and no other interval for it', () => {
    for (const d of documents) {
      const stated = lang(d) === 'en' ? new RegExp(`at least every ${CHANGED.intervalMonths} months`) : new RegExp(`högst ${CHANGED.intervalMonths} månaders mellanrum|minst var ${CHANGED.intervalMonths}:e månad`);
      expect(d.markdown, `${d.policy} ${d.lang}`).toMatch(stated);
      // Only sentences about review: 12 months may be another decision, such as the log retention period.
      const reviews = sentences(d.markdown).filter((s) => /review|ser över|översyn|granska/i.test(s));
      expect(reviews.filter((s) => /\b12 (months|månaders?)\b/.test(s)), `${d.policy} ${d.lang}`).toEqual([]);
    }
  });

  it('every document but the top policy and the Statement of Applicability defers its governance to the top policy', () => {
    for (const d of documents.filter((x) => !['information-security', 'statement-of-applicability'].includes(x.policy))) {
      expect(d.modules, `${d.policy} ${d.lang}`).toContain('governance-reference');
      expect(d.modules, `${d.policy} ${d.lang}`).not.toContain('policy-exceptions');
      expect(d.modules, `${d.policy} ${d.lang}`).not.toContain('compliance-enforcement');
      expect(d.markdown).toContain(lang(d) === 'en' ? 'follow the rules of the Information Security Policy' : 'följer reglerna i Informationssäkerhetspolicy');
    }
    const top = documents.filter((d) => d.policy === 'information-security');
    for (const d of top) expect(d.modules).toEqual(expect.arrayContaining(['review-cycle', 'policy-exceptions', 'compliance-enforcement', 'document-control']));
  });

  it('the longest exception is the organisation\'s value, stated only in the top policy', () => {
    const stating = documents.filter((d) => /(no later than|senast) \d+ (months|månader) (after approval|efter beslutet)/.test(d.markdown));
    expect(stating.map((d) => `${d.policy} ${d.lang}`).sort()).toEqual(['information-security en', 'information-security sv']);
    for (const d of stating) expect(d.markdown).toContain(lang(d) === 'en' ? `no later than ${CHANGED.maxMonths} months after approval` : `senast ${CHANGED.maxMonths} månader efter beslutet`);
  });
});

describe('NIS2 facts in the top policy', () => {
  const infosec = (docs: readonly Rendered[], language: string): string => (docs.find((d) => d.policy === 'information-security' && d.lang === language)?.markdown ?? '').replace(/\*\*/g, '');

  it('states the entity type, the management body duties of Art. 20 and, in Sweden, the registration duty', async () => {
    const example = await composeExample([]);
    const en = infosec(example, 'en');
    expect(en).toContain('Kestrel Logistics AB is an important entity under the NIS2 Directive, supervised by the Swedish Post and Telecom Authority (PTS).');
    expect(en).not.toContain('is an essential entity');
    expect(en).toMatch(/approve the cybersecurity risk-management measures that Kestrel takes to comply with Article 21/);
    expect(en).toMatch(/oversee their implementation/);
    expect(en).toMatch(/follow training.*each member completes cybersecurity training/s);
    expect(en).toContain('Swedish Cybersecurity Act (cybersäkerhetslagen, SFS 2025:1506)');
    expect(en).toContain('entered into force on 15 January 2026');
    expect(en).toContain('Chapter 2, Section 2 of the Act');
    expect(en).toContain('single point of contact named in Section 23 of the Cybersecurity Ordinance (cybersäkerhetsförordningen, SFS 2025:1507)');
    const sv = infosec(example, 'sv');
    expect(sv).toContain('Kestrel Logistics AB är en viktig entitet enligt NIS2-direktivet och står under tillsyn av Post- och telestyrelsen (PTS).');
    expect(sv).toContain('cybersäkerhetslagen (2025:1506)');
    expect(sv).toContain('Enligt 2 kap. 2 § lagen ska en verksamhetsutövare som omfattas av lagen anmäla sig; anmälan görs till den gemensamma kontaktpunkten enligt 23 § cybersäkerhetsförordningen (2025:1507).');
  }, 120_000);

  it('follows the entity type and leaves the Swedish registration duty out for an organisation outside Sweden', async () => {
    const finnish = await composeExample([['country: SE', 'country: FI'], ['entityType: important', 'entityType: essential']]);
    for (const language of ['en', 'sv']) {
      const text = infosec(finnish, language);
      expect(text).not.toMatch(/cybersäkerhetslag|Cybersecurity Act/);
      expect(text).toContain(language === 'en' ? 'is an essential entity under the NIS2 Directive' : 'är en väsentlig entitet enligt NIS2-direktivet');
      expect(text).not.toMatch(/important entity|viktig entitet/);
    }
  }, 120_000);

  it('spells NIS2 one way in every module outside the incident set', () => {
    // The incident modules are being rewritten on their own branch; they are checked there.
    const folder = path.join(REPO_ROOT, 'policy-modules/sections');
    const offending = readdirSync(folder).filter((file) => !file.startsWith('incident-') && /NIS 2/.test(readFileSync(path.join(folder, file), 'utf8')));
    expect(offending).toEqual([]);
  });
});
