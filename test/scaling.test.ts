import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTool, skipUnlessTools } from './support/external-tools.js';
import { makeProject, removeProject, REPO_ROOT } from './support/project.js';

/**
 * Inputs that once made the time or memory of a command grow with the square of their size: a very long
 * word in the PDF, a rewritten long paragraph in `diff` and the Word redline. Each command runs as a user
 * runs it, in its own process through bin/policymark.js (the compiled CLI: `npm test` builds it first),
 * and is compared with the same command on an input of ordinary size measured in the same test, so that
 * a loaded machine slows both alike: the difference is what the large input costs.
 */
const projects: string[] = [];
afterAll(() => projects.forEach(removeProject));
const BIN = path.join(REPO_ROOT, 'bin', 'policymark.js');
const LIB = ['--library', '.'];
/** What a large input may add to a command's wall time; the acceptance is "well under a second" and "under 3 s". */
const EXTRA_MS = 5_000;
/** What a large input may add to a command's peak memory (before: +900 MB for a 20,000-character word). */
const EXTRA_RSS_BYTES = 150 * 1024 * 1024;

interface TimedRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** Peak resident memory of the child, in bytes. */
  readonly maxRss: number;
}

/** Runs the CLI in a child process, reporting its wall time and peak memory; killed after `killAfterMs`. */
function runTimed(args: readonly string[], cwd: string, killAfterMs = 120_000): Promise<TimedRun> {
  const script = [
    `process.on('exit', () => process.stderr.write('\\nmaxRSS=' + process.resourceUsage().maxRSS + '\\n'));`,
    `process.argv = [process.argv[0], ${JSON.stringify(BIN)}, ...${JSON.stringify(args)}];`,
    `await import(${JSON.stringify(BIN)});`,
  ].join('\n');
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const kilobytes = Number(/maxRSS=(\d+)/.exec(stderr)?.[1] ?? Number.NaN);
      resolve({ code, stdout, stderr, ms: Date.now() - started, maxRss: kilobytes * 1024 });
    });
  });
}

function replaceIn(dir: string, file: string, from: string, to: string): void {
  const full = path.join(dir, file);
  const text = readFileSync(full, 'utf8');
  expect(text).toContain(from);
  writeFileSync(full, text.replace(from, to));
}

/** `count` pseudo-random words from a small vocabulary, as prose has: many repeats, so many possible alignments. */
function prose(seed: number, count: number): string {
  let state = seed;
  const next = (): number => (state = (state * 48271) % 2147483647) / 2147483647;
  const vocabulary = Array.from({ length: 300 }, (_, i) => `w${i.toString(36)}`);
  return Array.from({ length: count }, () => vocabulary[Math.floor(next() * vocabulary.length)]!).join(' ');
}

function report(what: string, reference: TimedRun, large: TimedRun): void {
  const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);
  console.log(`${what}: ${large.ms} ms, ${mb(large.maxRss)} MB (ordinary input: ${reference.ms} ms, ${mb(reference.maxRss)} MB)`);
}

