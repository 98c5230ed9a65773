import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { checkProject } from '../src/pipeline/check.js';
import { runCli } from './support/cli.js';
import { REPO_ROOT } from './support/project.js';
import { requireTool } from './support/external-tools.js';

const TEMPLATE_ORG = 'examples/client-template/organisation.yaml';
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policymark-template-'));
  dirs.push(dir);
  return dir;
}

/** Builds the consultant template once per language set; the tests read what it wrote. */
async function buildTemplate(extra: string[] = []): Promise<{ out: string; code: number; stderr: string }> {
  const out = tempDir();
  const run = await runCli(['build', '--org', TEMPLATE_ORG, '--template', '--policy', 'incident-management', '--out', out, ...extra], REPO_ROOT);
  return { out, code: run.code, stderr: run.stderr };
}

function docxXml(file: string): string {
  return strFromU8(unzipSync(readFileSync(file))['word/document.xml']!);
}

describe('template mode', () => {
  it('a normal build of an organisation with empty values fails, naming every use with its position in the module', async () => {
    const out = tempDir();
    const run = await runCli(['build', '--org', TEMPLATE_ORG, '--out', out, '--json'], REPO_ROOT);
    expect(run.code).toBe(1);
    const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: Diagnostic[] };
    const unset = diagnostics.filter((d) => d.code === 'template/unset-variable');
    expect(unset.length).toBeGreaterThan(100);
    // Each points at the expression itself: the text at that line and column is the `{{` of the variable.
    for (const d of unset.slice(0, 40)) {
      const line = readFileSync(path.join(REPO_ROOT, d.file), 'utf8').split('\n')[d.line - 1]!;
      const variable = /uses "([^"]+)"/.exec(d.message)![1]!;
      expect(line.slice(d.column - 1)).toMatch(new RegExp(`^[\\w.]*${variable.split('.').at(-1)}`));
    }
    const roles = unset.find((d) => d.message.includes('org.roles.incidentManager.name'));
    expect(roles?.message).toContain('the role `roles.incidentManager` is given to nobody');
    // The values every document prints itself are reported at the organisation file and the manifests.
    const fixed = diagnostics.filter((d) => d.code === 'organisation/unset-value');
    expect(fixed.map((d) => d.fieldPath)).toEqual(expect.arrayContaining(['legalName', 'shortName', 'roles.ciso', 'roles.ceo']));
    expect(fixed.find((d) => d.fieldPath === 'legalName')?.file).toBe(TEMPLATE_ORG);
    // Checked as a template, the same file is fine.
    const asTemplate = await runCli(['check', '--org', TEMPLATE_ORG, '--template'], REPO_ROOT);
    expect(asTemplate.code, asTemplate.stderr).toBe(0);
  });

  it('--template marks every empty value as a placeholder and lists each in a "to complete" checklist', async () => {
    const { out, code, stderr } = await buildTemplate(['--format', 'md', '--lang', 'en']);
    expect(code, stderr).toBe(0);
    const md = readFileSync(path.join(out, 'client-template/incident-management/template/incident-management.md'), 'utf8');
    const [front, body] = md.split(/^## Document control$/m) as [string, string];
    const checklist = [...front.matchAll(/^- \[ \] \*\*⟦([^⟧]+)⟧\*\*/gm)].map((m) => m[1]);
    const used = new Set([...body.matchAll(/⟦([^⟧]+)⟧/g)].map((m) => m[1]));
    expect(checklist.length).toBeGreaterThan(30);
    // Every placeholder in the document is in the checklist, and the checklist names nothing extra.
    for (const label of used) expect(checklist).toContain(label);
    expect(checklist).toContain('Name of the incident manager');
    expect(checklist).toContain('Name of the national CSIRT');
    expect(checklist).toContain('Resolution target for P1');
    expect(front).toMatch(/⟦Name of the incident manager⟧\*\* \(appears in: 5 Roles and responsibilities/);
    // The owner in the document control table is a placeholder too.
    expect(body).toMatch(/\| Owner +\| \*\*⟦Name of the information security manager⟧\*\*, \*\*⟦Job title of the information security manager⟧\*\*/);
    // Values that are set are printed as they are: the regulatory deadlines come from the modules.
    expect(body).toContain('72 hours');
    expect(body).not.toMatch(/\bnull\b|undefined|\[object Object\]/);
  });

  it('composes unset fixed fields as typed placeholders, never as "[label]" strings', async () => {
    const composed = await checkProject({ root: REPO_ROOT, organisationFile: path.join(REPO_ROOT, TEMPLATE_ORG), policies: ['incident-management'], langs: ['en'], template: true });
    if (!composed.ok) throw new Error('the template did not compose');
    const { model } = composed.documents[0]!;
    // Each names its organisation field, which Word binds the placeholder to.
    const placeholder = (label: string, path: string) => ({ type: 'placeholder', label, path });
    expect(model.organisation.legalName).toEqual(placeholder('Legal name of the organisation', 'legalName'));
    expect(model.organisation.shortName).toEqual(placeholder('Name of the organisation', 'shortName'));
    expect(model.policy.owner).toEqual({ name: placeholder('Name of the information security manager', 'roles.ciso.name'), title: placeholder('Job title of the information security manager', 'roles.ciso.title'), role: 'ciso' });
    expect(model.history.at(-1)?.author).toEqual(placeholder('Name of the information security manager', 'roles.ciso.name'));
    // The checklist takes the fixed fields' labels from their type, in the fixed parts' order.
    expect(model.toComplete?.slice(0, 3).map((item) => [item.label, item.where[0]])).toEqual([
      ['Legal name of the organisation', model.labels.titleAndHeader],
      ['Name of the organisation', model.labels.titleAndHeader],
      ['Name of the information security manager', model.labels.documentControl],
    ]);
    expect(JSON.stringify({ ...model, sections: [], toComplete: [] })).not.toMatch(/"\[[^"\]]+\]"/);
  });

  it('writes to the "template" version folder, and a Swedish template speaks Swedish', async () => {
    const { out, code } = await buildTemplate(['--format', 'md', '--lang', 'sv']);
    expect(code).toBe(0);
    const md = readFileSync(path.join(out, 'client-template/incident-management/template/incident-management.sv.md'), 'utf8');
    expect(md).toContain('## Att fylla i');
    expect(md).toContain('⟦Namn på incidentansvarig⟧');
    expect(md).toContain('⟦Nationell CSIRT⟧');
    // No English label leaks into the Swedish template.
    expect(md).not.toMatch(/⟦(Name|Job title|Response target|Resolution target) of/);
  });

  it('Word marks placeholders red on a yellow highlight, in the body and the document control table', async () => {
    const { out, code } = await buildTemplate(['--format', 'docx', '--lang', 'en']);
    expect(code).toBe(0);
    const xml = docxXml(path.join(out, 'client-template/incident-management/template/incident-management.docx'));
    const marked = [...xml.matchAll(/<w:r>(?:(?!<\/w:r>).)*?<w:color w:val="C00000"\/>(?:(?!<\/w:r>).)*?<w:highlight w:val="yellow"\/>(?:(?!<\/w:r>).)*?<w:t[^>]*>\[([^\]]+)\]<\/w:t>/gs)].map((m) => m[1]);
    expect(marked).toContain('Name of the incident manager');
    expect(marked).toContain('Name of the information security manager');
    expect(marked.length).toBeGreaterThan(80);
    expect(xml).toContain('To complete');
  });

  it('PDF shows each placeholder as text a reader can find', async (context) => {
    if (!requireTool('pdftotext')) return context.skip();
    const { out, code } = await buildTemplate(['--format', 'pdf', '--lang', 'en']);
    expect(code).toBe(0);
    // Read in reading order: the placeholder sits in a table cell, where it may wrap over two lines.
    const text = execFileSync('pdftotext', [path.join(out, 'client-template/incident-management/template/incident-management.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('To complete');
    expect(text).toMatch(/\[Name\s+of\s+the\s+incident\s+manager\]/);
  });

  it('in a filled-in organisation, one emptied value is the only placeholder', async () => {
    const dir = tempDir();
    cpSync(path.join(REPO_ROOT, 'examples/kestrel'), dir, { recursive: true });
    const file = path.join(dir, 'organisation.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^  ticketing: .*$/m, '  ticketing:'));
    const normal = await runCli(['build', '--library', REPO_ROOT, '--draft', '--format', 'md', '--json'], dir);
    expect(normal.code).toBe(1);
    const unset = (JSON.parse(normal.stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter((d) => d.code === 'template/unset-variable');
    expect(new Set(unset.map((d) => d.fieldPath))).toEqual(new Set(['tools.ticketing']));

    const run = await runCli(['build', '--library', REPO_ROOT, '--template', '--policy', 'incident-management', '--format', 'md', '--lang', 'en'], dir);
    expect(run.code, run.stderr).toBe(0);
    const md = readFileSync(path.join(dir, 'output/kestrel/incident-management/template/incident-management.md'), 'utf8');
    expect(new Set([...md.matchAll(/⟦([^⟧]+)⟧/g)].map((m) => m[1]))).toEqual(new Set(['Name of the ticketing system']));
  });

  it('a complete organisation built with --template has no checklist and no placeholder', async () => {
    const out = tempDir();
    const run = await runCli(['build', '--org', 'examples/kestrel/organisation.yaml', '--template', '--policy', 'incident-management', '--format', 'md', '--lang', 'en', '--out', out], REPO_ROOT);
    expect(run.code).toBe(0);
    const md = readFileSync(path.join(out, 'kestrel/incident-management/template/incident-management.md'), 'utf8');
    expect(md).not.toContain('⟦');
    expect(md).not.toContain('To complete');
  });
});
