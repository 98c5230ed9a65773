import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
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

interface KillPlan {
  /** Kill this long after the start. */
  readonly afterMs?: number;
  /** Or: kill this long after the first change in one of these folders, the start of the write phase. */
  readonly afterWriteStartMs?: number;
  readonly watch?: readonly string[];
}

interface BinRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  /** From the first change in a watched folder to the exit. */
  readonly writeMs?: number;
}

function runBin(args: readonly string[], cwd: string, plan: KillPlan = {}): Promise<BinRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timers: NodeJS.Timeout[] = [];
    if (plan.afterMs !== undefined) timers.push(setTimeout(() => child.kill('SIGKILL'), plan.afterMs));
    let writeStarted: number | undefined;
    const watchers: FSWatcher[] = [];
    for (const folder of plan.watch ?? []) {
      try {
        watchers.push(watch(folder, () => {
          if (writeStarted !== undefined) return;
          writeStarted = Date.now();
          if (plan.afterWriteStartMs !== undefined) timers.push(setTimeout(() => child.kill('SIGKILL'), plan.afterWriteStartMs));
        }));
      } catch {
        // not there (yet): the other folders tell when writing starts
      }
    }
    child.on('close', (code, signal) => {
      timers.forEach(clearTimeout);
      watchers.forEach((w) => w.close());
      resolve({ code, signal, stderr, ...(writeStarted === undefined ? {} : { writeMs: Date.now() - writeStarted }) });
    });
  });
}

/** The output folders (`<org>/<policy>/<version>`) of a build's outputs, each with its files' hashes. */
function byFolder(outputs: Record<string, string>): Map<string, Record<string, string>> {
  const folders = new Map<string, Record<string, string>>();
  for (const [file, hash] of Object.entries(outputs)) {
    const folder = path.posix.dirname(file);
    folders.set(folder, { ...folders.get(folder), [path.posix.basename(file)]: hash });
  }
  return folders;
}

/** The files of one folder (scratch files of a killed writer, never outputs, left out) with their hashes. */
function folderHashes(folder: string): Record<string, string> {
  return Object.fromEntries(readdirSync(folder).filter((f) => !f.endsWith('.tmp')).map((f) => [f, sha256(path.join(folder, f))]));
}

/**
 * Folder-level consistency after a build, killed or not: every output folder is absent, or one variant's
 * complete folder, each file matching its manifest. A folder caught between the two renames of its swap
 * (the old one moved aside, the new one not yet in place) must have the old one aside, complete, for the
 * next reader to restore. Returns how many folders were caught so.
 */
function expectConsistentFolders(out: string, expected: readonly Map<string, Record<string, string>>[]): number {
  let aside = 0;
  for (const folder of expected[0]!.keys()) {
    const full = path.join(out, ...folder.split('/'));
    const candidates = [expected[0]!.get(folder), expected[1]!.get(folder)];
    let location = full;
    if (!existsSync(full)) {
      const parent = path.dirname(full);
      const trash = existsSync(parent) ? readdirSync(parent).filter((f) => f.startsWith(`.${path.basename(full)}.`) && f.endsWith('.old')) : [];
      if (trash.length === 0) continue;
      aside++;
      location = path.join(parent, trash[0]!);
    }
    const found = folderHashes(location);
    expect(candidates, `${folder} is one build's complete folder`).toContainEqual(found);
    const manifest = JSON.parse(readFileSync(path.join(location, 'manifest.json'), 'utf8')) as { outputs: { path: string; sha256: string }[] };
    for (const output of manifest.outputs) expect(found[output.path], `${folder}/${output.path} matches its manifest`).toBe(output.sha256);
  }
  return aside;
}