describe('a 20,000-character word in the PDF', () => {
  it('is broken into lines in time and memory linear in its length, and every piece is in the PDF', async (ctx) => {
    skipUnlessTools(ctx, 'pdftotext');
    const dir = makeProject();
    projects.push(dir);
    const args = ['build', ...LIB, '--format', 'pdf', '--lang', 'en', '--out'];
    const reference = await runTimed([...args, 'reference'], dir);
    expect(reference.code, reference.stderr).toBe(0);

    // Letters with a few places to break (after "/"), as a long URL or a pasted token has.
    let word = '';
    for (let i = 0; word.length < 20_000; i++) word += `${'abcdefghijklmnopqrstuvwxyz'.slice(0, 5 + (i % 20))}${i % 9 === 0 ? '/' : ''}`;
    word = word.slice(0, 20_000);
    replaceIn(dir, 'policy-modules/sections/purpose.md', 'including contractors and suppliers.', `including ${word} suppliers.`);
    const large = await runTimed([...args, 'out'], dir);
    expect(large.code, large.stderr).toBe(0);
    report('PDF with a 20,000-character word', reference, large);
    expect(large.ms - reference.ms).toBeLessThan(EXTRA_MS);
    expect(large.maxRss - reference.maxRss).toBeLessThan(EXTRA_RSS_BYTES);

    // The word's pieces, one a line, over several pages: without the running header and footer they read as the word.
    const text = runTool('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'out/acme/incident-management/draft/incident-management.pdf'), '-']);
    const lines = text.split(/[\n\f]/).filter((line) => !/^(Acme · |Internal DRAFT|Version |Page \d)/.test(line));
    expect(lines.filter((line) => /^[a-z/]+$/.test(line)).length).toBeGreaterThan(100);
    expect(lines.join('').replace(/\s+/g, '').includes(`including${word}suppliers.`), 'the word, whole and in order').toBe(true);
  }, 240_000);
});

describe('a rewritten 10,000-word paragraph', () => {
  /** A project with release 1.0.0 holding one 10,000-word paragraph, and a working copy where it is `after`. */
  async function rewritten(after: string): Promise<string> {
    const dir = makeProject();
    projects.push(dir);
    const file = 'policy-modules/sections/purpose.md';
    const marker = '\n\nIncidents are logged';
    replaceIn(dir, file, marker, `\n\n${prose(1, 10_000)}.${marker}`);
    const release = await runTimed(['release', 'incident-management', '--unsigned', '--material', '--version', '1.0.0', '--summary', 'First.', '--date', '2026-01-15', ...LIB], dir);
    expect(release.code, release.stderr).toBe(0);
    replaceIn(dir, file, prose(1, 10_000), after);
    return dir;
  }
  const DIFF = ['diff', 'incident-management@1.0.0', 'incident-management@working', ...LIB];
  const OLD = prose(1, 10_000);
  const NEW = prose(2, 10_000);
  /** The same paragraph with one word changed: an ordinary diff over the same amount of text. */
  const EDITED = OLD.replace(/^\S+/, 'reworded');

  it('is diffed as Markdown in time near-linear in its length, as the whole paragraph deleted and inserted', async () => {
    const reference = await runTimed(DIFF, await rewritten(EDITED));
    expect(reference.code, reference.stderr).toBe(0);
    expect(reference.stdout).toContain('**reworded**');
    const dir = await rewritten(NEW);
    const large = await runTimed(DIFF, dir);
    expect(large.code, large.stderr).toBe(0);
    report('diff (Markdown) of a rewritten 10,000-word paragraph', reference, large);
    expect(large.ms - reference.ms).toBeLessThan(EXTRA_MS);
    expect(large.maxRss - reference.maxRss).toBeLessThan(EXTRA_RSS_BYTES);
    expect(large.stdout.includes(`~~${OLD}.~~`) && large.stdout.includes(`**${NEW}.**`), 'the old paragraph deleted and the new inserted').toBe(true);
  }, 240_000);

  it('gives a Word redline in time near-linear in its length whose accepted and rejected changes give the two versions', async (ctx) => {
    skipUnlessTools(ctx, 'pandoc');
    const args = [...DIFF, '--format', 'docx', '--out', 'redline.docx'];
    const reference = await runTimed(args, await rewritten(EDITED));
    expect(reference.code, reference.stderr).toBe(0);
    const dir = await rewritten(NEW);
    const large = await runTimed(args, dir);
    expect(large.code, large.stderr).toBe(0);
    report('diff (Word redline) of a rewritten 10,000-word paragraph', reference, large);
    expect(large.ms - reference.ms).toBeLessThan(EXTRA_MS);
    expect(large.maxRss - reference.maxRss).toBeLessThan(EXTRA_RSS_BYTES);

    const paragraphs = (flag: string): string[] =>
      runTool('pandoc', [`--track-changes=${flag}`, '-t', 'plain', '--wrap=none', path.join(dir, 'redline.docx')]).split('\n').filter((line) => line.length > 10_000);
    expect(paragraphs('accept').join('\n') === `${NEW}.`, 'accepting every change gives the new paragraph').toBe(true);
    expect(paragraphs('reject').join('\n') === `${OLD}.`, 'rejecting every change gives the old paragraph').toBe(true);
  }, 240_000);
});
