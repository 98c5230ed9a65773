import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { makeProject, removeProject } from './support/project.js';

/** A release takes its version-history summary per language; a release with one summary shows it in both. */
const projects: string[] = [];
afterAll(() => projects.forEach(removeProject));
const LIB = ['--library', '.'];

function history(dir: string, lang: 'en' | 'sv'): string {
  const file = path.join(dir, `out/acme/incident-management/draft/incident-management${lang === 'sv' ? '.sv' : ''}.md`);
  return readFileSync(file, 'utf8').split('\n').filter((line) => /^\| 1\.\d\.0 /.test(line)).join('\n');
}

describe('release summaries per language', () => {
  it('stores --summary-sv and shows each language its own summary; an older release shows its one summary in both', async () => {
    const dir = makeProject();
    projects.push(dir);
    const first = await runCli(['release', 'incident-management', '--unsigned', '--material', '--version', '1.0.0', '--summary', 'First approved version.', '--date', '2026-01-15', ...LIB], dir);
    expect(first.code, first.stderr).toBe(0);
    const purpose = path.join(dir, 'policy-modules/sections/purpose.md');
    writeFileSync(purpose, readFileSync(purpose, 'utf8').replace('detects, reports', 'detects, records, reports'));
    expect((await runCli(['translations', 'stamp', 'purpose', ...LIB], dir)).code).toBe(0);
    const second = await runCli(['release', 'incident-management', '--unsigned', '--editorial', '--version', '1.1.0', '--summary', 'Recording of incidents added.', '--summary-sv', 'Registrering av incidenter har lagts till.', '--date', '2026-02-01', ...LIB], dir);
    expect(second.code, second.stderr).toBe(0);

    const older = JSON.parse(readFileSync(path.join(dir, 'releases/incident-management/1.0.0.json'), 'utf8')) as Record<string, unknown>;
    expect(older.summaries).toBeUndefined();
    const record = JSON.parse(readFileSync(path.join(dir, 'releases/incident-management/1.1.0.json'), 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({ summary: 'Recording of incidents added.', summaries: { sv: 'Registrering av incidenter har lagts till.' } });

    const build = await runCli(['build', '--draft', '--format', 'md', '--out', 'out', ...LIB], dir);
    expect(build.code, build.stderr).toBe(0);
    expect(history(dir, 'en')).toMatch(/First approved version\.[\s\S]*Recording of incidents added\./);
    expect(history(dir, 'en')).not.toContain('Registrering');
    expect(history(dir, 'sv')).toMatch(/First approved version\.[\s\S]*Registrering av incidenter har lagts till\./);
    expect(history(dir, 'sv')).not.toContain('Recording of incidents');
    // The released Swedish document carries its own summary too.
    const documents = record.documents as Record<string, { history: { summary: string }[] }>;
    expect(documents.sv!.history.at(-1)!.summary).toBe('Registrering av incidenter har lagts till.');
    expect(documents.en!.history.at(-1)!.summary).toBe('Recording of incidents added.');
    expect((await runCli(['verify', ...LIB], dir)).code).toBe(0);
  });
});
