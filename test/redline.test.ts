import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPARISON_LABELS, LABELS } from '../src/i18n/labels.js';
import { runCli } from './support/cli.js';
import { runTool, skipUnlessTools } from './support/external-tools.js';
import { docxPlainText, partText } from './support/redline-text.js';
import { makeProject, removeProject, REPO_ROOT } from './support/project.js';

/**
 * The Word redline (`diff --format docx`): rejecting every tracked change gives the text of the older
 * version's own .docx, accepting every change the newer one's, for the example's releases and for a
 * generated edit that touches every kind of block; LibreOffice opens every redline.
 */

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeProject));
function workDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policymark-redline-'));
  dirs.push(dir);
  return dir;
}

type Lang = keyof typeof LABELS;

/** The comparison note's two paragraphs, as the redline's first page has them. */
function note(lang: Lang, from: string, fromDate: string, to: string, toDate: string): string[] {
  const words = COMPARISON_LABELS[lang];
  const version = (v: string, date: string): string => words.version.replace('{version}', v).replace('{date}', date);
  return [words.comparison.replace('{from}', version(from, fromDate)).replace('{to}', version(to, toDate)), words.explanation];
}

/** Asserts that the redline resolves to both versions, in pandoc's body text and in the header and footer parts. */
function expectResolvesTo(redline: string, a: string, b: string, lang: Lang, strip: readonly string[]): void {
  const contents = LABELS[lang].contents;
  const textA = docxPlainText(a, { contents });
  const textB = docxPlainText(b, { contents });
  expect(textA).not.toBe(textB);
  // Without tracked changes resolved, pandoc shows the note: it is on the first page, before the title.
  const shown = docxPlainText(redline, { contents });
  expect(shown.split('\n').slice(0, 2)).toEqual(strip.map((line) => line.replace(/\s+/g, ' ')));
  expect(docxPlainText(redline, { trackChanges: 'reject', strip, contents })).toBe(textA);
  expect(docxPlainText(redline, { trackChanges: 'accept', strip, contents })).toBe(textB);
  const bytes = readFileSync(redline);
  for (const part of ['word/header1.xml', 'word/footer1.xml']) {
    expect(partText(bytes, part, 'reject'), part).toBe(partText(readFileSync(a), part, 'none'));
    expect(partText(bytes, part, 'accept'), part).toBe(partText(readFileSync(b), part, 'none'));
  }
}

let profile: string | undefined;

/** LibreOffice converts the redline to PDF (proof that it is a valid document); returns the PDF's text. */
function libreOfficeText(file: string, dir: string): string {
  // One LibreOffice profile for the file: making one takes seconds.
  profile ??= workDir();
  const convert = spawnSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], { encoding: 'utf8', timeout: 180_000 });
  expect(convert.status, convert.stderr).toBe(0);
  const pdf = path.join(dir, `${path.basename(file, '.docx')}.pdf`);
  expect(Number(/Pages:\s+(\d+)/.exec(runTool('pdfinfo', [pdf]))?.[1])).toBeGreaterThan(1);
  return runTool('pdftotext', [pdf, '-']).replace(/\s+/g, ' ');
}

function documentXml(file: string, part = 'word/document.xml'): string {
  return strFromU8(unzipSync(readFileSync(file))[part]!);
}

interface ReleasePair {
  readonly policy: string;
  readonly from: { version: string; date: string };
  readonly to: { version: string; date: string };
}

/** Every consecutive pair of releases of every policy of the example, whatever releases exist. */
function examplePairs(): ReleasePair[] {
  const root = path.join(REPO_ROOT, 'examples/kestrel/releases');
  return readdirSync(root).sort().flatMap((policy) => {
    const index = path.join(root, policy, 'index.json');
    if (!existsSync(index)) return [];
    const versions = (JSON.parse(readFileSync(index, 'utf8')) as { releases: { version: string }[] }).releases.map((r) => {
      const record = JSON.parse(readFileSync(path.join(root, policy, `${r.version}.json`), 'utf8')) as { date: string };
      return { version: r.version, date: record.date };
    });
    return versions.slice(1).map((to, i) => ({ policy, from: versions[i]!, to }));
  });
}