describe('builds killed at random moments', () => {
  it('leave every output folder absent, the old or the new complete folder, and the version store intact', async () => {
    const dir = makeProject();
    projects.push(dir);
    // A second policy: a build writes several folders, each swapped on its own.
    writeFileSync(path.join(dir, 'policy-modules/policies/access-control.yaml'), readFileSync(path.join(dir, 'policy-modules/policies/incident-management.yaml'), 'utf8')
      .replace('id: incident-management', 'id: access-control').replace('Incident Management Policy', 'Access Control Policy').replace('Policy för incidenthantering', 'Policy för behörighetsstyrning'));
    const org = path.join(dir, 'organisation.yaml');
    const variants = [readFileSync(org, 'utf8'), readFileSync(org, 'utf8').replace('Acme Widgets Ltd', 'Acme Widgets International Ltd')];
    // The complete outputs of both variants, manifests included, built without interruption.
    const expected: Map<string, Record<string, string>>[] = [];
    let buildMs = 0;
    for (const [index, variant] of variants.entries()) {
      writeFileSync(org, variant);
      const started = Date.now();
      const run = await runBin(['build', '--library', '.', '--out', `expected-${index}`, '--draft'], dir);
      buildMs = Math.max(buildMs, Date.now() - started);
      expect(run.code, run.stderr).toBe(0);
      expected.push(byFolder(outputHashes(path.join(dir, `expected-${index}`))));
    }
    expect([...expected[0]!.keys()]).toEqual(['acme/access-control/draft', 'acme/incident-management/draft']);
    // Variants differ in every document, so a torn folder cannot pass for either.
    for (const [folder, files] of expected[0]!) for (const [file, hash] of Object.entries(files)) expect(expected[1]!.get(folder)![file], `${folder}/${file}`).not.toBe(hash);

    const out = path.join(dir, 'out');
    const buildArgs = ['build', '--library', '.', '--out', 'out', '--draft'];
    const watch = [...expected[0]!.keys()].flatMap((folder) => [path.join(out, folder), path.dirname(path.join(out, folder))]);
    // How long the write phase takes: from the first change in the output folder to the exit.
    writeFileSync(org, variants[1]!);
    expect((await runBin(buildArgs, dir)).code).toBe(0);
    writeFileSync(org, variants[0]!);
    const measured = await runBin(buildArgs, dir, { watch });
    expect(measured.code, measured.stderr).toBe(0);
    const writeMs = Math.max(measured.writeMs ?? 0, 5);

    // Releases go to a second copy: a release changes the draft's version history, and so its bytes.
    const store = makeProject();
    projects.push(store);
    const KILLS = Number(process.env.POLICYMARK_KILLS ?? 10);
    // Counted for the log only: where a kill lands depends on the machine's load, so nothing asserts it.
    let killed = 0;
    let inWritePhase = 0;
    let caughtAside = 0;
    let releases = 0;
    for (let i = 0; i < KILLS; i++) {
      if (i === 5) {
        const version = `1.0.${i}`;
        const run = await runBin(['release', 'incident-management', '--unsigned', '--material', '--library', '.', '--version', version, '--summary', `Release ${i}`, '--date', '2026-01-15'], store, { afterMs: Math.round(buildMs * (0.3 + (i % 4) / 5)) });
        const file = path.join(store, 'releases/incident-management', `${version}.json`);
        if (run.signal === null) {
          expect(run.code, run.stderr).toBe(0);
          expect(existsSync(file), `release ${version} is stored`).toBe(true);
        } else {
          killed++;
        }
        if (existsSync(file)) releases++;
        const check = await runCli(['check', '--library', '.'], store);
        expect(check.code, check.stderr).toBe(0);
        continue;
      }
      // The variant not on disk, so that the build has every file to replace (never up to date).
      const manifest = path.join(out, 'acme/incident-management/draft/manifest.json');
      const variant = existsSync(manifest) && sha256(manifest) === expected[1]!.get('acme/incident-management/draft')!['manifest.json'] ? 0 : 1;
      writeFileSync(org, variants[variant]!);
      // A third of the kills spread over the last 30% of a build's time; as a build's time varies with the
      // machine's load, two thirds are timed from the start of the write phase, spread over it as measured.
      const step = (i * 7) % 10;
      const plan: KillPlan = i % 3 === 0
        ? { afterMs: Math.round(buildMs * (0.7 + (0.3 * step) / 10)) }
        : { watch, afterWriteStartMs: Math.round((writeMs * (step + 0.5)) / 10) };
      const started = Date.now();
      const run = await runBin(buildArgs, dir, { ...plan, watch });
      if (process.env.POLICYMARK_KILL_LOG) console.log(`run ${i}: ${JSON.stringify(plan.afterMs ?? { afterWriteStartMs: plan.afterWriteStartMs })} ran ${Date.now() - started} ms, signal ${run.signal}, write phase seen ${run.writeMs ?? '-'} ms`);
      if (run.signal === null) {
        // Ran to its end: exactly this variant's complete outputs and manifests, whatever earlier kills left.
        expect(run.code, run.stderr).toBe(0);
        expect(byFolder(outputHashes(out))).toEqual(expected[variant]);
      } else {
        killed++;
        if (run.writeMs !== undefined) inWritePhase++;
        caughtAside += expectConsistentFolders(out, expected);
      }
    }
    // A completed build afterwards is whole again and tidies up the scratch files of killed ones. A third
    // variant makes it a full build whatever the last run left: an up-to-date build rewrites nothing.
    writeFileSync(org, variants[0]!.replace('Acme Widgets Ltd', 'Acme Widgets Final Ltd'));
    const final = await runBin(buildArgs, dir);
    expect(final.code, final.stderr).toBe(0);
    expectCompleteOutputs(out);
    const scratch = listFilesRecursive(out).filter((f) => f.split('/').some((part) => part.startsWith('.')));
    expect(scratch, 'no scratch files or folders left').toEqual([]);
    console.log(`kill test: ${KILLS} runs (a build takes ${buildMs} ms, its write phase ${writeMs} ms), ${killed} killed, ${inWritePhase} of them while writing, ${caughtAside} folders caught between the renames of a swap, ${releases} releases stored intact`);
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
