import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkProject } from '../../src/pipeline/check.js';
import type { Block, DocumentModel } from '../../src/model/document.js';
import { allSections, blockText, inlineText } from '../support/model-query.js';
import { REPO_ROOT } from '../support/project.js';

/**
 * Cross-document consistency of the incident-management facts on the example organisation: change one
 * value in the organisation file and every document that states the fact follows, none keeps the old
 * value. Each test would fail if a module typed the fact by hand.
 */
const EXAMPLE = readFileSync(path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), 'utf8').replace(/^\s*logo: .*$/m, '');
const POLICY = 'incident-management';
const PROCEDURE = 'incident-management-procedure';
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

type Documents = (policy: string, lang?: 'en' | 'sv') => { model: DocumentModel; text: string };

async function compose(organisation: string): Promise<Documents> {
  const dir = mkdtempSync(path.join(tmpdir(), 'policymark-consistency-'));
  dirs.push(dir);
  const organisationFile = path.join(dir, 'organisation.yaml');
  writeFileSync(organisationFile, organisation);
  const result = await checkProject({ root: dir, organisationFile, libraryDir: REPO_ROOT, policies: [POLICY, PROCEDURE], langs: [], select: { kind: 'draft' } });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return (policy, lang = 'en') => {
    const found = result.documents.find((d) => d.policy === policy && d.lang === lang);
    if (!found) throw new Error(`no ${policy} ${lang}`);
    return { model: found.model, text: allSections(found.model).flatMap((s) => [s.title, ...blockText(s.blocks)]).join('\n') };
  };
}

function edit(from: string, to: string): string {
  expect(EXAMPLE).toContain(from);
  return EXAMPLE.replace(from, to);
}

/** The generated table whose first header cell is `first`, as rows of cell texts keyed by header. */
function table(model: DocumentModel, first: string): Record<string, string>[] {
  const tables = allSections(model).flatMap((s) => s.blocks).filter((b): b is Extract<Block, { type: 'table' }> => b.type === 'table');
  const found = tables.find((t) => t.header[0] && inlineText(t.header[0].children) === first);
  if (!found) throw new Error(`no table headed ${first}`);
  const header = found.header.map((cell) => inlineText(cell.children));
  return found.rows.map((row) => Object.fromEntries(row.map((cell, i) => [header[i] ?? String(i), inlineText(cell.children)])));
}

const row = (rows: Record<string, string>[], column: string, starts: string): Record<string, string> => {
  const found = rows.find((r) => (r[column] ?? '').startsWith(starts));
  if (!found) throw new Error(`no row ${starts}`);
  return found;
};

