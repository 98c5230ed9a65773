import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from './support/cli.js';
import { REPO_ROOT } from './support/project.js';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function temp(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policymark-init-'));
  made.push(dir);
  return dir;
}

describe('init', () => {
  it('writes a package.json with policymark as a devDependency and the check and build scripts', async () => {
    const parent = temp();
    const run = await runCli(['init', 'acme'], parent);
    expect(run.code, run.stderr).toBe(0);
    const pkg = JSON.parse(readFileSync(path.join(parent, 'acme', 'package.json'), 'utf8')) as { name: string; private: boolean; scripts: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.name).toBe('acme');
    expect(pkg.private).toBe(true);
    expect(pkg.scripts).toMatchObject({ check: 'policymark check', build: 'policymark build' });
    // policymark is not on the registry: a registry spec could install someone else's package.
    const version = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(pkg.devDependencies.policymark).toBe(`file:policymark-${version}.tgz`);
    expect(run.stderr).toContain(`put policymark-${version}.tgz`);
    expect(run.stderr).toContain('npx policymark check');
  });

  it('--package with a tarball path writes it relative to the project', async () => {
    const parent = temp();
    writeFileSync(path.join(parent, 'policymark-9.9.9.tgz'), '');
    const run = await runCli(['init', 'clients/acme', '--package', 'policymark-9.9.9.tgz'], parent);
    expect(run.code, run.stderr).toBe(0);
    const pkg = JSON.parse(readFileSync(path.join(parent, 'clients', 'acme', 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies.policymark).toBe('file:../../policymark-9.9.9.tgz');
    expect(run.stderr).not.toContain('not on the npm registry');
  });

  it('points the schema line into the project\'s node_modules, where an install puts the schema', async () => {
    const parent = temp();
    await runCli(['init', 'acme'], parent);
    const org = readFileSync(path.join(parent, 'acme', 'organisation.yaml'), 'utf8');
    expect(org.split('\n')[0]).toBe('# yaml-language-server: $schema=node_modules/policymark/src/schema/organisation.schema.json');
    // The same path inside the package (what an install puts under node_modules/policymark) is the schema.
    const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'src/schema/organisation.schema.json'), 'utf8')) as { $id: string };
    expect(schema.$id).toMatch(/^https:\/\//);
  });

  it('the bundled examples\' schema lines resolve from where they are in the repository', () => {
    for (const file of ['examples/kestrel/organisation.yaml', 'examples/client-template/organisation.yaml', 'examples/starter/organisation.yaml']) {
      const first = readFileSync(path.join(REPO_ROOT, file), 'utf8').split('\n')[0]!;
      const target = /^# yaml-language-server: \$schema=(\S+)$/.exec(first)?.[1];
      expect(target, file).toBeDefined();
      expect(existsSync(path.resolve(REPO_ROOT, path.dirname(file), target!)), file).toBe(true);
    }
  });

  it('merges an existing .gitignore (lines added, none lost) and keeps an existing package.json', async () => {
    const dir = temp();
    writeFileSync(path.join(dir, '.gitignore'), '# mine\n*.log\noutput/');
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "mine" }\n');
    const run = await runCli(['init', '.'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe('# mine\n*.log\noutput/\nnode_modules/\nreview/\n');
    expect(readFileSync(path.join(dir, 'package.json'), 'utf8')).toBe('{ "name": "mine" }\n');
    expect(run.stderr).toContain('Kept as they were: package.json.');
    expect(run.stderr).toContain('.gitignore (added node_modules/, review/)');

    // A second init stops at the organisation file and changes nothing.
    writeFileSync(path.join(dir, '.gitignore'), 'custom\n');
    const again = await runCli(['init', '.'], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('init/exists');
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe('custom\n');
  });

  it('--ci github and gitlab write workflows that check with annotations, fail on overdue reviews, build and review', async () => {
    const dir = temp();
    const run = await runCli(['init', '.', '--ci', 'github,gitlab'], dir);
    expect(run.code, run.stderr).toBe(0);
    const github = readFileSync(path.join(dir, '.github/workflows/policies.yml'), 'utf8');
    const gh = parse(github) as { on: Record<string, unknown>; jobs: Record<string, { steps: { run?: string; uses?: string; with?: Record<string, unknown> }[] }> };
    expect(Object.keys(gh.on)).toEqual(['push', 'pull_request']);
    const runs = Object.values(gh.jobs).flatMap((job) => job.steps.map((s) => s.run ?? ''));
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npx policymark check --format github');
    expect(runs).toContain('npx policymark register --fail-on-overdue');
    expect(runs.some((r) => r.startsWith('npx policymark build'))).toBe(true);
    expect(runs.some((r) => r.startsWith('npx policymark review --base "origin/${{ github.base_ref }}" --out review'))).toBe(true);
    const uploads = Object.values(gh.jobs).flatMap((job) => job.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact')).map((s) => s.with?.path));
    expect(uploads).toContain('review/');

    const gitlab = parse(readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8')) as Record<string, { script?: string[]; artifacts?: { reports?: Record<string, string>; paths?: string[] } }>;
    expect(gitlab.policies!.script!.join('\n')).toContain('check --format codequality > gl-code-quality-report.json');
    expect(gitlab.policies!.artifacts!.reports!.codequality).toBe('gl-code-quality-report.json');
    expect(gitlab.policies!.script).toContain('npx policymark register --fail-on-overdue');
    expect(gitlab.review!.script!.join('\n')).toContain('npx policymark review --base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" --out review');
    expect(gitlab.review!.artifacts!.paths).toEqual(['review.md', 'review/']);

    // An existing workflow is kept.
    const other = temp();
    mkdirSync(path.join(other, '.github/workflows'), { recursive: true });
    writeFileSync(path.join(other, '.github/workflows/policies.yml'), 'mine\n');
    expect((await runCli(['init', '.', '--ci', 'github'], other)).code).toBe(0);
    expect(readFileSync(path.join(other, '.github/workflows/policies.yml'), 'utf8')).toBe('mine\n');
  });

  it('--ci with an unknown system is a usage error', async () => {
    const run = await runCli(['init', '.', '--ci', 'jenkins'], temp());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown value "jenkins" for --ci');
  });

  it('check --format codequality gives GitLab Code Quality issues with stable fingerprints', async () => {
    const dir = temp();
    await runCli(['init', '.'], dir);
    const org = path.join(dir, 'organisation.yaml');
    writeFileSync(org, readFileSync(org, 'utf8').replace(/^country: GB$/m, 'country: 12'));
    const run = await runCli(['check', '--format', 'codequality'], dir);
    expect(run.code).toBe(1);
    const issues = JSON.parse(run.stdout) as { check_name: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number } } }[];
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toMatchObject({ severity: 'major', location: { path: 'organisation.yaml' } });
    expect(issues[0]!.location.lines.begin).toBeGreaterThan(1);
    expect(issues[0]!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const again = JSON.parse((await runCli(['check', '--format', 'codequality'], dir)).stdout) as { fingerprint: string }[];
    expect(again.map((i) => i.fingerprint)).toEqual(issues.map((i) => i.fingerprint));
  });

  it('--json prints what was written and kept, and an existing organisation file as init/exists, with nothing on stderr', async () => {
    const parent = temp();
    mkdirSync(path.join(parent, 'acme'));
    writeFileSync(path.join(parent, 'acme', '.gitignore'), 'output/\n');
    writeFileSync(path.join(parent, 'acme', 'package.json'), '{ "name": "mine" }\n');
    const run = await runCli(['init', 'acme', '--json', '--package', '1.2.3'], parent);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      ok: true,
      diagnostics: [],
      dir: 'acme',
      written: ['organisation.yaml', '.gitignore'],
      kept: ['package.json'],
      gitignoreAdded: ['node_modules/', 'review/'],
      packageSpec: '1.2.3',
      tarballNeeded: null,
    });

    const again = await runCli(['init', 'acme', '--json'], parent);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('');
    expect(JSON.parse(again.stdout)).toEqual({
      ok: false,
      dir: 'acme',
      diagnostics: [{ code: 'init/exists', severity: 'error', file: 'acme/organisation.yaml', line: 0, column: 0, message: 'An organisation file already exists here; init never overwrites it.', hint: 'Choose another folder: policymark init <dir>.' }],
    });
  });

  it('help init documents --json and its shape', async () => {
    const run = await runCli(['help', 'init'], temp());
    expect(run.stdout).toMatch(/--json +print the result as JSON on stdout: \{ ok, diagnostics, dir, written, kept,/);
  });
});
