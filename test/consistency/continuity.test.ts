import { beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/render/markdown/render-markdown.js';
import { composeExampleVariant, numberedSections as body } from '../support/example-variant.js';

/**
 * One source for the recovery tiers: the example organisation with its first tier renamed and its
 * objectives and full restore test changed, composed with the bundled library. The Business Continuity
 * and the Backup and Restore documents must all follow, and no document may still state the old
 * values or name a tier by hand.
 */
interface Rendered {
  readonly policy: string;
  readonly lang: 'en' | 'sv';
  readonly markdown: string;
}

const OLD = {
  name: { en: 'Tier 1', sv: 'Klass 1' },
  rto: { en: '4 hours', sv: '4 timmar' },
  rpo: { en: '1 hour', sv: '1 timme' },
  restoreTest: { en: 'every six months', sv: 'var sjätte månad' },
};
const NEW = {
  name: { en: 'Gold', sv: 'Guld' },
  rto: { en: '90 minutes', sv: '90 minuter' },
  rpo: { en: '15 minutes', sv: '15 minuter' },
  restoreTest: { en: 'every second month', sv: 'varannan månad' },
};
type Field = keyof typeof OLD;

/**
 * Documents that still name the first tier by hand, each listed so that the test stays strict for every
 * other document and fails once the list is out of date. None: the Access Control Standard names the
 * most critical tier by the organisation's own name for it.
 */
const NAMED_BY_HAND_ELSEWHERE: readonly string[] = [];

/** Documents that name a tier by the organisation's name for it without stating its objectives. */
const NAMING = ['access-control-standard'];

/** The documents that state the recovery tiers. */
const STATING = ['backup-restore', 'backup-restore-procedure', 'business-continuity', 'business-continuity-procedure'];

let changed: Rendered[] = [];
let unchanged: Rendered[] = [];


/** The example organisation with its first recovery tier replaced, composed (drafts) with the bundled library. */
async function composeExample(replace: boolean): Promise<Rendered[]> {
  const replacements = replace ? (Object.keys(OLD) as Field[]).map((field) => [`${field}: { en: ${OLD[field].en}, sv: ${OLD[field].sv} }`, `${field}: { en: ${NEW[field].en}, sv: ${NEW[field].sv} }`] as const) : [];
  const composed = await composeExampleVariant(replacements);
  return composed.map((d) => ({ policy: d.policy, lang: d.lang === 'sv' ? 'sv' : 'en', markdown: body(renderMarkdown(d.model)) }));
}

/** Lines (table rows, list items, paragraphs) that name a tier, with emphasis removed. */
function linesNaming(markdown: string, name: string): string[] {
  return markdown.replace(/\*\*/g, '').split('\n').filter((line) => line.includes(name));
}

beforeAll(async () => {
  [changed, unchanged] = await Promise.all([composeExample(true), composeExample(false)]);
}, 180_000);

describe('recovery tiers: one organisation value for the continuity and backup documents', () => {
  it('the example states the same full restore test for its first tier in every continuity and backup document', () => {
    for (const d of unchanged.filter((x) => STATING.includes(x.policy))) {
      const rows = linesNaming(d.markdown, OLD.name[d.lang]);
      expect(rows.length, `${d.policy} ${d.lang}`).toBeGreaterThan(0);
      for (const row of rows) expect(row.toLowerCase(), `${d.policy} ${d.lang}: ${row}`).toContain(OLD.restoreTest[d.lang]);
    }
  });

  it('every document that states the tiers follows the changed value, in both languages', () => {
    const naming = changed.filter((d) => linesNaming(d.markdown, NEW.name[d.lang]).length > 0);
    expect(naming.map((d) => `${d.policy} ${d.lang}`).sort()).toEqual([...STATING, ...NAMING].flatMap((p) => [`${p} en`, `${p} sv`]).sort());
    const stating = naming.filter((d) => STATING.includes(d.policy));
    for (const d of stating) {
      const rows = linesNaming(d.markdown, NEW.name[d.lang]);
      for (const row of rows) expect(row.toLowerCase(), `${d.policy} ${d.lang}: ${row}`).toContain(NEW.restoreTest[d.lang]);
    }
    for (const d of changed.filter((x) => x.policy.startsWith('business-continuity') && x.policy !== 'business-continuity-procedure')) {
      const row = linesNaming(d.markdown, NEW.name[d.lang]).join('\n');
      expect(row, `${d.policy} ${d.lang}`).toContain(NEW.rto[d.lang]);
      expect(row, `${d.policy} ${d.lang}`).toContain(NEW.rpo[d.lang]);
    }
    for (const d of changed.filter((x) => x.policy === 'backup-restore')) {
      expect(linesNaming(d.markdown, NEW.name[d.lang]).join('\n'), `${d.policy} ${d.lang}`).toContain(NEW.rpo[d.lang]);
    }
  });

  it('no document names the old tier or states its old objectives or restore test', () => {
    const offending = changed.flatMap((d) => {
      const text = d.markdown.replace(/\*\*/g, '');
      const found: string[] = [];
      if (text.toLowerCase().includes(OLD.name[d.lang].toLowerCase())) found.push(`names "${OLD.name[d.lang]}"`);
      for (const line of linesNaming(text, NEW.name[d.lang])) {
        for (const field of ['rto', 'rpo', 'restoreTest'] as const) {
          if (new RegExp(`\\b${OLD[field][d.lang]}\\b`, 'i').test(line)) found.push(`states the old ${field} "${OLD[field][d.lang]}": ${line}`);
        }
      }
      // A restore or recovery test cadence typed by hand, outside the tier rows.
      const typed = text.split('\n').filter((line) => /(full restore|recovery test|återställningstest|fullständig återställning)/i.test(line) && /(annually for each|every six months|årligen för varje|var sjätte månad)/i.test(line));
      found.push(...typed.map((line) => `types a restore-test cadence: ${line}`));
      return found.map((f) => `${d.policy} (${d.lang}): ${f}`);
    });
    expect(offending.filter((o) => !NAMED_BY_HAND_ELSEWHERE.includes(o))).toEqual([]);
    expect(NAMED_BY_HAND_ELSEWHERE.filter((o) => !offending.includes(o)), 'no longer named by hand: remove from the list').toEqual([]);
  });
});
