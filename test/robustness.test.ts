import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { listFilesRecursive, makeProject, removeProject, REPO_ROOT } from './support/project.js';

/**
 * Hostile conditions: randomly damaged projects, builds killed at random moments, builds racing each
 * other. The tool must answer with diagnostics (exit 0 or 1), never crash (exit 2 or a stack trace),
 * and never leave a partial output or a damaged release.
 */
const projects: string[] = [];
afterAll(() => projects.forEach(removeProject));
const BIN = path.join(REPO_ROOT, 'bin', 'policymark.js');

const MUTABLE_FILES = [
  'organisation.yaml',
  'policy-modules/policies/incident-management.yaml',
  'policy-modules/sections/purpose.md',
  'policy-modules/sections/purpose.sv.md',
  'policy-modules/sections/roles.md',
  'policy-modules/sections/notification.md',
  'policy-modules/sections/nis2-reporting.sv.md',
  'frameworks/iso27001.yaml',
  'frameworks/nis2.yaml',
] as const;

const MUTATIONS = ['delete-line', 'duplicate-line', 'swap-lines', 'truncate', 'retype', 'insert', 'delete-file', 'duplicate-file'] as const;

/** Values that tend to break parsers, schemas, templates and Markdown. */
const NASTY = fc.oneof(
  fc.constantFrom('42', 'true', '~', '[]', '{}', '[a, b]', '"{{x}}"', '{{org.nope}}', '{{#if}}', '{{/each}}', '{{> p}}', '- item', 'k: v', '&a x', '*a', '!!binary x', '"\\u0007"', '"\\uE000"', '<b>x</b>', '# heading', '| a | b |', '---', "'", '"', '\t', '\u0000', '\uFEFF', 'ﬁ Łódź å', '9'.repeat(400)),
  fc.string({ maxLength: 40 }),
);

interface Mutation {
  readonly file: (typeof MUTABLE_FILES)[number];
  readonly kind: (typeof MUTATIONS)[number];
  readonly at: number;
  readonly value: string;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  file: fc.constantFrom(...MUTABLE_FILES),
  kind: fc.constantFrom(...MUTATIONS),
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  value: NASTY,
});

function mutate(dir: string, m: Mutation): void {
  const file = path.join(dir, m.file);
  if (!existsSync(file)) return;
  if (m.kind === 'delete-file') return rmSync(file);
  if (m.kind === 'duplicate-file') return cpSync(file, file.replace(/(\.\w+)$/, '-copy$1'));
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const i = Math.floor(m.at * lines.length);
  switch (m.kind) {
    case 'delete-line': lines.splice(i, 1); break;
    case 'duplicate-line': lines.splice(i, 0, lines[i] ?? ''); break;
    case 'swap-lines': [lines[i], lines[(i + 1) % lines.length]] = [lines[(i + 1) % lines.length] ?? '', lines[i] ?? '']; break;
    case 'truncate': return writeFileSync(file, text.slice(0, Math.floor(m.at * text.length)));
    case 'retype': {
      const candidates = lines.map((line, index) => ({ line, index })).filter(({ line }) => /^\s*[\w.-]+: \S/.test(line));
      const target = candidates[Math.floor(m.at * candidates.length)];
      if (target) lines[target.index] = target.line.replace(/: .*$/, `: ${m.value}`);
      break;
    }
    case 'insert': {
      const line = lines[i] ?? '';
      const cut = Math.floor(m.at * line.length);
      lines[i] = line.slice(0, cut) + m.value + line.slice(cut);
      break;
    }
  }
  writeFileSync(file, lines.join('\n'));
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Every file of an output folder but a killed writer's scratch files (never outputs), with its sha256. */
function outputHashes(out: string): Record<string, string> {
  return Object.fromEntries(listFilesRecursive(out).filter((f) => !f.endsWith('.tmp')).map((f) => [f, sha256(path.join(out, f))]));
}

/** Every output the manifest lists is on disk with that hash, and no temporary file is visible. */
function expectCompleteOutputs(out: string): void {
  const files = listFilesRecursive(out);
  expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  for (const manifestFile of files.filter((f) => f.endsWith('manifest.json'))) {
    const folder = path.dirname(path.join(out, manifestFile));
    const manifest = JSON.parse(readFileSync(path.join(out, manifestFile), 'utf8')) as { outputs: { path: string; sha256: string }[] };
    for (const output of manifest.outputs) expect(sha256(path.join(folder, output.path)), output.path).toBe(output.sha256);
  }
}

describe('damaged projects (property-based)', () => {
  it('always answer with exit 0 or 1 and diagnostics, never a crash or a partial output', async () => {
    let tried = 0;
    let failedWithDiagnostics = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const dir = makeProject();
        try {
          for (const m of mutations) mutate(dir, m);
          const run = await runCli(['build', '--library', '.', '--out', 'out'], dir);
          tried++;
          expect([0, 1], run.stderr).toContain(run.code);
          expect(run.stderr).not.toMatch(/policymark failed unexpectedly|\n\s+at .+:\d+:\d+/);
          if (run.code === 1) {
            failedWithDiagnostics++;
            expect(run.stderr).toMatch(/^\S+  error  .+  \S+\/\S+$/m);
            expect(listFilesRecursive(path.join(dir, 'out'))).toEqual([]);
          } else {
            expectCompleteOutputs(path.join(dir, 'out'));
          }
        } finally {
          removeProject(dir);
        }
      }),
      { numRuns: Number(process.env.POLICYMARK_FUZZ_RUNS ?? 150), seed: Number(process.env.POLICYMARK_FUZZ_SEED ?? 20261123) },
    );
    console.log(`property test: ${tried} damaged projects built, ${failedWithDiagnostics} refused with diagnostics, ${tried - failedWithDiagnostics} built`);
    expect(failedWithDiagnostics).toBeGreaterThan(tried / 4);
  }, 240_000);
});

