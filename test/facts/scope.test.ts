import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProject } from '../../src/pipeline/check.js';
import { renderMarkdown } from '../../src/render/markdown/render-markdown.js';
import { REPO_ROOT } from '../support/project.js';
import { numberedSections } from '../support/example-variant.js';

/**
 * Facts of the ISMS Scope and Context statement (ISO/IEC 27001 clauses 4.1-4.4 and 8.1) and of the
 * sections that state NIS2 Art. 21(1) (risk treatment) and Art. 21(2)(e) (the system lifecycle
 * principle of the top policy), in the rendered English and Swedish text of the example, with the
 * organisation's `isms` values printed from the organisation file.
 */
type Lang = 'en' | 'sv';
const dirs: string[] = [];

/** The numbered sections, as the assertions read them. */
function body(markdown: string): string {
  return numberedSections(markdown).replace(/\*\*/g, '').replace(/\\/g, '').replace(/\s+/g, ' ');
}

async function compose(yaml: string): Promise<Map<string, string>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'policymark-scope-facts-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'organisation.yaml'), yaml);
  copyFileSync(path.join(REPO_ROOT, 'examples/kestrel/logo.png'), path.join(dir, 'logo.png'));
  const result = await checkProject({ root: dir, organisationFile: path.join(dir, 'organisation.yaml'), libraryDir: REPO_ROOT, policies: ['isms-scope', 'information-security', 'risk-management'], langs: [], select: { kind: 'draft' } });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  const docs = new Map<string, string>();
  for (const d of result.documents) docs.set(`${d.policy} ${d.lang}`, renderMarkdown(d.model));
  return docs;
}

const ORIGINAL = readFileSync(path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), 'utf8');
const LOCATION = '    - { en: the head office in Stockholm, sv: huvudkontoret i Stockholm }';
const EXCLUSIONS = /  exclusions:\n    - \{[^\n]*\}\n/;
const CHANGED = ORIGINAL
  .replace(LOCATION, '    - { en: the head office in Uppsala, sv: huvudkontoret i Uppsala }')
  .replace(EXCLUSIONS, '  exclusions: []\n');

