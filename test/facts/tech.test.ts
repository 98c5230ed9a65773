import { beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/render/markdown/render-markdown.js';
import { composeExampleVariant, numberedSections as body } from '../support/example-variant.js';

/**
 * The facts of the physical security, cryptography and secure development policies, in their rendered
 * English and Swedish text: the regulation, standards and documents they cite, the controls their
 * appendix says they implement, and the organisation's technology values. The example is composed
 * once as it is and once with every technology value changed: the text must follow, and none of the
 * three documents (nor any other for the zone name) may still state an old value.
 */
interface Rendered {
  readonly policy: string;
  readonly lang: 'en' | 'sv';
  /** The numbered sections only. */
  readonly body: string;
  /** The whole document, appendix included. */
  readonly markdown: string;
}

const POLICIES = ['physical-security', 'cryptography', 'secure-development'] as const;
type Policy = (typeof POLICIES)[number];

const CHANGES: readonly (readonly [string, string])[] = [
  ['cctvRetentionDays: 30', 'cctvRetentionDays: 14'],
  ['physicalAccessReview: { en: every six months, sv: var sjätte månad }', 'physicalAccessReview: { en: every four months, sv: var fjärde månad }'],
  ['tlsMinimumVersion: "1.2"', 'tlsMinimumVersion: "1.3"'],
  ['rsaMinimumBits: 3072', 'rsaMinimumBits: 4096'],
  ['keyRotationMonths: 12', 'keyRotationMonths: 6'],
  ['secureCodingTraining: { en: every year, sv: varje år }', 'secureCodingTraining: { en: every second year, sv: vartannat år }'],
  ['      name: { en: Secure, sv: Skyddad }', '      name: { en: Vault, sv: Valv }'],
];

/** What each document states in the example, per language. */
const STATED: Readonly<Record<Policy, Readonly<Record<'en' | 'sv', readonly string[]>>>> = {
  'physical-security': {
    en: ['ISO/IEC 27001 certificates and SOC 2 Type 2 reports', 'as the Supplier Security Policy requires', 'set out in the Information Handling Standard', 'recordings are deleted after 30 days', 'The rights to enter the Secure zone are reviewed every six months', '| Secure | Network and server rooms', 'as the Access Control Policy requires', 'as the Incident Management Policy requires'],
    sv: ['ISO/IEC 27001-certifikat och SOC 2 Typ 2-rapporter', 'så som Policy för leverantörssäkerhet kräver', 'finns i Standard för informationshantering', 'inspelningar raderas efter 30 dagar', 'Behörigheterna till zonen Skyddad granskas var sjätte månad', '| Skyddad | Nätverks- och serverrum', 'så som Policy för behörighetsstyrning kräver', 'så som Policy för incidenthantering kräver'],
  },
  cryptography: {
    en: ['Regulation (EU) 2021/821 on dual-use items', 'Connections use TLS 1.2 or later', 'RSA with keys of at least 3072 bits', 'replaced at least every 12 months', 'AES with 128-bit or 256-bit keys', 'SHA-256', 'set out in the Business Continuity Procedure', 'which the Access Control Policy requires and the Access Control Standard specifies', 'as the Backup and Restore Policy requires', 'SPF, DKIM and DMARC'],
    sv: ['förordning (EU) 2021/821 om produkter med dubbla användningsområden', 'Förbindelser använder TLS 1.2 eller senare', 'RSA med nycklar på minst 3072 bitar', 'byts minst var 12:e månad', 'AES med 128- eller 256-bitarsnycklar', 'SHA-256', 'beskrivs i Rutin för kontinuitetshantering', 'som Policy för behörighetsstyrning kräver och Standard för behörighetsstyrning preciserar', 'så som Policy för säkerhetskopiering och återställning kräver', 'SPF-, DKIM- och DMARC-poster'],
  },
  'secure-development': {
    en: ['trained in secure coding when they join and every year after that', 'OWASP Application Security Verification Standard', 'OWASP Top 10', 'follow the Change Management Policy', 'as the Change Management Policy and the Change Management Procedure set out', 'as the Supplier Security Policy requires', 'encryption as the Cryptography Policy requires'],
    sv: ['utbildas i säker kodning när de börjar och därefter varje år', 'OWASP Application Security Verification Standard', 'OWASP Top 10', 'följer Policy för ändringshantering', 'så som Policy för ändringshantering och Rutin för ändringshantering anger', 'så som Policy för leverantörssäkerhet kräver', 'kryptering enligt Policy för kryptografi'],
  },
};

/** The changed value each document must now state, per language. */
const CHANGED_STATED: Readonly<Record<Policy, Readonly<Record<'en' | 'sv', readonly string[]>>>> = {
  'physical-security': {
    en: ['recordings are deleted after 14 days', 'The rights to enter the Vault zone are reviewed every four months', '| Vault | Network and server rooms'],
    sv: ['inspelningar raderas efter 14 dagar', 'Behörigheterna till zonen Valv granskas var fjärde månad', '| Valv | Nätverks- och serverrum'],
  },
  cryptography: {
    en: ['Connections use TLS 1.3 or later', 'at least 4096 bits', 'replaced at least every 6 months'],
    sv: ['Förbindelser använder TLS 1.3 eller senare', 'minst 4096 bitar', 'byts minst var 6:e månad'],
  },
  'secure-development': {
    en: ['when they join and every second year after that'],
    sv: ['när de börjar och därefter vartannat år'],
  },
};

/** Old values that none of the three documents may state once the organisation changed them. */
const OLD: Readonly<Record<'en' | 'sv', readonly RegExp[]>> = {
  en: [/\b30 days\b/, /every six months/, /TLS 1\.2/, /\b3072\b/, /replaced at least every 12 months/, /\bevery year\b/],
  sv: [/\b30 dagar\b/, /var sjätte månad/, /TLS 1\.2/, /\b3072\b/, /byts minst var 12:e månad/, /\bvarje år\b/],
};
/** The old name of the secure zone, as text would name it, in any document. */
const OLD_ZONE: Readonly<Record<'en' | 'sv', RegExp>> = { en: /\bSecure zone|\| Secure \|/, sv: /zonen Skyddad|\| Skyddad \||och Skyddad\b|eller Skyddad\b/ };

/** Controls that each document's appendix lists as implemented by one of its sections. */
const IMPLEMENTS: Readonly<Record<Policy, readonly string[]>> = {
  'physical-security': ['7.1', '7.2', '7.3', '7.4', '7.5', '7.6', '7.8', '7.11', '7.12', '7.13', 'CC6.4'],
  cryptography: ['8.24', 'Art. 21(2)(h)', 'Art. 21(2)(j)'],
  'secure-development': ['5.8', '8.4', '8.25', '8.26', '8.27', '8.28', '8.29', '8.30'],
};
/** Controls that another document implements, which these may only support. */
const SUPPORTS_ONLY: Readonly<Record<Policy, readonly string[]>> = {
  'physical-security': ['7.7', '7.10', '7.14', 'CC6.5'],
  cryptography: ['CC6.7'],
  'secure-development': ['8.31', '8.32', '8.33', 'CC8.1', 'Art. 21(2)(e)'],
};

let example: Rendered[] = [];
let changed: Rendered[] = [];


async function composeExample(replacements: readonly (readonly [string, string])[]): Promise<Rendered[]> {
  const composed = await composeExampleVariant(replacements);
  return composed.map((d) => {
    // The renderer keeps ids and their numbers together with no-break spaces; the facts are read as plain text.
    const markdown = renderMarkdown(d.model).replace(/\u00a0/g, ' ');
    return { policy: d.policy, lang: d.lang === 'sv' ? 'sv' : 'en', body: body(markdown).replace(/\*\*/g, ''), markdown };
  });
}

function find(documents: readonly Rendered[], policy: Policy, lang: 'en' | 'sv'): Rendered {
  const d = documents.find((x) => x.policy === policy && x.lang === lang);
  if (!d) throw new Error(`no ${policy} ${lang}`);
  return d;
}

/** The appendix row of a control: `| id | title | sections |`. */
function appendixRow(markdown: string, id: string): string | undefined {
  const appendix = markdown.slice(markdown.search(/^## (Appendix|Bilaga) A/m));
  return appendix.split('\n').find((line) => line.startsWith(`| ${id} | `));
}

beforeAll(async () => {
  [example, changed] = await Promise.all([composeExample([]), composeExample(CHANGES)]);
}, 180_000);

describe('technology policies: facts in the rendered text', () => {
  for (const policy of POLICIES) {
    for (const lang of ['en', 'sv'] as const) {
      it(`${policy} (${lang}) states its citations and the example's values`, () => {
        const d = find(example, policy, lang);
        for (const fact of STATED[policy][lang]) expect(d.body, fact).toContain(fact);
      });

      it(`${policy} (${lang}) lists the controls it implements, and the others only as supported`, () => {
        const d = find(example, policy, lang);
        for (const id of IMPLEMENTS[policy]) expect(appendixRow(d.markdown, id), id).toMatch(/ \| \d/);
        const supportedOnly = d.markdown.split('\n').filter((line) => /^(Supported only|Endast stöd)/.test(line)).join(' ');
        for (const id of SUPPORTS_ONLY[policy]) {
          expect(appendixRow(d.markdown, id), id).toBeUndefined();
          expect(supportedOnly, id).toContain(`${id} (`);
        }
      });

      it(`${policy} (${lang}) follows every changed technology value and states no old one`, () => {
        const d = find(changed, policy, lang);
        for (const fact of CHANGED_STATED[policy][lang]) expect(d.body, fact).toContain(fact);
        for (const old of OLD[lang]) expect(d.body, String(old)).not.toMatch(old);
      });
    }
  }

  it('no document names the secure zone by its old name once it is renamed', () => {
    const offending = changed.filter((d) => OLD_ZONE[d.lang].test(d.body)).map((d) => `${d.policy} ${d.lang}`);
    expect(offending).toEqual([]);
    expect(example.filter((d) => OLD_ZONE[d.lang].test(d.body)).map((d) => `${d.policy} ${d.lang}`)).toEqual(['physical-security en', 'physical-security sv']);
  });
});
