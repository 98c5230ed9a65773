import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { progressLine, showsProgress } from '../../../src/cli/progress.js';
import { makeProject, removeProject } from '../../support/project.js';

const projects: string[] = [];
afterAll(() => projects.forEach(removeProject));

const terminal = { stderr: { write: () => true, isTTY: true }, env: {} };

describe('progress bar', () => {
  it('is shown only on a terminal that can redraw a line, never under --quiet or --json', () => {
    expect(showsProgress(terminal, false)).toBe(true);
    expect(showsProgress(terminal, true)).toBe(false);
    expect(showsProgress({ ...terminal, quiet: true }, false)).toBe(false);
    expect(showsProgress({ ...terminal, stderr: { write: () => true, isTTY: false } }, false)).toBe(false);
    expect(showsProgress({ ...terminal, stderr: { write: () => true } }, false)).toBe(false);
    expect(showsProgress({ ...terminal, env: { TERM: 'dumb' } }, false)).toBe(false);
  });

  it('counts documents and estimates the time left from the time per document since nothing was done', () => {
    let clock = 50_000;
    let written = '';
    const line = progressLine({ ...terminal, stderr: { write: (text: string) => (written += text), isTTY: true } }, { noun: 'documents' }, () => clock);
    // The clock starts at 0 done, so loading and checking before it do not count as time per document.
    clock = 60_000;
    line.update(0, 4);
    expect(written).toBe('\r\u001b[2K[............................] 0/4 documents');
    written = '';
    clock = 62_000;
    line.update(1, 4);
    expect(written).toBe('\r\u001b[2K[#######.....................] 1/4 documents, about 6 s left');
    written = '';
    line.clear();
    expect(written).toBe('\r\u001b[2K');
  });

  it('writes nothing where it is not shown, not even when cleared', () => {
    let written = '';
    const line = progressLine({ ...terminal, stderr: { write: (text: string) => (written += text), isTTY: false } }, { noun: 'documents' });
    line.update(0, 2);
    line.update(1, 2);
    line.clear();
    expect(written).toBe('');
  });

  /** `build` of the base fixture (one policy, two languages) with stderr as the terminal says. */
  async function buildOnTerminal(extra: readonly string[], isTTY = true, project = makeProject()): Promise<{ code: number; stderr: string; stdout: string }> {
    projects.push(project);
    let stderr = '';
    let stdout = '';
    const code = await main(['build', '--library', '.', '--out', 'out', ...extra], {
      cwd: project,
      env: { NO_COLOR: '1' },
      stdout: { write: (text: string) => (stdout += text), isTTY },
      stderr: { write: (text: string) => (stderr += text), isTTY },
    });
    return { code, stderr, stdout };
  }

  it('a single build on a terminal shows documents done out of the total on stderr, and clears the line before its summary', async () => {
    const run = await buildOnTerminal([]);
    expect(run.code, run.stderr).toBe(0);
    const frames = run.stderr.split('\r\u001b[2K');
    expect(frames.slice(1, 4)).toEqual([
      '[............................] 0/2 documents',
      expect.stringMatching(/^\[#{14}\.{14}\] 1\/2 documents, about \d+ s left$/) as unknown,
      '[############################] 2/2 documents',
    ]);
    expect(frames.at(-1)).toMatch(/^Built 2 documents: 7 files written, 0 unchanged\.\n$/);
    expect(run.stdout).not.toContain('documents');
  });

  it('a batch of one organisation (a folder) counts its documents, not "0/1 organisations"', async () => {
    const run = await buildOnTerminal(['.']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('\r\u001b[2K[............................] 0/2 documents');
    expect(run.stderr).toContain('\r\u001b[2K[############################] 2/2 documents');
    expect(run.stderr).not.toContain('organisations');
    expect(run.stderr).toMatch(/\r\u001b\[2KBuilt 1 of 1 organisation: 2 documents/);
  });

  it('a single build shows no bar with --json, with --quiet, when stderr is not a terminal, or when it is up to date', async () => {
    for (const [extra, isTTY] of [[['--json'], true], [['-q'], true], [[], false]] as const) {
      const run = await buildOnTerminal(extra, isTTY);
      expect(run.code).toBe(0);
      expect(run.stderr).not.toContain('documents,');
      expect(run.stderr).not.toContain('\u001b[2K');
    }
    const project = makeProject();
    expect((await buildOnTerminal([], true, project)).stderr).toContain('2/2 documents');
    const again = await buildOnTerminal([], true, project);
    expect(again.stderr).toMatch(/^Up to date: /);
    expect(again.stderr).not.toContain('\u001b[2K');
  });
});