let original: Map<string, string>;
let changed: Map<string, string>;
const text = (docs: Map<string, string>, policy: string, lang: Lang): string => {
  const markdown = docs.get(`${policy} ${lang}`);
  if (markdown === undefined) throw new Error(`${policy} ${lang} was not composed`);
  return body(markdown);
};
const appendix = (docs: Map<string, string>, policy: string, lang: Lang): string => {
  const markdown = docs.get(`${policy} ${lang}`) ?? '';
  // The appendix keeps an id on one line with a no-break space ("Clause\u00a04.1").
  return markdown.slice(markdown.search(/^## (Appendix|Bilaga) A/m)).replace(/\u00a0/g, ' ');
};

beforeAll(async () => {
  if (!ORIGINAL.includes(LOCATION) || !EXCLUSIONS.test(ORIGINAL)) throw new Error('the example no longer has the values this test changes');
  original = await compose(ORIGINAL);
  changed = await compose(CHANGED);
}, 180_000);
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('ISMS Scope and Context: clauses 4.1-4.4 and 8.1 of ISO/IEC 27001', () => {
  it('cites clause 4.3 and maps clauses 4.1-4.4 and 8.1 in both languages', () => {
    expect(text(original, 'isms-scope', 'en')).toContain('ISO/IEC 27001 requires for the scope (clause 4.3)');
    expect(text(original, 'isms-scope', 'sv')).toContain('ISO/IEC 27001 kräver (avsnitt 4.3)');
    for (const lang of ['en', 'sv'] as const) {
      for (const clause of ['4.1', '4.2', '4.3', '4.4', '8.1']) expect(appendix(original, 'isms-scope', lang)).toMatch(new RegExp(`(Clause|Avsnitt) ${clause.replace('.', '\\.')}\\b`));
    }
  });

  it('prints the issues, interested parties, boundaries, interfaces, dependencies and exclusions from the organisation file', () => {
    const en = text(original, 'isms-scope', 'en');
    const sv = text(original, 'isms-scope', 'sv');
    expect(en).toContain('Phishing in the name of parcel deliveries and ransomware aimed at logistics companies');
    expect(sv).toContain('Nätfiske i paketleveransers namn och utpressningsvirus riktade mot logistikföretag');
    expect(en).toMatch(/\| The authorities: PTS, CERT-SE and IMY \| .* \| All; they are legal obligations \|/);
    expect(sv).toMatch(/\| Myndigheterna: PTS, CERT-SE och IMY \| .* \| Alla; de är rättsliga skyldigheter \|/);
    expect(en).toContain('The head office in Stockholm');
    expect(sv).toContain('Huvudkontoret i Stockholm');
    expect(en).toContain('Microsoft, for Microsoft 365 and the Azure services');
    expect(sv).toContain('Microsoft, för Microsoft 365 och tjänsterna i Azure');
    expect(en).toContain('The staff canteen at the Stockholm terminal');
    expect(sv).toContain('Personalmatsalen på terminalen i Stockholm');
    expect(en).toContain('security@kestrel.example');
  });

  it('follows a changed organisation value: a moved head office and no exclusions', () => {
    const en = text(changed, 'isms-scope', 'en');
    const sv = text(changed, 'isms-scope', 'sv');
    expect(en).toContain('The head office in Uppsala');
    expect(en).not.toContain('head office in Stockholm');
    expect(sv).toContain('Huvudkontoret i Uppsala');
    expect(sv).not.toContain('huvudkontoret i Stockholm');
    expect(en).toContain('Exclusions. Nothing is excluded from the scope.');
    expect(en).not.toContain('staff canteen');
    expect(sv).toContain('Undantag. Ingenting är undantaget från omfattningen.');
    expect(sv).not.toContain('Personalmatsalen');
  });

  it('names the Change Management and Supplier Security policies for planned changes and externally provided processes (8.1)', () => {
    expect(text(original, 'isms-scope', 'en')).toContain('Planned changes are made under the Change Management Policy');
    expect(text(original, 'isms-scope', 'en')).toContain('provided by suppliers that are relevant to the ISMS are determined and controlled under the Supplier Security Policy');
    expect(text(original, 'isms-scope', 'sv')).toContain('Planerade ändringar görs enligt Policy för ändringshantering');
    expect(text(original, 'isms-scope', 'sv')).toContain('styrs enligt Policy för leverantörssäkerhet');
  });
});

describe('NIS2 Art. 21(1) and Art. 21(2)(e)', () => {
  it('the Risk Management Policy states the proportionality factors of Art. 21(1)', () => {
    const en = text(original, 'risk-management', 'en');
    const sv = text(original, 'risk-management', 'sv');
    expect(en).toContain('the state of the art, relevant European and international standards, the cost of implementation');
    expect(en).toContain('as Article 21(1) of the NIS2 Directive requires');
    expect(sv).toContain('den senaste tekniken, relevanta europeiska och internationella standarder, genomförandekostnaderna');
    expect(sv).toContain('så som artikel 21.1 i NIS2-direktivet kräver');
  });

  it('the Information Security Policy states the rule for acquisition, development and maintenance, with vulnerability handling and disclosure', () => {
    const en = text(original, 'information-security', 'en');
    const sv = text(original, 'information-security', 'sv');
    expect(en).toContain('Security across the system lifecycle.');
    expect(en).toContain('(Vulnerability and Patch Management Policy)');
    expect(en).toContain('coordinated disclosure');
    expect(sv).toContain('Säkerhet under systemens hela livscykel.');
    expect(sv).toContain('(Policy för sårbarhets- och uppdateringshantering)');
    expect(sv).toContain('samordnat offentliggörande');
    expect(appendix(original, 'information-security', 'en')).toMatch(/Art\. 21\(2\)\(e\)/);
  });
});
