import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFilesRecursive, REPO_ROOT } from './support/project.js';

/**
 * What makes a cold start cheap must not change a byte of output: the bundled file resolves the library
 * and the fonts as the compiled modules do, each format loads only its own writer, and a rebuild that
 * follows the stamp's pointers writes what a fresh build writes. Runs the built CLI (`npm test` builds it).
 */
const BIN = path.join(REPO_ROOT, 'bin/policymark.js');
const BUNDLE = path.join(REPO_ROOT, 'dist/policymark.mjs');
const ORG = path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml');
const ONE = ['build', '--org', ORG, '--policy', 'incident-management', '--lang', 'en'];
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'policymark-start-up-'));
  // The compiled modules without the bundle, as bin/policymark.js ran them before there was one.
  writeFileSync(path.join(dir, 'unbundled.mjs'), `process.env.TZ = 'UTC';\nimport(${JSON.stringify(path.join(REPO_ROOT, 'dist/cli/main.js'))}).then((cli) => cli.run());\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string, args: readonly string[], extra: Record<string, string> = {}, nodeFlags: readonly string[] = []): string {
  return execFileSync(process.execPath, [...nodeFlags, script, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1', ...extra }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function tree(folder: string): Map<string, string> {
  return new Map(listFilesRecursive(folder).sort().map((file) => [file, readFileSync(path.join(folder, file)).toString('base64')]));
}

/** Module URLs a command resolved, from the hooks in test/support/log-loaded-modules.mjs. */
function loadedBy(args: readonly string[]): string[] {
  const log = path.join(dir, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  run(BIN, args, { POLICYMARK_LOADED_LOG: log }, ['--import', path.join(REPO_ROOT, 'test/support/log-loaded-modules.mjs')]);
  return readFileSync(log, 'utf8').trim().split('\n');
}

describe('cold start', () => {
  it('npm run build emits the bundle, and bin/policymark.js runs it', () => {
    expect(existsSync(BUNDLE)).toBe(true);
    const loaded = loadedBy(['--version']);
    expect(loaded.some((url) => url.endsWith('/dist/policymark.mjs'))).toBe(true);
    expect(loaded.some((url) => url.includes('/dist/cli/'))).toBe(false);
  });

  it('the bundle writes byte for byte what the compiled modules write (library, fonts and logo found alike)', () => {
    run(BIN, [...ONE, '--out', 'bundled']);
    run(path.join(dir, 'unbundled.mjs'), [...ONE, '--out', 'unbundled']);
    const bundled = tree(path.join(dir, 'bundled'));
    expect([...bundled.keys()].filter((file) => /\.(docx|pdf|md)$/.test(file))).toHaveLength(3);
    expect(bundled).toEqual(tree(path.join(dir, 'unbundled')));
  }, 120_000);

  it('loads the Word writer only for .docx and pdfkit only for .pdf', () => {
    const md = loadedBy([...ONE, '--format', 'md', '--out', 'lazy-md']);
    const docx = loadedBy([...ONE, '--format', 'docx', '--out', 'lazy-docx']);
    const pdf = loadedBy([...ONE, '--format', 'pdf', '--out', 'lazy-pdf']);
    const has = (urls: string[], pattern: RegExp): boolean => urls.some((url) => pattern.test(url));
    expect(has(md, /render-docx/)).toBe(false);
    expect(has(md, /node_modules\/pdfkit\//)).toBe(false);
    expect(has(docx, /render-docx/)).toBe(true);
    expect(has(docx, /node_modules\/pdfkit\/|render-pdf/)).toBe(false);
    expect(has(pdf, /node_modules\/pdfkit\//)).toBe(true);
    expect(has(pdf, /render-docx/)).toBe(false);
  }, 120_000);

  it('an up-to-date check loads neither validation nor composition, and a rebuild through the stamp pointers equals a fresh build', () => {
    run(BIN, [...ONE, '--out', 'again']);
    const upToDate = loadedBy([...ONE, '--out', 'again']);
    expect(upToDate.some((url) => /validate-project|compose-selected|yaml-source|node_modules\/(zod|yaml|handlebars)\//.test(url))).toBe(false);
    // Nor the schema library inside a chunk of the bundle (esbuild marks each bundled package's code with its path).
    const bundled = upToDate.filter((url) => url.startsWith('file:') && url.includes('/dist/')).map((url) => readFileSync(new URL(url), 'utf8'));
    expect(bundled.length).toBeGreaterThan(1);
    expect(bundled.filter((code) => /^\/\/ (?:\S*\/)?node_modules\/zod\//m.test(code))).toEqual([]);
    // An output removed by hand: not up to date, so the build runs, with the organisation file unchanged.
    const docx = listFilesRecursive(path.join(dir, 'again')).find((file) => file.endsWith('.docx'))!;
    unlinkSync(path.join(dir, 'again', docx));
    run(BIN, [...ONE, '--out', 'again']);
    run(BIN, [...ONE, '--out', 'fresh']);
    expect(tree(path.join(dir, 'again'))).toEqual(tree(path.join(dir, 'fresh')));
  }, 120_000);

  it('a build of Word and PDF together lays each document out once, and writes what building each format alone writes', () => {
    const drafts = [...ONE, '--draft', '--policy', 'access-control'];
    run(BIN, [...drafts, '--out', 'together']);
    run(BIN, [...drafts, '--format', 'pdf', '--out', 'pdf-alone']);
    run(BIN, [...drafts, '--format', 'docx', '--out', 'docx-alone']);
    const together = tree(path.join(dir, 'together'));
    const alone = new Map([...tree(path.join(dir, 'pdf-alone')), ...tree(path.join(dir, 'docx-alone'))].filter(([file]) => /\.(pdf|docx)$/.test(file)));
    expect(alone.size).toBe(4);
    for (const [file, bytes] of alone) expect(together.get(file), file).toBe(bytes);
  }, 180_000);
});