describe('Word redline of the example releases', () => {
  const pairs = examplePairs();
  const langs = ['en', 'sv'] as const;

  it('has consecutive releases to compare', () => {
    expect(pairs.length).toBeGreaterThan(0);
  });

  it.for(pairs.flatMap((pair) => langs.map((lang) => ({ ...pair, lang, name: `${pair.policy} ${pair.from.version} → ${pair.to.version} (${lang})` }))))(
    'resolves to both versions: $name',
    { timeout: 240_000 },
    async ({ policy, from, to, lang }, ctx) => {
      skipUnlessTools(ctx, 'pandoc', 'soffice', 'pdfinfo', 'pdftotext');
      const dir = workDir();
      const org = ['--org', 'examples/kestrel/organisation.yaml'];
      const suffix = lang === 'en' ? '' : `.${lang}`;
      const out = path.join(dir, `${policy}${suffix}.redline.docx`);
      const diff = await runCli(['diff', `${policy}@${from.version}`, `${policy}@${to.version}`, ...org, '--lang', lang, '--format', 'docx', '--out', out], REPO_ROOT);
      expect(diff.code, diff.stderr).toBe(0);
      for (const version of [from.version, to.version]) {
        const build = await runCli(['build', ...org, '--policy', policy, '--version', version, '--format', 'docx', '--lang', lang, '--out', dir], REPO_ROOT);
        expect(build.code, build.stderr).toBe(0);
      }
      const built = (version: string): string => path.join(dir, 'kestrel', policy, version, `${policy}${suffix}.docx`);
      expectResolvesTo(out, built(from.version), built(to.version), lang, note(lang, from.version, from.date, to.version, to.date));
      expect(libreOfficeText(out, dir)).toContain(note(lang, from.version, from.date, to.version, to.date)[0]);
    },
  );
});


function edit(dir: string, file: string, from: string, to: string): void {
  const full = path.join(dir, file);
  const text = readFileSync(full, 'utf8');
  expect(text, `${file} contains ${JSON.stringify(from)}`).toContain(from);
  writeFileSync(full, text.replace(from, to));
}

const LIB = ['--library', '.'];
const P1_ROW = '| P1 {{org.incident.priorities.P1.label}} | {{org.incident.priorities.P1.response}} | {{org.incident.priorities.P1.resolution}} |\n';
const P3_ROW = '| P3 {{org.incident.priorities.P3.label}} | {{org.incident.priorities.P3.response}} | {{org.incident.priorities.P3.resolution}} |\n';

/**
 * The base fixture released twice, with an edit between that touches every kind of block: a paragraph
 * changed, one inserted and one deleted whole; a list item changed and one inserted; a table cell
 * changed; table rows inserted and deleted; a heading renamed; a section moved, one added and one
 * removed (taking its framework out of the appendix); document-control values (title, owner's title,
 * classification, review interval, version, dates) and the organisation's name; the version history
 * grows by a row; the running header (title, classification) and footer (version) change with them.
 */
