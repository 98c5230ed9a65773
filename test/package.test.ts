import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/project.js';

// The package as a user gets it: packed by `npm pack` (which runs prepack: a clean build), installed
// from the tarball into folders outside the repository, with `npm i -D` and `npm i -g --prefix`.
// Slow (a build, two installs, a build of documents), so one pack and one install serve every test.
// The pack runs in a copy of the repository, so that prepack's clean build never removes the dist/
// that other tests are running from.
let work: string;
let tarball: string;
let files: string[];
const npmEnv = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', npm_config_prefer_offline: 'true' };
const run = (command: string, args: readonly string[], cwd: string): string =>
  execFileSync(command, [...args], { cwd, env: npmEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 } satisfies ExecFileSyncOptions) as string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'policymark-package-'));
  const copy = path.join(work, 'repository');
  const skip = new Set(['node_modules', '.git', 'dist', 'output']);
  cpSync(REPO_ROOT, copy, { recursive: true, filter: (source) => !skip.has(path.basename(source)) || path.dirname(source) !== REPO_ROOT });
  symlinkSync(realpathSync(path.join(REPO_ROOT, 'node_modules')), path.join(copy, 'node_modules'), 'dir');
  const packs = path.join(work, 'packs');
  mkdirSync(packs);
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', packs], copy)) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(packs, packed[0]!.filename);
  files = packed[0]!.files.map((f) => f.path);
}, 600_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds what runs and nothing else: no tests, no sources but the schema, a LICENSE', () => {
    expect(existsSync(tarball)).toBe(true);
    expect(files).toContain('bin/policymark.js');
    expect(files).toContain('dist/policymark.mjs');
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('policy-modules/policies/incident-management.yaml');
    expect(files).toContain('frameworks/iso27001.yaml');
    expect(files).toContain('policymark-library.yaml');
    expect(files).toContain('src/schema/organisation.schema.json');
    expect(files).toContain('examples/starter/organisation.yaml');
    expect(files).toContain('ci-templates/github.yml');
    expect(files).toContain('ci-templates/gitlab.yml');
    expect(files).toContain('LICENSE');
    expect(files).toContain('README.md');
    expect(files.filter((f) => f.startsWith('test/') || f.endsWith('.test.ts') || f.endsWith('.test.js'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('src/') && f !== 'src/schema/organisation.schema.json')).toEqual([]);
    expect(files.filter((f) => f.startsWith('examples/') && f !== 'examples/starter/organisation.yaml')).toEqual([]);
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; license: string };
    expect(manifest.scripts.prepare).toBeUndefined();
    expect(manifest.scripts.prepack).toContain('npm run build');
    expect(manifest.license).toBe('MIT');
  });

  it('npm i -D from the tarball: --help, init, check and build work outside the repository, and the schema line resolves', () => {
    const project = path.join(work, 'company');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), '{ "name": "company", "private": true }\n');
    run('npm', ['install', '--save-dev', tarball], project);
    const cli = (...args: string[]): string => run('npx', ['--no-install', 'policymark', ...args], project);
    expect(cli('--help')).toContain('Usage: policymark <command>');
    run('npx', ['--no-install', 'policymark', 'init', '.'], project);
    const org = readFileSync(path.join(project, 'organisation.yaml'), 'utf8');
    const schema = /^# yaml-language-server: \$schema=(\S+)$/m.exec(org)![1]!;
    expect(schema).toBe('node_modules/policymark/src/schema/organisation.schema.json');
    const resolved = path.resolve(project, schema);
    expect(existsSync(resolved)).toBe(true);
    expect((JSON.parse(readFileSync(resolved, 'utf8')) as { title: string }).title).toBe('policymark organisation variables');
    // The installed package's own package.json kept the user's devDependency on the tarball.
    expect((JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.policymark).toMatch(/^file:.*\.tgz$/);
    execFileSync('npx', ['--no-install', 'policymark', 'check'], { cwd: project, env: npmEnv, stdio: 'pipe' });
    execFileSync('npx', ['--no-install', 'policymark', 'build', '--policy', 'incident-management'], { cwd: project, env: npmEnv, stdio: 'pipe' });
    const built = readdirSync(path.join(project, 'output', 'company', 'incident-management', 'draft')).sort();
    expect(built).toEqual(expect.arrayContaining(['incident-management.docx', 'incident-management.md', 'incident-management.pdf', 'manifest.json']));
  }, 600_000);

  it('npm i -g --prefix from the tarball: the policymark command inits a project that checks', () => {
    const prefix = path.join(work, 'global');
    run('npm', ['install', '--global', '--prefix', prefix, tarball], work);
    const bin = path.join(prefix, 'bin', 'policymark');
    expect(run(bin, ['--version'], work).trim()).toMatch(/^\d+\.\d+\.\d+$/);
    execFileSync(bin, ['init', 'acme', '--ci', 'github'], { cwd: work, stdio: 'pipe' });
    const project = path.join(work, 'acme');
    expect(existsSync(path.join(project, '.github', 'workflows', 'policies.yml'))).toBe(true);
    execFileSync(bin, ['check'], { cwd: project, stdio: 'pipe' });
  }, 600_000);
});
