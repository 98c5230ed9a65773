import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTool, skipUnlessTools } from './support/external-tools.js';
import type { PolicyDiff } from '../src/diff/diff-models.js';
import { runCli } from './support/cli.js';
import { listFilesRecursive, makeProject, removeProject } from './support/project.js';

const projects: string[] = [];
afterAll(() => projects.forEach(removeProject));
const LIB = ['--library', '.'];

async function releasedProject(): Promise<string> {
  const dir = makeProject();
  projects.push(dir);
  const first = await runCli(['release', 'incident-management', '--unsigned', '--material', '--version', '1.0.0', '--summary', 'First approved version.', '--date', '2026-01-15', ...LIB], dir);
  expect(first.code, first.stderr).toBe(0);
  return dir;
}

function edit(dir: string, file: string, from: string, to: string): void {
  const full = path.join(dir, file);
  const text = readFileSync(full, 'utf8');
  expect(text).toContain(from);
  writeFileSync(full, text.replace(from, to));
}

function snapshot(dir: string): Record<string, string> {
  const root = path.join(dir, 'releases');
  return Object.fromEntries(listFilesRecursive(root).map((f) => [f, createHash('sha256').update(readFileSync(path.join(root, f))).digest('hex')]));
}

describe('releases', () => {
  it('stores a sealed snapshot and builds it with its date, review date and history', async () => {
    const dir = await releasedProject();
    expect(listFilesRecursive(path.join(dir, 'releases'))).toEqual(['incident-management/1.0.0.json', 'incident-management/index.json']);
    const record = JSON.parse(readFileSync(path.join(dir, 'releases/incident-management/1.0.0.json'), 'utf8'));
    expect(record).toMatchObject({ policy: 'incident-management', version: '1.0.0', date: '2026-01-15', author: 'Ada Lovelace', approver: 'Bob Hope' });
    expect(Object.keys(record.documents)).toEqual(['en', 'sv']);

    const build = await runCli(['build', ...LIB, '--out', 'out'], dir);
    expect(build.code).toBe(0);
    const md = readFileSync(path.join(dir, 'out/acme/incident-management/1.0.0/incident-management.md'), 'utf8');
    expect(md).toContain('| Effective date | 2026-01-15 |');
    expect(md).toContain('| Next review date | 2027-01-15 |');
    expect(md).toContain('| 1.0.0 | 2026-01-15 | Ada Lovelace | Bob Hope | First approved version. |');
    expect(md).not.toContain('DRAFT');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'out/acme/incident-management/1.0.0/manifest.json'), 'utf8'));
    expect(manifest.inputs.map((i: { path: string }) => i.path)).toEqual(['releases/incident-management/1.0.0.json']);
  });

  it('renders the working draft with the release history and a DRAFT row', async () => {
    const dir = await releasedProject();
    expect((await runCli(['build', ...LIB, '--out', 'out', '--draft', '--lang', 'sv'], dir)).code).toBe(0);
    const md = readFileSync(path.join(dir, 'out/acme/incident-management/draft/incident-management.sv.md'), 'utf8');
    expect(md).toContain('| 1.0.0 | 2026-01-15 | Ada Lovelace | Bob Hope | First approved version. |\n| UTKAST | — | Ada Lovelace | — | Arbetsutkast |');
    expect(md).toContain('**UTKAST**');
  });

  it('a released document stays as released when the library changes afterwards', async () => {
    const dir = await releasedProject();
    edit(dir, 'policy-modules/sections/purpose.md', 'detects, reports and responds to', 'handles');
    expect((await runCli(['build', ...LIB, '--out', 'out'], dir)).code).toBe(0);
    expect(readFileSync(path.join(dir, 'out/acme/incident-management/1.0.0/incident-management.md'), 'utf8')).toContain('detects, reports and responds to');
    expect((await runCli(['build', ...LIB, '--out', 'out', '--draft'], dir)).code).toBe(0);
    expect(readFileSync(path.join(dir, 'out/acme/incident-management/draft/incident-management.md'), 'utf8')).toContain('Acme Widgets Ltd handles');
  });

  it('refuses a duplicate, a lower and a malformed version, and changes nothing stored', async () => {
    const dir = await releasedProject();
    const before = snapshot(dir);
    const attempts: [string, string][] = [['1.0.0', 'release/duplicate'], ['0.9.9', 'release/not-newer']];
    for (const [version, code] of attempts) {
      const run = await runCli(['release', 'incident-management', '--unsigned', '--material', '--version', version, '--summary', 'x', '--date', '2026-02-01', ...LIB, '--json'], dir);
      expect(run.code, version).toBe(1);
      expect(JSON.parse(run.stdout).diagnostics[0].code).toBe(code);
    }
    // A malformed version is a mistake in the command line, like a malformed --date: exit 2.
    for (const version of ['1.0', 'v2.0.0', '1.0.0-rc.1']) {
      const run = await runCli(['release', 'incident-management', '--unsigned', '--material', '--version', version, '--summary', 'x', '--date', '2026-02-01', ...LIB, '--json'], dir);
      expect(run.code, version).toBe(2);
      expect(run.stderr, version).toMatch(/^--version must be MAJOR\.MINOR\.PATCH/);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it('detects a tampered release and refuses to build from it', async () => {
    const dir = await releasedProject();
    edit(dir, 'releases/incident-management/1.0.0.json', 'First approved version.', 'First approved versions.');
    const run = await runCli(['build', ...LIB, '--out', 'out', '--json'], dir);
    expect(run.code).toBe(1);
    const diagnostics = JSON.parse(run.stdout).diagnostics;
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'release/tampered', file: 'releases/incident-management/1.0.0.json' })]);
    expect(diagnostics[0].line).toBeGreaterThan(1);
    expect(listFilesRecursive(path.join(dir, 'out'))).toEqual([]);
  });
});

