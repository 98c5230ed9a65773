import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProject } from '../../src/pipeline/check.js';
import { renderMarkdown } from '../../src/render/markdown/render-markdown.js';
import { REPO_ROOT } from '../support/project.js';

/**
 * The facts that the operations policies (vulnerability and patch management, logging and monitoring,
 * malware protection, network and operations security) cite, checked in the rendered English and
 * Swedish text of the example: the CVSS bands, the NIS2 article on coordinated vulnerability disclosure,
 * the organisation's deadlines and cadences, and the controls each document's appendix says it implements.
 */
const POLICIES = ['vulnerability-management', 'logging-monitoring', 'malware-protection', 'network-security'] as const;
type Policy = (typeof POLICIES)[number];
type Lang = 'en' | 'sv';

const EXAMPLE = readFileSync(path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), 'utf8').replace(/^\s*logo: .*$/m, '');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface Rendered { readonly body: string; readonly appendix: string }
type Documents = (policy: Policy, lang: Lang) => Rendered;

async function compose(organisation: string): Promise<Documents> {
  const dir = mkdtempSync(path.join(tmpdir(), 'policymark-facts-ops-'));
  dirs.push(dir);
  const organisationFile = path.join(dir, 'organisation.yaml');
  writeFileSync(organisationFile, organisation);
  const result = await checkProject({ root: dir, organisationFile, libraryDir: REPO_ROOT, policies: [...POLICIES], langs: [], select: { kind: 'draft' } });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return (policy, lang) => {
    const found = result.documents.find((d) => d.policy === policy && d.lang === lang);
    if (!found) throw new Error(`no ${policy} ${lang}`);
    const markdown = renderMarkdown(found.model);
    const start = markdown.search(/^## 1 /m);
    const end = markdown.search(/^## (Appendix|Bilaga) A/m);
    // Markdown escapes punctuation such as the @ of an address; the facts are read as the reader sees them.
    return { body: markdown.slice(start, end).replace(/\\([!-/:-@[-`{-~])/g, '$1'), appendix: markdown.slice(end) };
  };
}

function edit(from: string, to: string, source = EXAMPLE): string {
  expect(source).toContain(from);
  return source.replace(from, to);
}

/** A table row of the rendered Markdown whose first cell starts with `first`, as its cells. */
function rowOf(markdown: string, first: string): string[] {
  const line = markdown.split('\n').find((l) => l.startsWith(`| ${first}`));
  if (!line) throw new Error(`no row starting ${first}`);
  return line.split('|').slice(1, -1).map((cell) => cell.trim());
}

let docs: Documents;
beforeAll(async () => { docs = await compose(EXAMPLE); }, 120_000);

describe('Vulnerability and Patch Management Policy: facts in the rendered text', () => {
  it('states the CVSS v3/v4 qualitative bands and the organisation deadline of each, in both languages', () => {
    const en = docs('vulnerability-management', 'en').body;
    expect(rowOf(en, 'Known to be exploited')[1]).toBe('48 hours');
    expect(rowOf(en, 'Critical (CVSS 9.0–10.0)')[1]).toBe('7 days');
    expect(rowOf(en, 'High (CVSS 7.0–8.9)')[1]).toBe('30 days');
    expect(rowOf(en, 'Medium (CVSS 4.0–6.9)')[1]).toBe('90 days');
    expect(rowOf(en, 'Low (CVSS 0.1–3.9)')[1]).toBe('180 days');
    const sv = docs('vulnerability-management', 'sv').body;
    expect(rowOf(sv, 'Känd för att utnyttjas')[1]).toBe('48 timmar');
    expect(rowOf(sv, 'Kritisk (CVSS 9,0–10,0)')[1]).toBe('7 dagar');
    expect(rowOf(sv, 'Hög (CVSS 7,0–8,9)')[1]).toBe('30 dagar');
    expect(rowOf(sv, 'Medel (CVSS 4,0–6,9)')[1]).toBe('90 dagar');
    expect(rowOf(sv, 'Låg (CVSS 0,1–3,9)')[1]).toBe('180 dagar');
  });

  it('names the CISA catalog, the scan cadences and the disclosure contact and acknowledgement time', () => {
    const en = docs('vulnerability-management', 'en').body;
    expect(en).toContain("CISA's Known Exploited Vulnerabilities catalog");
    expect(en).toContain('internet-facing systems weekly and of internal systems monthly');
    expect(en).toContain('report it to security@kestrel.example');
    expect(en).toContain('acknowledge each report within 5 business days');
    const sv = docs('vulnerability-management', 'sv').body;
    expect(sv).toContain('CISA:s katalog Known Exploited Vulnerabilities');
    expect(sv).toContain('nås från internet varje vecka och av interna system varje månad');
    expect(sv).toContain('rapportera den till security@kestrel.example');
    expect(sv).toContain('bekräfta varje rapport inom 5 arbetsdagar');
  });

  it('cites NIS2 Art. 12(1), the Member State coordinator for disclosure, only when the organisation is in scope', async () => {
    expect(docs('vulnerability-management', 'en').body).toContain('coordinator for coordinated vulnerability disclosure (NIS2 Art. 12(1))');
    expect(docs('vulnerability-management', 'sv').body).toContain('samordnare för samordnat offentliggörande av sårbarheter (artikel 12.1 i NIS2-direktivet)');
    const outside = await compose(edit('nis2:\n  inScope: true', 'nis2:\n  inScope: false'));
    expect(outside('vulnerability-management', 'en').body).not.toContain('Art. 12');
    expect(outside('vulnerability-management', 'sv').body).not.toContain('artikel 12');
  }, 120_000);

  it('implements 8.8 and CC7.1 and only supports NIS2 Art. 21(2)(e), whose development part lies elsewhere', () => {
    const { appendix } = docs('vulnerability-management', 'en');
    expect(appendix).toMatch(/\| 8\.8 \| Management of technical vulnerabilities \| \d/);
    expect(appendix).toMatch(/\| CC7\.1 \| Detects configuration changes and vulnerabilities \| \d/);
    expect(appendix).toMatch(/Supported only: Art\.\s21\(2\)\(e\)/);
  });
});

describe('Logging and Monitoring Policy: facts in the rendered text', () => {
  it('prints the retention, the review cadence, the clock source and the threat assessment cadence', () => {
    const en = docs('logging-monitoring', 'en').body;
    expect(en).toContain('Security logs are kept for at least 12 months');
    expect(en).toContain('Logs of privileged activity are reviewed weekly');
    expect(en).toContain('synchronise their clocks with the Netnod time service (ntp.se)');
    expect(en).toContain('is produced quarterly');
    expect(en).toMatch(/^- CERT-SE$/m);
    const sv = docs('logging-monitoring', 'sv').body;
    expect(sv).toContain('Säkerhetsloggar sparas i minst 12 månader');
    expect(sv).toContain('Loggar över privilegierad aktivitet granskas varje vecka');
    expect(sv).toContain('synkronisera sina klockor mot Netnods tidstjänst (ntp.se)');
    expect(sv).toContain('tas fram varje kvartal');
    expect(sv).toMatch(/^- CERT-SE$/m);
  });

  it('implements ISO 5.6, 5.7, 8.15, 8.16, 8.17 and SOC 2 CC7.2, and only supports CC7.3 and CC4.1', () => {
    const { appendix } = docs('logging-monitoring', 'en');
    for (const [id, title] of [['5.6', 'Contact with special interest groups'], ['5.7', 'Threat intelligence'], ['8.15', 'Logging'], ['8.16', 'Monitoring activities'], ['8.17', 'Clock synchronization'], ['CC7.2', 'Monitors for anomalies']]) {
      expect(appendix).toContain(`| ${id} | ${title} | `);
    }
    expect(appendix).not.toContain('| CC7.3 |');
    expect(appendix).toMatch(/Supported only: CC4\.1\s\(\d\); CC7\.3\s\(\d\)/);
  });
});

describe('Malware Protection Policy: facts in the rendered text', () => {
  it('requires SPF, DKIM and DMARC and points at the incident, acceptable use and backup policies by title', () => {
    const en = docs('malware-protection', 'en').body;
    expect(en).toContain('publish SPF, DKIM and DMARC records');
    for (const title of ['Incident Management Policy', 'Acceptable Use Policy', 'Backup and Restore Policy', 'Vulnerability and Patch Management Policy']) expect(en).toContain(title);
    const sv = docs('malware-protection', 'sv').body;
    expect(sv).toContain('publicerar SPF-, DKIM- och DMARC-poster');
    for (const title of ['Policy för incidenthantering', 'Policy för användning av IT-resurser', 'Policy för säkerhetskopiering och återställning']) expect(sv).toContain(title);
  });

  it('implements ISO 8.7 and 8.23 and SOC 2 CC6.8', () => {
    const { appendix } = docs('malware-protection', 'en');
    expect(appendix).toContain('| 8.7 | Protection against malware | ');
    expect(appendix).toContain('| 8.23 | Web filtering | ');
    expect(appendix).toContain('| CC6.8 | Prevents or detects malicious software | ');
  });
});

describe('Network and Operations Security Policy: facts in the rendered text', () => {
  it('prints the firewall rule review and capacity review cadences', () => {
    const en = docs('network-security', 'en').body;
    expect(en).toContain('firewall and network access rules are reviewed every six months');
    expect(en).toContain('reviews capacity quarterly');
    const sv = docs('network-security', 'sv').body;
    expect(sv).toContain('regler i brandväggar och för nätverksåtkomst granskas var sjätte månad');
    expect(sv).toContain('ser över kapaciteten varje kvartal');
  });

  it('implements ISO 5.37, 8.6, 8.20, 8.21, 8.22, 8.34 and SOC 2 CC6.6, and only supports CC6.7', () => {
    const { appendix } = docs('network-security', 'en');
    for (const [id, title] of [['5.37', 'Documented operating procedures'], ['8.6', 'Capacity management'], ['8.20', 'Networks security'], ['8.21', 'Security of network services'], ['8.22', 'Segregation of networks'], ['8.34', 'Protection of information systems during audit testing'], ['CC6.6', 'Protects against external threats']]) {
      expect(appendix).toContain(`| ${id} | ${title} | `);
    }
    expect(appendix).not.toContain('| CC6.7 |');
    expect(appendix).toMatch(/Supported only: CC6\.7\s\(\d\)/);
  });
});

describe('operations values: change one, the text follows', () => {
  it('prints the changed deadlines, retention and cadences, and none of the old ones', async () => {
    let yaml = edit('critical: { en: 7 days, sv: 7 dagar }', 'critical: { en: 5 days, sv: 5 dagar }');
    yaml = edit('logRetention: { en: 12 months, sv: 12 månader }', 'logRetention: { en: two years, sv: två år }', yaml);
    yaml = edit('firewallReview: { en: every six months, sv: var sjätte månad }', 'firewallReview: { en: every quarter, sv: varje kvartal }', yaml);
    yaml = edit('disclosureContact: security@kestrel.example', 'disclosureContact: https://kestrel.example/security', yaml);
    const changed = await compose(yaml);
    expect(rowOf(changed('vulnerability-management', 'en').body, 'Critical')[1]).toBe('5 days');
    expect(rowOf(changed('vulnerability-management', 'sv').body, 'Kritisk')[1]).toBe('5 dagar');
    expect(changed('vulnerability-management', 'en').body).not.toContain('7 days');
    expect(changed('vulnerability-management', 'en').body).toContain('report it to https://kestrel.example/security');
    expect(changed('logging-monitoring', 'en').body).toContain('kept for at least two years');
    expect(changed('logging-monitoring', 'sv').body).toContain('sparas i minst två år');
    expect(changed('logging-monitoring', 'en').body).not.toContain('at least 12 months');
    expect(changed('network-security', 'en').body).toContain('reviewed every quarter');
    expect(changed('network-security', 'sv').body).not.toContain('var sjätte månad');
  }, 120_000);

  it('uses the library defaults when the organisation file has no operations block', async () => {
    const start = EXAMPLE.indexOf('\noperations:\n');
    const end = EXAMPLE.indexOf('\ntools:\n');
    expect(start).toBeGreaterThan(0);
    const without = `${EXAMPLE.slice(0, start)}\n${EXAMPLE.slice(end)}`
      // the values without a default must be given; everything else falls back
      .replace('\ntools:\n', '\noperations:\n  disclosureContact: security@kestrel.example\n  clockSource: pool.ntp.org\n  specialInterestGroups: [CERT-SE]\n\ntools:\n');
    const defaults = await compose(without);
    expect(rowOf(defaults('vulnerability-management', 'en').body, 'Known to be exploited')[1]).toBe('48 hours');
    expect(rowOf(defaults('vulnerability-management', 'sv').body, 'Låg')[1]).toBe('180 dagar');
    expect(defaults('logging-monitoring', 'en').body).toContain('synchronise their clocks with pool.ntp.org');
  }, 120_000);
});