function runBin(args: readonly string[], cwd: string, killAfterMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

describe('builds killed at random moments', () => {
  it('leave every output either the old or the new complete file, and the version store intact', async () => {
    const dir = makeProject();
    projects.push(dir);
    const org = path.join(dir, 'organisation.yaml');
    const variants = [readFileSync(org, 'utf8'), readFileSync(org, 'utf8').replace('Acme Widgets Ltd', 'Acme Widgets International Ltd')];
    // The complete outputs of both variants, manifests included, built without interruption.
    const expected: Record<string, string>[] = [];
    let buildMs = 0;
    for (const [index, variant] of variants.entries()) {
      writeFileSync(org, variant);
      const started = Date.now();
      const run = await runBin(['build', '--library', '.', '--out', `expected-${index}`], dir);
      buildMs = Math.max(buildMs, Date.now() - started);
      expect(run.code, run.stderr).toBe(0);
      expected.push(outputHashes(path.join(dir, `expected-${index}`)));
    }
    // Variants differ in every document, so a torn write cannot pass for either.
    expect(expected[0]!['acme/incident-management/draft/incident-management.pdf']).not.toBe(expected[1]!['acme/incident-management/draft/incident-management.pdf']);

    // Releases go to a second copy: a release changes the draft's version history, and so its bytes.
    const store = makeProject();
    projects.push(store);
    const KILLS = Number(process.env.POLICYMARK_KILLS ?? 24);
    // Counted for the log only: how many kills land depends on the machine's load, so nothing asserts it.
    // Every run is checked whichever way it ended: finished, or killed at whatever point it had reached.
    let killed = 0;
    let releases = 0;
    for (let i = 0; i < KILLS; i++) {
      const variant = i % 2;
      writeFileSync(org, variants[variant]!);
      // From a twentieth of a build to one and a half: killed while loading, rendering, writing, or not at all.
      const delay = Math.round(buildMs * (0.05 + ((i * 7) % 15) / 10));
      if (i % 4 === 3) {
        const version = `1.0.${i}`;
        const run = await runBin(['release', 'incident-management', '--library', '.', '--version', version, '--summary', `Release ${i}`, '--date', '2026-01-15'], store, delay);
        const file = path.join(store, 'releases/incident-management', `${version}.json`);
        if (run.signal === null) {
          // Ran to its end: the release succeeded and is stored.
          expect(run.code, run.stderr).toBe(0);
          expect(existsSync(file), `release ${version} is stored`).toBe(true);
        } else {
          killed++;
        }
        if (existsSync(file)) releases++;
        // Killed or not, the store is readable and every sealed release verifies.
        const check = await runCli(['check', '--library', '.'], store);
        expect(check.code, check.stderr).toBe(0);
        continue;
      }
      const run = await runBin(['build', '--library', '.', '--out', 'out', '--draft'], dir, delay);
      const out = path.join(dir, 'out');
      const outputs = outputHashes(out);
      if (run.signal === null) {
        // Ran to its end: exactly this variant's complete outputs and manifest, whatever earlier kills left.
        expect(run.code, run.stderr).toBe(0);
        expect(outputs).toEqual(expected[variant]);
      } else {
        killed++;
        // Killed wherever it was: every file, the manifest too, is one variant's complete file ...
        for (const [file, hash] of Object.entries(outputs)) expect([expected[0]![file], expected[1]![file]], file).toContain(hash);
        // ... and every output a manifest lists is on disk: outputs are renamed into place before the manifest.
        for (const manifestFile of Object.keys(outputs).filter((f) => f.endsWith('manifest.json'))) {
          const folder = path.dirname(path.join(out, manifestFile));
          const manifest = JSON.parse(readFileSync(path.join(out, manifestFile), 'utf8')) as { outputs: { path: string }[] };
          for (const output of manifest.outputs) expect(existsSync(path.join(folder, output.path)), output.path).toBe(true);
        }
      }
    }
    // A completed build afterwards is whole again and tidies up the scratch files of killed ones. A third
    // variant makes it a full build whatever the last run left: an up-to-date build rewrites nothing.
    writeFileSync(org, variants[0]!.replace('Acme Widgets Ltd', 'Acme Widgets Final Ltd'));
    const final = await runBin(['build', '--library', '.', '--out', 'out', '--draft'], dir);
    expect(final.code, final.stderr).toBe(0);
    expectCompleteOutputs(path.join(dir, 'out'));
    console.log(`kill test: ${KILLS} runs (a build takes ${buildMs} ms), ${killed} killed mid-run, ${releases} releases stored intact`);
  }, 240_000);
});

describe('concurrent builds', () => {
  it('two builds of the same project at the same time both finish with complete outputs', async () => {
    const dir = makeProject();
    projects.push(dir);
    const [a, b] = await Promise.all([
      runBin(['build', '--library', '.', '--out', 'out'], dir),
      runBin(['build', '--library', '.', '--out', 'out'], dir),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expectCompleteOutputs(path.join(dir, 'out'));
    expect(listFilesRecursive(path.join(dir, 'out'))).toHaveLength(7);
  }, 60_000);
});