describe('register', () => {
  it('lists versions, approval and review dates, flags overdue reviews and fails on them when asked', async () => {
    const dir = await releasedProject();
    const current = await runCli(['register', ...LIB, '--today', '2026-06-01', '--json'], dir);
    expect(current.code).toBe(0);
    expect(JSON.parse(current.stdout).policies).toEqual([
      { policy: 'incident-management', title: 'Incident Management Policy', owner: 'Ada Lovelace', version: '1.0.0', approvedOn: '2026-01-15', approver: 'Bob Hope', signature: 'unsigned', nextReview: '2027-01-15', status: 'current', changedSinceRelease: false, acknowledgements: { version: '1.0.0', acknowledged: [], pending: ['Ada Lovelace', 'Bob Hope'] } },
    ]);
    const due = await runCli(['register', ...LIB, '--today', '2026-12-20', '--json'], dir);
    expect(JSON.parse(due.stdout).policies[0].status).toBe('review-due');
    edit(dir, 'organisation.yaml', 'ServiceNow', 'Jira');
    const overdue = await runCli(['register', ...LIB, '--today', '2027-01-16', '--fail-on-overdue', '--format', 'csv'], dir);
    expect(overdue.code).toBe(1);
    expect(overdue.stdout).toBe(
      'Policy,Title,Owner,Version,Approved,Approver,Next review,Status,Signature,Acknowledged\r\n' +
      'incident-management,Incident Management Policy,Ada Lovelace,1.0.0,2026-01-15,Bob Hope,2027-01-15,REVIEW OVERDUE; unreleased changes,unsigned,0 of 2 (1.0.0)\r\n',
    );
    const markdown = await runCli(['register', ...LIB, '--today', '2027-01-16'], dir);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('| incident-management | Incident Management Policy | Ada Lovelace | 1.0.0 | 2026-01-15 | Bob Hope | 2027-01-15 | REVIEW OVERDUE; unreleased changes | unsigned | 0 of 2 (1.0.0) |');
  });

  it('shows a never-released policy as a draft', async () => {
    const dir = makeProject();
    projects.push(dir);
    const run = await runCli(['register', ...LIB, '--today', '2026-06-01', '--json', '--fail-on-overdue'], dir);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).policies[0]).toMatchObject({ version: null, status: 'draft' });
  });
});