async function editedProject(): Promise<string> {
  const dir = makeProject();
  dirs.push(dir);
  const withdrawn = '\n\nQuestions about this policy go to the policy owner.\n';
  edit(dir, 'policy-modules/sections/purpose.md', 'contractors and suppliers.\n', `contractors and suppliers.${withdrawn}`);
  edit(dir, 'policy-modules/sections/purpose.sv.md', 'leverantörer.\n', `leverantörer.\n\nFrågor om policyn besvaras av policyägaren.\n`);
  const first = await runCli(['release', 'incident-management', '--version', '1.0.0', '--summary', 'First approved version.', '--date', '2026-01-15', ...LIB], dir);
  expect(first.code, first.stderr).toBe(0);

  // Paragraph: words changed; paragraph deleted whole; paragraph inserted whole.
  edit(dir, 'policy-modules/sections/purpose.md', 'including contractors and suppliers.', 'including contractors, partners and suppliers.');
  edit(dir, 'policy-modules/sections/purpose.md', withdrawn, '\n');
  edit(dir, 'policy-modules/sections/purpose.sv.md', '\nFrågor om policyn besvaras av policyägaren.\n', '');
  for (const [file, added] of [['notification.md', 'The incident manager records every breach, notified or not.'], ['notification.sv.md', 'Incidentansvarig dokumenterar varje incident, anmäld eller inte.']] as const) {
    const full = path.join(dir, 'policy-modules/sections', file);
    writeFileSync(full, `${readFileSync(full, 'utf8').trimEnd()}\n\n${added}\n`);
  }
  // List items: one changed, one inserted.
  edit(dir, 'organisation.yaml', '    - the service desk\n', '    - the IT service desk\n    - the incident line, +44 20 7946 0000\n');
  for (const file of ['roles.md', 'roles.sv.md']) {
    const sv = file.endsWith('.sv.md');
    // Table cell changed, table row inserted; in the second table a row deleted and one inserted.
    edit(dir, `policy-modules/sections/${file}`, sv ? 'Håller policyn aktuell.' : 'Keeps this policy current.', sv ? 'Håller policyn aktuell och granskad.' : 'Keeps this policy current and reviewed.');
    edit(dir, `policy-modules/sections/${file}`, sv ? 'tills den är stängd. |\n' : 'until it is closed. |\n', sv ? 'tills den är stängd. |\n| Kommunikation | {{org.roles.ceo.name}} | Talar för {{org.shortName}} med pressen. |\n' : 'until it is closed. |\n| Communications | {{org.roles.ceo.name}} | Speaks for {{org.shortName}} to the press. |\n');
    edit(dir, `policy-modules/sections/${file}`, P1_ROW, '');
    const full = path.join(dir, `policy-modules/sections/${file}`);
    writeFileSync(full, `${readFileSync(full, 'utf8').trimEnd()}\n${P3_ROW}`);
  }
  // Heading renamed (a level-1 section keeps its id, the module's).
  edit(dir, 'policy-modules/sections/roles.md', 'title: Roles and responsibilities', 'title: Roles');
  edit(dir, 'policy-modules/sections/roles.sv.md', 'title: Roller och ansvar', 'title: Roller');
  // A section added, one moved, one removed; document-control values.
  writeFileSync(path.join(dir, 'policy-modules/sections/exceptions.md'), '---\nid: exceptions\ntitle: Exceptions\nkind: exceptions\nlang: en\ncontrols:\n  iso27001: ["5.1"]\n---\nAn exception to this policy is approved by {{policy.approver.name}} and lasts at most twelve months.\n');
  writeFileSync(path.join(dir, 'policy-modules/sections/exceptions.sv.md'), '---\nid: exceptions\ntitle: Undantag\nlang: sv\ntranslationOf: en\n---\nUndantag från policyn godkänns av {{policy.approver.name}} och gäller högst tolv månader.\n');
  edit(dir, 'policy-modules/policies/incident-management.yaml', '  - purpose\n  - roles\n  - notification\n  - nis2-reporting\n', '  - notification\n  - purpose\n  - roles\n  - exceptions\n');
  edit(dir, 'policy-modules/policies/incident-management.yaml', 'classification: internal', 'classification: confidential\nreviewIntervalMonths: 6');
  edit(dir, 'policy-modules/policies/incident-management.yaml', '  en: Incident Management Policy', '  en: Incident Response Policy');
  edit(dir, 'organisation.yaml', 'title: Chief Information Security Officer', 'title: Head of Information Security');
  edit(dir, 'organisation.yaml', 'legalName: Acme Widgets Ltd', 'legalName: Acme Widgets Limited');
  const second = await runCli(['release', 'incident-management', '--version', '1.1.0', '--summary', 'Exceptions added; NIS2 reporting moved out.', '--date', '2026-03-01', ...LIB], dir);
  expect(second.code, second.stderr).toBe(0);
  return dir;
}

