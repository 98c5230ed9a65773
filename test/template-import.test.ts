import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { readTemplateXml } from '../src/load/template-data.js';
import { runCli } from './support/cli.js';
import { REPO_ROOT } from './support/project.js';
import { requireTool } from './support/external-tools.js';

const TEMPLATE_ORG = path.join(REPO_ROOT, 'examples/client-template/organisation.yaml');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policymark-import-'));
  dirs.push(dir);
  return dir;
}

/** The consultant's templates, in English, every policy: built once, read by every test. */
let templates: string;
beforeAll(async () => {
  templates = tempDir();
  const run = await runCli(['build', '--org', TEMPLATE_ORG, '--template', '--format', 'docx', '--lang', 'en', '--out', templates], REPO_ROOT);
  if (run.code !== 0) throw new Error(run.stderr);
}, 120_000);

function templateFile(policy: string): string {
  return path.join(templates, 'client-template', policy, 'template', `${policy}.docx`);
}

/** What a client types for a field: a name per role, an address, text elsewhere. */
function answer(field: string, current = ''): string {
  // A default to adapt that is a number is answered with another number.
  if (/^\d+$/.test(current)) return String(Number(current) + 5);
  const role = /^roles\.(\w+)\.(\w+)$/.exec(field);
  if (!role) return `Answer for ${field}`;
  const [, key, part] = role;
  return part === 'name' ? `Person ${key}` : part === 'email' ? `${key}@example.com` : part === 'phone' ? '+46 8 555 010 00' : `Title of ${key}`;
}

/** Fills a template as Word does when the client types into its content controls: the custom XML part's values change. */
function fill(docx: string, out: string, value: (field: string, current: string) => string | undefined = answer, extra = ''): string {
  const entries = unzipSync(readFileSync(docx));
  const xml = strFromU8(entries['customXml/item1.xml']!);
  entries['customXml/item1.xml'] = strToU8(
    xml.replace(/<([A-Za-z][\w.-]*)>([^<]*)<\/\1>/g, (whole, field: string, current: string) => {
      const filled = value(field, current);
      return filled === undefined ? whole : `<${field}>${filled}</${field}>`;
    }).replace('</organisation>', `${extra}</organisation>`),
  );
  writeFileSync(out, zipSync(entries));
  return out;
}

function copyOrganisation(): { dir: string; file: string } {
  const dir = tempDir();
  const file = path.join(dir, 'organisation.yaml');
  cpSync(TEMPLATE_ORG, file);
  return { dir, file };
}

function topLevelKeys(yaml: string): string[] {
  return [...yaml.matchAll(/^([A-Za-z]\w*):/gm)].map((m) => m[1]!);
}

