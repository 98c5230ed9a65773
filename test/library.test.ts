import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProject } from '../src/pipeline/check.js';
import { renderMarkdown } from '../src/render/markdown/render-markdown.js';
import type { DocumentModel, Section } from '../src/model/document.js';
import { runCli } from './support/cli.js';
import { makeProject, removeProject, REPO_ROOT } from './support/project.js';

/** The bundled library, composed for the example organisation: the content users judge first. */
const location = { root: REPO_ROOT, organisationFile: path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), libraryDir: REPO_ROOT };
let documents: { policy: string; lang: string; model: DocumentModel; markdown: string }[] = [];
const projects: string[] = [];

beforeAll(async () => {
  const result = await checkProject({ ...location, policies: [], langs: [], select: { kind: 'draft' } });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  documents = result.documents.map((d) => ({ ...d, markdown: renderMarkdown(d.model) }));
});
afterAll(() => projects.forEach(removeProject));

function doc(policy: string, lang: string) {
  const found = documents.find((d) => d.policy === policy && d.lang === lang);
  if (!found) throw new Error(`no ${policy} ${lang}`);
  return found;
}

function allSections(sections: readonly Section[]): Section[] {
  return sections.flatMap((s) => [s, ...allSections(s.sections)]);
}

describe('bundled library', () => {
  it('has the flagship and the core set, each in English and Swedish', () => {
    const policies = [...new Set(documents.map((d) => d.policy))].sort();
    expect(policies).toEqual([
      'acceptable-use', 'access-control', 'access-control-standard', 'ai', 'ai-guidelines', 'backup-restore', 'backup-restore-procedure',
      'business-continuity', 'business-continuity-procedure', 'change-management', 'change-management-procedure', 'cryptography', 'data-protection',
      'hr-security', 'incident-management', 'incident-management-procedure', 'information-classification', 'information-handling-standard',
      'information-security', 'isms-scope', 'logging-monitoring', 'malware-protection', 'network-security', 'physical-security', 'remote-work', 'risk-management',
      'secure-development', 'security-awareness', 'statement-of-applicability', 'supplier-security', 'vulnerability-management',
    ]);
    for (const policy of policies) {
      expect(documents.filter((d) => d.policy === policy).map((d) => d.lang).sort()).toEqual(['en', 'sv']);
    }
  });

  it('every section module exists in both languages with the same sub-structure', async () => {
    const en = doc('incident-management', 'en').model;
    const sv = doc('incident-management', 'sv').model;
    expect(allSections(sv.sections).map((s) => s.number)).toEqual(allSections(en.sections).map((s) => s.number));
    const result = await checkProject({ ...location, policies: [], langs: [], select: { kind: 'draft' } });
    if (!result.ok) throw new Error('compose failed');
    for (const module of result.project.modules.values()) {
      expect([...module.variants.keys()].sort(), module.id).toEqual(['en', 'sv']);
    }
  });

  it('states the GDPR and NIS2 notification facts correctly: duties in the policy, contents in the procedure', () => {
    const en = doc('incident-management', 'en').markdown;
    expect(en).toMatch(/within 72 hours of becoming aware/);
    expect(en).toMatch(/GDPR Art\. 33\(1\)/);
    expect(en).toMatch(/Art\. 33\(2\)/);
    expect(en).toMatch(/Art\. 34\b/);
    expect(en).toMatch(/early warning without undue delay and within 24 hours of becoming aware/);
    expect(en).toMatch(/incident notification within 72 hours of becoming aware/);
    // The final report runs from the incident notification, not from becoming aware (NIS2 Art. 23(4)(d), (e)).
    expect(en).toMatch(/final report no later than one month after the incident notification/);
    expect(en).toMatch(/within one month of the incident having been handled/);
    expect(en).toMatch(/NIS2 Art\. 23/);
    expect(en).toContain('CERT-SE');
    expect(en).toContain('the Swedish Authority for Privacy Protection (IMY)');
    const procedure = doc('incident-management-procedure', 'en').markdown;
    expect(procedure).toMatch(/33\(3\)/);
    expect(procedure).toMatch(/33\(4\)/);
    expect(procedure).toMatch(/33\(5\)/);
    expect(procedure).toMatch(/Art\. 34\(3\)/);
    expect(procedure).toMatch(/Art\. 39\(1\)\(e\)/);
    expect(procedure).not.toMatch(/All time limits run from the moment/);
    expect(procedure).toMatch(/the final report is counted from the submission of the incident notification, or, for an incident still ongoing then, from the moment the incident has been handled/);
    const sv = doc('incident-management', 'sv').markdown;
    expect(sv).toMatch(/inom 72 timmar/);
    expect(sv).toMatch(/inom 24 timmar/);
    expect(sv).toMatch(/senast en månad efter incidentanmälan/);
    expect(sv).toContain('Integritetsskyddsmyndigheten (IMY)');
    for (const { markdown } of documents) expect(markdown).not.toMatch(/NIS 2/);
  });

  it('reads cleanly: no template syntax, no empty sections, no placeholders, no leftover tokens', () => {
    for (const { policy, lang, model, markdown } of documents) {
      expect(markdown, `${policy} ${lang}`).not.toMatch(/\{\{|\}\}|\uE000|\uE001|\[object Object\]|undefined|TODO|TBD|lorem/i);
      for (const section of model.sections) {
        const empty = section.blocks.length === 0 && section.sections.length === 0;
        expect(empty, `${policy} ${lang} § ${section.number} ${section.title}`).toBe(false);
      }
    }
  });

  it('gives a Swedish document Swedish prose from per-language organisation values', () => {
    const sv = doc('incident-management', 'sv').markdown;
    // The training onboarding is the per-language value this policy prints (the cadence is stated by the Security Awareness and Training Policy).
    expect(sv).toContain('under första arbetsdagen');
    expect(sv).toContain('Kritisk');
    expect(sv).not.toContain('on their first working day');
    expect(sv).not.toContain('Chief Information Security Officer');
    expect(doc('incident-management', 'en').markdown).toContain('Chief Information Security Officer');
  });

  it('drops the NIS2 section for an organisation outside NIS2 scope', async () => {
    const dir = makeProject(undefined, ['policy-modules', 'frameworks']);
    projects.push(dir);
    const text = readFileSync(location.organisationFile, 'utf8')
      .replace(/nis2:\n  inScope: true\n  entityType: important\n  competentAuthority:\n    name: .*\n  csirt:\n    name: CERT-SE\n    contact: cert@cert.se\n/, 'nis2:\n  inScope: false\n')
      .replace('frameworks: [iso27001, soc2, gdpr, nis2]', 'frameworks: [iso27001, soc2, gdpr]');
    expect(text).toContain('inScope: false');
    writeFileSync(path.join(dir, 'outside.yaml'), text.replace(/^\s*logo: .*$/m, ''));
    const run = await runCli(['build', '--org', 'outside.yaml', '--library', REPO_ROOT, '--policy', 'incident-management', '--out', 'out', '--lang', 'en'], dir);
    expect(run.code, run.stderr).toBe(0);
    const md = readFileSync(path.join(dir, 'out/kestrel/incident-management/draft/incident-management.md'), 'utf8');
    // No NIS2 section and no NIS2 obligation; a definition may still cite NIS2 as its source.
    expect(md.split('\n').filter((line) => line.startsWith('#'))).not.toContainEqual(expect.stringMatching(/NIS ?2/));
    expect(md).not.toMatch(/CSIRT|CERT-SE|early warning|Art\. 23\(4\)/i);
    expect(md).toMatch(/72 hours/);
  });
});

describe('per-language organisation values', () => {
  it('reports a value without a text in one of the organisation languages, at its position', async () => {
    const dir = makeProject();
    projects.push(dir);
    const org = path.join(dir, 'organisation.yaml');
    writeFileSync(org, readFileSync(org, 'utf8').replace('  cadence: yearly', '  cadence: { en: yearly }'));
    const run = await runCli(['check', '--library', '.', '--json'], dir);
    expect(run.code).toBe(1);
    const line = readFileSync(org, 'utf8').split('\n').findIndex((l) => l === '  cadence: { en: yearly }') + 1;
    expect(JSON.parse(run.stdout).diagnostics).toEqual([
      expect.objectContaining({ code: 'organisation/missing-translation', file: 'organisation.yaml', line, column: 12, fieldPath: 'training.cadence' }),
    ]);
  });
});