describe('Word redline of an edit touching every kind of block', () => {
  it.for(['en', 'sv'] as const)('resolves to both versions, tracks every kind of change, and LibreOffice opens it (%s)', { timeout: 300_000 }, async (lang, ctx) => {
    skipUnlessTools(ctx, 'pandoc', 'soffice', 'pdfinfo', 'pdftotext');
    const dir = await editedProject();
    const suffix = lang === 'en' ? '' : `.${lang}`;
    const redline = path.join(dir, `redline${suffix}.docx`);
    const diff = (): Promise<{ code: number; stderr: string }> => runCli(['diff', 'incident-management@1.0.0', 'incident-management@1.1.0', ...LIB, '--lang', lang, '--format', 'docx', '--out', redline], dir);
    expect((await diff()).code).toBe(0);
    for (const version of ['1.0.0', '1.1.0']) {
      const build = await runCli(['build', ...LIB, '--out', 'out', '--format', 'docx', '--lang', lang, '--version', version], dir);
      expect(build.code, build.stderr).toBe(0);
    }
    const built = (version: string): string => path.join(dir, 'out/acme/incident-management', version, `incident-management${suffix}.docx`);
    const strip = note(lang, '1.0.0', '2026-01-15', '1.1.0', '2026-03-01');
    expectResolvesTo(redline, built('1.0.0'), built('1.1.0'), lang, strip);

    const xml = documentXml(redline);
    const marks = (kind: 'ins' | 'del'): RegExp => new RegExp(`<w:${kind} w:id="\\d+" w:author="Ada Lovelace" w:date="2026-03-01T00:00:00Z"/?>`, 'g');
    // Author and date of version b on every tracked change.
    const all = [...xml.matchAll(/<w:(?:ins|del)\b[^>]*>/g)].map((m) => m[0]);
    expect(all.length).toBeGreaterThan(20);
    expect(all.every((tag) => marks('ins').test(tag) || marks('del').test(tag))).toBe(true);
    // Rows inserted and deleted as rows (version history, tables in sections, the appendix).
    expect(xml).toMatch(/<w:trPr>(?:(?!<\/w:trPr>).)*<w:ins w:id/);
    expect(xml).toMatch(/<w:trPr>(?:(?!<\/w:trPr>).)*<w:del w:id/);
    // Paragraphs inserted and deleted whole: the paragraph mark is tracked.
    expect(xml).toMatch(/<w:pPr>(?:(?!<\/w:pPr>).)*<w:rPr><w:ins w:id/);
    expect(xml).toMatch(/<w:pPr>(?:(?!<\/w:pPr>).)*<w:rPr><w:del w:id/);
    // The moved section is deleted where it was and inserted where it is: its heading is there twice.
    const title = lang === 'en' ? 'Personal data breaches' : 'Personuppgiftsincidenter';
    const headings = [...xml.matchAll(/<w:p>(?:(?!<\/w:p>).)*?<w:pStyle w:val="Heading1"\/>(?:(?!<\/w:p>).)*<\/w:p>/g)].map((m) => m[0]).filter((p) => p.includes(title));
    expect(headings).toHaveLength(2);
    expect(headings.some((p) => p.includes('<w:delText'))).toBe(true);
    expect(headings.some((p) => /<w:ins [^>]*><w:r>/.test(p) && !p.includes('<w:delText'))).toBe(true);
    // The header's title and classification and the footer's version are tracked in their parts.
    expect(documentXml(redline, 'word/header1.xml')).toMatch(marks('ins'));
    expect(documentXml(redline, 'word/footer1.xml')).toMatch(marks('del'));
    // The properties say it is a comparison.
    const words = COMPARISON_LABELS[lang];
    expect(documentXml(redline, 'docProps/core.xml')).toContain(strip[0]);
    expect(documentXml(redline, 'docProps/custom.xml')).toContain('1.0.0..1.1.0');
    expect(documentXml(redline, 'docProps/core.xml')).toMatch(new RegExp(`<cp:keywords>[^<]*${words.property}</cp:keywords>`));
    // Change tracking is on when Word opens it.
    expect(documentXml(redline, 'word/settings.xml')).toContain('<w:trackRevisions/>');

    // Deterministic: the same comparison gives the same bytes.
    const bytes = readFileSync(redline);
    expect((await diff()).code).toBe(0);
    expect(readFileSync(redline).equals(bytes)).toBe(true);

    const pdf = libreOfficeText(redline, dir);
    expect(pdf).toContain(strip[0]);
    // LibreOffice shows both sides of a change: deleted text struck through, inserted text underlined.
    expect(pdf).toContain(lang === 'en' ? 'Incident ManagementResponse Policy' : 'Policy för incidenthantering');
  });
});