describe('a template fills once and comes back', () => {
  it('binds every placeholder to one custom XML part, one element per field, with a fixed datastore id', () => {
    const entries = unzipSync(readFileSync(templateFile('incident-management')));
    const document = strFromU8(entries['word/document.xml']!);
    const data = readTemplateXml(strFromU8(entries['customXml/item1.xml']!));
    expect(data?.lang).toBe('en');
    const controls = [...document.matchAll(/<w:sdt>.*?<w:tag w:val="policymark:([^"]+)"\/><w:dataBinding [^>]*w:xpath="\/pm:organisation\[1\]\/pm:([^[]+)\[1\]" w:storeItemID="([^"]+)"\/>.*?<\/w:sdt>/g)];
    // "[Name of the organisation]" is one field however often it appears.
    const shortName = controls.filter((m) => m[1] === 'shortName');
    expect(shortName.length).toBeGreaterThan(10);
    expect(data?.fields.get('shortName')).toBe('[Name of the organisation]');
    expect(new Set(controls.map((m) => m[3]))).toEqual(new Set([strFromU8(entries['customXml/itemProps1.xml']!).match(/ds:itemID="([^"]+)"/)![1]]));
    for (const [, tag, xpath] of controls) {
      expect(xpath).toBe(tag);
      expect(data?.fields.has(tag!)).toBe(true);
    }
    // Every placeholder in the body is a control: no marked run outside one.
    const outside = document.replace(/<w:sdt>.*?<\/w:sdt>/g, '');
    expect(outside).not.toMatch(/<w:t[^>]*>\[Name of the organisation\]<\/w:t>/);
    expect(strFromU8(entries['word/_rels/document.xml.rels']!)).toContain('Target="../customXml/item1.xml"');
    expect(strFromU8(entries['[Content_Types].xml']!)).toContain('PartName="/customXml/itemProps1.xml"');
    // The running header shows the organisation's name bound too.
    expect(strFromU8(entries['word/header1.xml']!)).toContain('w:val="policymark:shortName"');
  });

  it('nothing disappears: the DPO paragraph and the phone numbers of the escalation ladder are there, with placeholders for their values', () => {
    const policy = strFromU8(unzipSync(readFileSync(templateFile('incident-management')))['word/document.xml']!);
    expect(policy.replace(/<[^>]+>/g, '')).toContain('Data protection officer (DPO)');
    const document = strFromU8(unzipSync(readFileSync(templateFile('incident-management-procedure')))['word/document.xml']!);
    const text = document.replace(/<[^>]+>/g, '');
    expect(text).toContain('The data protection officer, [Name of the data protection officer] ([Job title of the data protection officer])');
    // `{{#if org.roles.incidentManager.phone}}` takes the branch that shows the number, as a placeholder.
    expect(text).toContain('([Job title of the incident manager]), [Telephone number of the incident manager]');
    expect(document).toContain('w:val="policymark:roles.dpo.name"');
    expect(document).toContain('w:val="policymark:roles.incidentManager.phone"');
  });

  it('a filled template imports back into the organisation file, which then builds, comments and key order kept', async () => {
    const { dir, file } = copyOrganisation();
    const before = readFileSync(file, 'utf8');
    const policies = readdirSync(path.join(templates, 'client-template'));
    let imported = 0;
    for (const policy of policies) {
      const run = await runCli(['import', fill(templateFile(policy), path.join(dir, `${policy}.docx`)), '--org', 'organisation.yaml', '--json'], dir);
      expect(run.code, run.stdout).toBe(0);
      const result = JSON.parse(run.stdout) as { imported: { field: string }[]; skipped: { reason: string }[] };
      imported += result.imported.length;
      expect(result.skipped.filter((s) => s.reason !== 'unchanged')).toEqual([]);
    }
    expect(imported).toBeGreaterThan(40);
    const after = readFileSync(file, 'utf8');
    // Comments survive, and the keys keep their order.
    expect(after).toContain("# A consultant's fill-in template: the decisions that shape the policy set are made (languages,");
    expect(after).toContain("# People are the client's; the roles say who holds what once they are known.");
    // A default the client adapted may add its section at the end (e.g. `continuity`); the others stay in order.
    expect(topLevelKeys(after).slice(0, topLevelKeys(before).length)).toEqual(topLevelKeys(before));
    expect(after).toContain('legalName: Answer for legalName');
    // A role held by nobody gets a person: named after the client's answer, or after the role when a template asked only for the title.
    const holder = /^ {2}incidentManager: (\S+)$/m.exec(after)?.[1];
    expect(holder).toMatch(/^(person\.)?incidentmanager$/);
    const person = after.slice(after.indexOf(`- id: ${holder}\n`)).split('\n  - ')[0]!;
    expect(person).toContain('name: Person incidentManager');
    expect(person).toContain('title: Title of incidentManager');

    const build = await runCli(['build', '--library', REPO_ROOT, '--format', 'md', '--json'], dir);
    const diagnostics = (JSON.parse(build.stdout) as { diagnostics: Diagnostic[] }).diagnostics;
    expect(diagnostics.filter((d) => d.code.startsWith('template/') || d.code === 'organisation/unset-value')).toEqual([]);
    expect(build.code, build.stderr).toBe(0);
    const md = readFileSync(path.join(dir, 'output/client-template/incident-management/draft/incident-management.md'), 'utf8');
    expect(md).toContain('Person dpo');
    expect(md.split('\n').filter((line) => line.includes('⟦'))).toEqual([]);
  }, 120_000);

  it('lists what it could not map: unknown fields, empty values and placeholders left as they were', async () => {
    const { dir, file } = copyOrganisation();
    const docx = fill(templateFile('incident-management'), path.join(dir, 'filled.docx'), (field) => (field === 'legalName' ? 'Acme Logistics AB' : field === 'sector' ? '  ' : undefined), '<no.such.field>x</no.such.field>');
    const run = await runCli(['import', docx, '--org', 'organisation.yaml', '--json'], dir);
    expect(run.code, run.stdout).toBe(0);
    const result = JSON.parse(run.stdout) as { imported: { field: string }[]; skipped: { field: string; reason: string }[] };
    expect(result.imported.map((v) => v.field)).toEqual(['legalName']);
    const reasons = new Map(result.skipped.map((s) => [s.field, s.reason]));
    expect(reasons.get('no.such.field')).toBe('unknown-field');
    expect(reasons.get('sector')).toBe('empty');
    expect(reasons.get('roles.ciso.name')).toBe('placeholder');
    expect(readFileSync(file, 'utf8')).toMatch(/^legalName: Acme Logistics AB$/m);
  });

  it('a Word file that is not a template is a clear diagnostic, exit 1, nothing written', async () => {
    const { dir, file } = copyOrganisation();
    const out = tempDir();
    const normal = await runCli(['build', '--org', path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), '--draft', '--policy', 'incident-management', '--format', 'docx', '--lang', 'en', '--out', out], REPO_ROOT);
    expect(normal.code).toBe(0);
    const docx = path.join(out, 'kestrel/incident-management/draft/incident-management.docx');
    // A normal build has no content controls and no data part.
    const entries = unzipSync(readFileSync(docx));
    expect(Object.keys(entries).some((name) => name.startsWith('customXml/'))).toBe(false);
    expect(strFromU8(entries['word/document.xml']!)).not.toContain('<w:sdt>');

    const run = await runCli(['import', docx, '--org', 'organisation.yaml'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error {2}This Word document is not a policymark template: .* {2}import\/not-a-template/);
    const notZip = path.join(dir, 'notes.docx');
    writeFileSync(notZip, 'plain text');
    const second = await runCli(['import', notZip, '--org', 'organisation.yaml'], dir);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('not a Word document');
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(TEMPLATE_ORG, 'utf8'));
  });

  it('a filled value that does not fit the schema names its field, and nothing is written', async () => {
    const { dir, file } = copyOrganisation();
    // The default brand colour, shown to adapt, typed over with a name instead of a colour.
    const docx = fill(templateFile('incident-management'), path.join(dir, 'filled.docx'), (field) => (field === 'legalName' ? 'Acme AB' : undefined), '<branding.primaryColor>dark blue</branding.primaryColor>');
    const run = await runCli(['import', docx, '--org', 'organisation.yaml', '--json'], dir);
    expect(run.code).toBe(1);
    const { diagnostics, written } = JSON.parse(run.stdout) as { diagnostics: Diagnostic[]; written: boolean };
    expect(written).toBe(false);
    const invalid = diagnostics.find((d) => d.code === 'import/invalid-value');
    expect(invalid?.fieldPath).toBe('branding.primaryColor');
    expect(invalid?.message).toContain('"dark blue"');
    expect(invalid?.message).toContain('colour');
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(TEMPLATE_ORG, 'utf8'));
  });

  it('refuses a data part with a document type declaration: no entity is ever expanded', () => {
    const xml = '<?xml version="1.0"?><!DOCTYPE organisation [<!ENTITY a "aaaaaaaa">]><organisation xmlns="urn:policymark:template:1"><legalName>&a;</legalName></organisation>';
    expect(readTemplateXml(xml)).toBeUndefined();
    expect(readTemplateXml('<organisation xmlns="urn:policymark:template:1"><legalName>&unknown;</legalName></organisation>')).toBeUndefined();
    expect(readTemplateXml('<pm:organisation xmlns:pm="urn:policymark:template:1" xml:lang="sv"><pm:legalName>A &amp; B &#229;</pm:legalName></pm:organisation>')).toEqual({ lang: 'sv', fields: new Map([['legalName', 'A & B å']]) });
  });

  it('LibreOffice opens the template and shows the placeholders', async (context) => {
    if (!requireTool('soffice') || !requireTool('pdftotext')) return context.skip();
    const out = tempDir();
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${out}/profile`, '--convert-to', 'pdf', '--outdir', out, templateFile('incident-management')], { stdio: 'ignore', timeout: 120_000 });
    const text = execFileSync('pdftotext', [path.join(out, 'incident-management.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('[Name of the incident manager]');
    expect(text).toContain('[Name of the data protection officer]');
    expect(text).toContain('[Legal name of the organisation]');
  }, 180_000);
});

describe('a default to adapt', () => {
  it('is a content control showing the default, marked apart from placeholders, bound to its own entry', async () => {
    const { checkProject } = await import('../src/pipeline/check.js');
    const { renderDocx } = await import('../src/render/docx/render-docx.js');
    const composed = await checkProject({ root: REPO_ROOT, organisationFile: TEMPLATE_ORG, policies: ['incident-management'], langs: ['en'], template: true });
    if (!composed.ok) throw new Error('the template did not compose');
    const { model } = composed.documents[0]!;
    const [first, ...rest] = model.sections;
    const adapt = { type: 'placeholder', label: 'Incident: post incident review business days', path: 'incident.postIncidentReviewBusinessDays', value: '10' } as const;
    const section = { ...first!, blocks: [{ type: 'paragraph', children: [{ type: 'text', value: 'Reviews within ' }, adapt, { type: 'text', value: ' business days.' }] } as const, ...first!.blocks] };
    const { loadDocumentFonts } = await import('../src/load/fonts.js');
    const fonts = await loadDocumentFonts('Carlito');
    const context = { timestamp: new Date(Date.UTC(2026, 0, 1)), fonts: { name: fonts.name, embed: true, main: fonts.faces, fallback: fonts.fallback } };
    const bytes = await renderDocx({ ...model, sections: [section, ...rest] }, context);
    const entries = unzipSync(bytes);
    const document = strFromU8(entries['word/document.xml']!);
    expect(document).toMatch(/<w:tag w:val="policymark-adapt:incident\.postIncidentReviewBusinessDays"\/>.*?<w:color w:val="1F3864"\/><w:highlight w:val="cyan"\/><\/w:rPr><w:t xml:space="preserve">10<\/w:t>/);
    expect(readTemplateXml(strFromU8(entries['customXml/item1.xml']!))?.fields.get('incident.postIncidentReviewBusinessDays')).toBe('10');
    // Markdown and PDF read it as its value; it is no item of the "to complete" checklist.
    expect(model.toComplete?.some((item) => item.label === adapt.label)).toBe(false);
  });
});