describe('diff', () => {
  it('reports no changes between a version and itself, deterministically', async () => {
    const dir = await releasedProject();
    const a = await runCli(['diff', 'incident-management@1.0.0', 'incident-management@working', ...LIB, '--json'], dir);
    const b = await runCli(['diff', 'incident-management@1.0.0', 'incident-management@1.0.0', ...LIB, '--json'], dir);
    expect(a.code).toBe(0);
    const diff = JSON.parse(a.stdout) as PolicyDiff;
    expect({ ...diff.metadata, ...diff.variables, ...diff.sections }).toEqual({});
    expect(JSON.parse(b.stdout).sections).toEqual([]);
    const md = await runCli(['diff', 'incident-management@1.0.0', 'incident-management@1.0.0', ...LIB], dir);
    expect(md.stdout).toContain('No changes: the two versions are the same.');
  });

  it('finds text changes in three sections, a moved and a renamed section, a changed variable and control mappings', async () => {
    const dir = await releasedProject();
    edit(dir, 'policy-modules/sections/purpose.md', 'including contractors and suppliers', 'including contractors, partners and suppliers');
    edit(dir, 'policy-modules/sections/notification.md', 'without undue delay and,', 'at once and,');
    edit(dir, 'policy-modules/sections/nis2-reporting.md', 'within 72 hours', 'within 72 hours of becoming aware');
    edit(dir, 'policy-modules/sections/roles.md', 'title: Roles and responsibilities', 'title: Roles');
    edit(dir, 'policy-modules/sections/roles.md', 'iso27001: ["5.2"]', 'iso27001: ["5.2", "6.8"]');
    edit(dir, 'policy-modules/policies/incident-management.yaml', '  - roles\n  - notification\n', '  - notification\n  - roles\n');
    edit(dir, 'organisation.yaml', 'ServiceNow', 'Jira');
    const run = await runCli(['diff', 'incident-management@1.0.0', 'incident-management@working', ...LIB, '--json'], dir);
    expect(run.code).toBe(0);
    const diff = JSON.parse(run.stdout) as PolicyDiff;
    expect(diff.variables).toEqual([{ field: 'tools.ticketing', from: 'ServiceNow', to: 'Jira' }]);
    const kinds = diff.sections.map((c) => `${c.kind}:${c.id}`);
    expect(kinds).toEqual(expect.arrayContaining(['text:purpose', 'text:notification', 'text:nis2-reporting', 'renamed:roles', 'controls:roles']));
    expect(kinds.filter((k) => k.startsWith('moved:'))).toHaveLength(1);
    const purpose = diff.sections.find((c) => c.kind === 'text' && c.id === 'purpose');
    expect(purpose && 'words' in purpose ? purpose.words.filter((w) => w.op !== 'equal').map((w) => `${w.op}:${w.text.trim()}`) : []).toEqual(expect.arrayContaining(['insert:, partners', 'delete:ServiceNow', 'insert:Jira']));
    const again = await runCli(['diff', 'incident-management@1.0.0', 'incident-management@working', ...LIB, '--json'], dir);
    expect(again.stdout).toBe(run.stdout);
    const md = await runCli(['diff', 'incident-management@1.0.0', 'incident-management@working', ...LIB], dir);
    expect(md.stdout).toContain('| tools.ticketing | ServiceNow | Jira |');
    expect(md.stdout).toContain('**Renamed**: 3 "Roles and responsibilities" is now "Roles"');
  });

  it('writes a Word redline whose accepted changes give version b and whose rejected changes give version a', async (ctx) => {
    skipUnlessTools(ctx, 'pandoc');
    const dir = await releasedProject();
    edit(dir, 'policy-modules/sections/purpose.md', 'including contractors and suppliers', 'including contractors, partners and suppliers');
    edit(dir, 'policy-modules/sections/notification.md', 'without undue delay and,', 'at once and,');
    edit(dir, 'policy-modules/sections/nis2-reporting.md', 'within 72 hours', 'within 72 hours of becoming aware');
    edit(dir, 'policy-modules/sections/roles.md', 'title: Roles and responsibilities', 'title: Roles');
    edit(dir, 'policy-modules/sections/roles.md', 'Keeps this policy current.', 'Keeps this policy current and reviewed.');
    edit(dir, 'policy-modules/policies/incident-management.yaml', '  - roles\n  - notification\n', '  - notification\n  - roles\n');
    edit(dir, 'organisation.yaml', 'ServiceNow', 'Jira');
    const diff = await runCli(['diff', 'incident-management@1.0.0', 'incident-management@working', ...LIB, '--format', 'docx', '--out', 'redline.docx'], dir, { SOURCE_DATE_EPOCH: '1780000000' });
    expect(diff.code, diff.stderr).toBe(0);
    expect((await runCli(['build', ...LIB, '--out', 'out', '--format', 'docx', '--lang', 'en', '--draft'], dir)).code).toBe(0);
    expect((await runCli(['build', ...LIB, '--out', 'out', '--format', 'docx', '--lang', 'en', '--version', '1.0.0'], dir)).code).toBe(0);

    // The policy body as pandoc reads it: from section 1 after the contents to the appendix after it.
    const body = (file: string, ...flags: string[]): string => {
      const lines = runTool('pandoc', [...flags, '-t', 'plain', '--wrap=none', path.join(dir, file)]).split('\n');
      const starts = lines.flatMap((line, i) => (/^1\s+Purpose and scope$/.test(line) ? [i] : []));
      const end = lines.findLastIndex((line) => line.startsWith('Appendix A'));
      // pandoc leaves the outline of a deleted table row behind; Word and LibreOffice remove the row.
      // Table columns are laid out by their widths, which a redline sizes for both versions' text: compare words.
      return lines.slice(starts.at(-1), end).filter((line) => line.trim() !== '' && !/^\s*-[-\s]*$/.test(line)).map((line) => line.trim().replace(/\s+/g, ' ')).join('\n');
    };
    const b = body('out/acme/incident-management/draft/incident-management.docx');
    const a = body('out/acme/incident-management/1.0.0/incident-management.docx');
    expect(a).not.toBe(b);
    expect(body('redline.docx', '--track-changes=accept')).toBe(b);
    expect(body('redline.docx', '--track-changes=reject')).toBe(a);

    const xml = runTool('unzip', ['-p', path.join(dir, 'redline.docx'), 'word/document.xml']);
    // A working draft has no author yet: its changes are policymark's, dated today (SOURCE_DATE_EPOCH).
    expect(xml).toMatch(/<w:ins w:id="\d+" w:author="policymark" w:date="2026-05-28T00:00:00Z">/);
    expect(xml).toMatch(/<w:del w:id="\d+" w:author="policymark" w:date="2026-05-28T00:00:00Z">/);
    expect(xml).toContain('with the working draft (2026-05-28)');
    const ids = [...xml.matchAll(/<w:(?:ins|del) w:id="(\d+)"/g)].map((m) => Number(m[1]));
    expect(new Set(ids).size).toBe(ids.length);
    // Deterministic: the same comparison gives the same bytes.
    const first = readFileSync(path.join(dir, 'redline.docx'));
    await runCli(['diff', 'incident-management@1.0.0', 'incident-management@working', ...LIB, '--format', 'docx', '--out', 'redline.docx'], dir, { SOURCE_DATE_EPOCH: '1780000000' });
    expect(readFileSync(path.join(dir, 'redline.docx')).equals(first)).toBe(true);
  });

  it('refuses an unknown version with a diagnostic, and a malformed reference with usage', async () => {
    const dir = await releasedProject();
    const unknown = await runCli(['diff', 'incident-management@9.9.9', 'incident-management@working', ...LIB], dir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('release/unknown-version');
    expect((await runCli(['diff', 'incident-management', 'incident-management@working', ...LIB], dir)).code).toBe(2);
  });
});
