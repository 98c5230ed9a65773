import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { colourEnabled } from '../../../src/cli/style.js';
import { progressBar } from '../../../src/cli/progress.js';
import { optionsOfUsage } from '../../../src/cli/completion.js';
import { runCli } from '../../support/cli.js';
import { FIXTURES } from '../../support/project.js';

const dir = mkdtempSync(path.join(tmpdir(), 'pm-conventions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('command-line conventions', () => {
  it('prints a command\'s help for `help <command>`, the same as `<command> --help`', async () => {
    const help = await runCli(['help', 'build'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe((await runCli(['build', '--help'], dir)).stdout);
    expect(help.stdout).toMatch(/^Usage: policymark build/);
  });

  it('suggests the nearest command and option, in one line plus where to read more, exit 2', async () => {
    expect(await runCli(['buidl'], dir)).toEqual({ code: 2, stdout: '', stderr: 'Unknown command "buidl". Did you mean build?\nSee `policymark --help`.\n' });
    expect(await runCli(['check', '--tempalte'], dir)).toEqual({ code: 2, stdout: '', stderr: 'Unknown option "--tempalte". Did you mean --template?\nSee `policymark check --help`.\n' });
    expect((await runCli(['help', 'regster'], dir)).stderr).toContain('Did you mean register?');
  });

  it('refuses a single-value option given twice', async () => {
    const run = await runCli(['check', '--org', 'a.yaml', '--org', 'b.yaml'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('--org was given more than once; it takes one value.\nSee `policymark check --help`.\n');
  });

  it('makes a malformed --version a usage error, like a malformed --date', async () => {
    const version = await runCli(['release', 'p', '--version', '1.0', '--summary', 's', '--unsigned'], dir);
    const date = await runCli(['release', 'p', '--version', '1.0.0', '--summary', 's', '--unsigned', '--date', '2026-13-01'], dir);
    expect([version.code, date.code]).toEqual([2, 2]);
    expect(version.stderr).toMatch(/^--version must be MAJOR\.MINOR\.PATCH.*not "1\.0"\./);
  });

  it('colours per NO_COLOR, FORCE_COLOR, TERM=dumb and whether the stream is a terminal', () => {
    expect(colourEnabled(true, {})).toBe(true);
    expect(colourEnabled(false, {})).toBe(false);
    expect(colourEnabled(true, { TERM: 'dumb' })).toBe(false);
    expect(colourEnabled(true, { NO_COLOR: '1' })).toBe(false);
    expect(colourEnabled(true, { NO_COLOR: '' })).toBe(true);
    expect(colourEnabled(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(colourEnabled(false, { FORCE_COLOR: '0' })).toBe(false);
    expect(colourEnabled(false, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
  });

  it('estimates the time left in the progress bar once an organisation is done', () => {
    expect(progressBar(0, 4, 0, 0, 8)).toBe('[........] 0/4 organisations');
    expect(progressBar(1, 4, 1, 2000, 8)).toBe('[##......] 1/4 organisations, 1 failed, about 6 s left');
    expect(progressBar(2, 4, 0, 90_000, 8)).toBe('[####....] 2/4 organisations, about 1 min 30 s left');
  });

  it('generates completion scripts from the commands\' help', async () => {
    expect(optionsOfUsage('Options:\n  --org FILE  x\n  -h, --help  y\n')).toEqual(['--help', '--org', '--quiet']);
    for (const shell of ['bash', 'zsh', 'fish']) {
      const run = await runCli(['completion', shell], dir);
      expect(run.code, shell).toBe(0);
      expect(run.stdout, shell).toContain('register');
      expect(run.stdout, shell).toContain('fail-on-overdue');
    }
    expect((await runCli(['completion', 'bsh'], dir)).stderr).toContain('Did you mean bash?');
  });

  it('silences everything but errors with --quiet', async () => {
    const project = path.join(dir, 'quiet');
    mkdirSync(path.join(project), { recursive: true });
    const check = await runCli(['check', '--org', path.join(FIXTURES, '_base', 'organisation.yaml'), '--library', path.join(FIXTURES, '_base'), '--quiet'], project);
    expect(check).toEqual({ code: 0, stdout: '', stderr: '' });
    const loud = await runCli(['check', '--org', path.join(FIXTURES, '_base', 'organisation.yaml'), '--library', path.join(FIXTURES, '_base')], project);
    expect(loud.stderr).toMatch(/^OK: /m);
    const missing = await runCli(['-q', 'check', '--org', 'nowhere.yaml', '--library', path.join(FIXTURES, '_base')], project);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/error/);
  });

  it('takes a folder of clients for check and register, skipping a template with a note', async () => {
    const clients = path.join(dir, 'batch', 'clients');
    mkdirSync(clients, { recursive: true });
    copyFileSync(path.join(FIXTURES, '_base', 'organisation.yaml'), path.join(clients, 'acme.yaml'));
    copyFileSync(path.join(FIXTURES, '_base', 'organisation.yaml'), path.join(clients, '_draft.yaml'));
    writeFileSync(path.join(clients, 'shared.yaml'), 'branding:\n  font: Carlito\n');
    const lib = ['--library', path.join(FIXTURES, '_base')];
    const check = await runCli(['check', 'clients', ...lib, '--json'], path.dirname(clients));
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toEqual({ ok: true, organisations: [{ file: 'clients/acme.yaml', ok: true, diagnostics: [] }] });
    expect(check.stderr).toBe([
      'Skipped clients/_draft.yaml: its name starts with "_", which marks a file kept beside the clients.',
      'Skipped clients/shared.yaml: it has no `id` and no `legalName`, so it is not an organisation file.',
      '',
    ].join('\n'));
    const register = await runCli(['register', 'clients', ...lib, '--json', '--today', '2026-01-01'], path.dirname(clients));
    expect(register.code).toBe(0);
    const parsed = JSON.parse(register.stdout) as { organisations: { file: string; organisation: string; policies: unknown[] }[] };
    expect(parsed.organisations.map((o) => [o.file, o.organisation])).toEqual([['clients/acme.yaml', 'Acme Widgets Ltd']]);
    expect(parsed.organisations[0]!.policies.length).toBeGreaterThan(0);
  });
});