describe('incident management: one source for every fact', () => {
  it('the example: P2 is major, so its row informs the CEO and Communications at once, as the major-incident rule says', async () => {
    const docs = await compose(EXAMPLE);
    const escalation = table(docs(PROCEDURE).model, 'Priority');
    for (const priority of ['P1', 'P2']) {
      const informed = row(escalation, 'Priority', priority)['Informed at once on classification'];
      expect(informed).toContain('the CEO');
      expect(informed).toContain('Communications');
    }
    expect(row(escalation, 'Priority', 'P2').Priority).toContain('major incident');
    expect(row(escalation, 'Priority', 'P3')['Informed at once on classification']).not.toContain('CEO');
    expect(docs(POLICY).text).toContain('the CEO and Communications must be informed of it at once');
    expect(docs(POLICY, 'sv').text).toContain('vd och kommunikationschefen ska informeras om den omedelbart');
  });

  it('majorIncidentPriority P1: the P2 row no longer informs the CEO or Communications, and no text calls P2 major', async () => {
    const docs = await compose(edit('majorIncidentPriority: P2', 'majorIncidentPriority: P1'));
    for (const lang of ['en', 'sv'] as const) {
      const escalation = table(docs(PROCEDURE, lang).model, lang === 'en' ? 'Priority' : 'Prioritet');
      const informedColumn = lang === 'en' ? 'Informed at once on classification' : 'Informeras omedelbart vid klassning';
      const p2 = row(escalation, lang === 'en' ? 'Priority' : 'Prioritet', 'P2');
      expect(p2[informedColumn]).not.toMatch(/CEO|Communications|vd|kommunikationschef/i);
      expect(Object.values(p2).join(' ')).not.toMatch(/major|större/);
      expect(row(escalation, lang === 'en' ? 'Priority' : 'Prioritet', 'P1')[informedColumn]).toMatch(lang === 'en' ? /the CEO and Communications/ : /vd och kommunikationschefen/);
    }
    for (const policy of [POLICY, PROCEDURE]) {
      const text = docs(policy).text;
      expect(text, policy).not.toMatch(/P2[^\n]{0,60}major|major[^\n]{0,30}P2/);
      expect(text, policy).not.toContain('P1 and P2');
    }
    expect(docs(POLICY).text).toContain('priority P1 or a more severe priority');
  });

  it('the DPO submits GDPR notifications in the matrix, the role descriptions, the policy and the procedure alike', async () => {
    const docs = await compose(EXAMPLE);
    const matrix = table(docs(PROCEDURE).model, 'Activity');
    const notify = row(matrix, 'Activity', 'Notify the supervisory authority');
    expect(notify.DPO).toBe('R');
    expect(notify.CISO).toBe('A');
    expect(row(table(docs(POLICY).model, 'Role'), 'Role', 'Data protection officer')['Carries out']).toMatch(/notify the supervisory authority/i);
    expect(docs(POLICY).text).toContain('the DPO submits the notification to the supervisory authority');
    expect(docs(PROCEDURE).text).toContain('The DPO submits the notification and any supplements');
    expect(docs(POLICY, 'sv').text).toContain('dataskyddsombudet lämnar anmälan till tillsynsmyndigheten');
    expect(docs(PROCEDURE, 'sv').text).toContain('Dataskyddsombudet lämnar anmälan och eventuella kompletteringar');
  });

  it('the GDPR notification given to another role: matrix, role text, policy and procedure all follow', async () => {
    const override = [
      'responsibilities:',
      '  activities:',
      '    gdprNotification:',
      '      label: { en: Notify the supervisory authority of a personal data breach, sv: Anmäla en personuppgiftsincident till tillsynsmyndigheten }',
      '      responsible: [ciso]',
      '      accountable: ciso',
      '      consulted: [dpo]',
      '      informed: [ceo]',
      '',
    ].join('\n');
    const docs = await compose(edit('review:\n', `${override}\nreview:\n`));
    const notify = row(table(docs(PROCEDURE).model, 'Activity'), 'Activity', 'Notify the supervisory authority');
    expect(notify.CISO).toBe('A/R');
    expect(notify.DPO).toBe('C');
    const roles = table(docs(POLICY).model, 'Role');
    expect(row(roles, 'Role', 'Data protection officer')['Carries out']).not.toMatch(/notify the supervisory authority/i);
    expect(row(roles, 'Role', 'Chief Information Security Officer')['Accountable for']).toMatch(/notify the supervisory authority/i);
    expect(docs(POLICY).text).toContain('the CISO submits the notification to the supervisory authority');
    expect(docs(PROCEDURE).text).toContain('The CISO submits the notification and any supplements');
    expect(docs(POLICY, 'sv').text).toContain('informationssäkerhetschefen lämnar anmälan till tillsynsmyndigheten');
    expect(docs(PROCEDURE, 'sv').text).toContain('Informationssäkerhetschefen lämnar anmälan och eventuella kompletteringar');
    for (const policy of [POLICY, PROCEDURE]) {
      expect(docs(policy).text, policy).not.toMatch(/the DPO submits/i);
      expect(docs(policy, 'sv').text, policy).not.toMatch(/dataskyddsombudet lämnar anmälan/i);
    }
  });

  it('postIncidentReviewBusinessDays: the policy and the procedure state the new deadline and neither the old one', async () => {
    const base = await compose(EXAMPLE);
    expect(base(POLICY).text).toContain('within 10 business days of its resolution');
    const docs = await compose(edit('  postIncidentReviewBusinessDays: 10\n', '  postIncidentReviewBusinessDays: 15\n'));
    expect(docs(POLICY).text).toContain('within 15 business days of its resolution');
    expect(docs(PROCEDURE).text).toContain('within 15 business days after the incident is resolved');
    expect(docs(POLICY, 'sv').text).toContain('inom 15 arbetsdagar');
    expect(docs(PROCEDURE, 'sv').text).toContain('inom 15 arbetsdagar');
    for (const policy of [POLICY, PROCEDURE]) {
      for (const lang of ['en', 'sv'] as const) {
        expect(docs(policy, lang).text, `${policy} ${lang}`).not.toMatch(/\b10 (business days|arbetsdagar) (of|after|efter)|ten business days after the incident|tio arbetsdagar efter/);
      }
    }
  });

  it('left out, the post-incident review deadline defaults to 10 business days', async () => {
    const docs = await compose(edit('  postIncidentReviewBusinessDays: 10\n', ''));
    expect(docs(POLICY).text).toContain('within 10 business days of its resolution');
  });

  it('names a role the organisation does not define as an error at its position', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policymark-consistency-'));
    dirs.push(dir);
    const organisationFile = path.join(dir, 'organisation.yaml');
    const text = edit('review:\n', 'responsibilities:\n  majorIncidentInformed: [ceo, communication]\n\nreview:\n');
    writeFileSync(organisationFile, text);
    const result = await checkProject({ root: dir, organisationFile, libraryDir: REPO_ROOT, policies: [POLICY], langs: [], select: { kind: 'draft' } });
    expect(result.ok).toBe(false);
    const line = text.split('\n').findIndex((l) => l.includes('[ceo, communication]')) + 1;
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'organisation/unknown-role', line, column: 32, fieldPath: 'responsibilities.majorIncidentInformed.1', hint: 'Did you mean "communications"?' }),
    ]);
  });
});
