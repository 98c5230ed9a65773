import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPreview } from '../src/cli/commands/preview.js';
import type { CliIo } from '../src/cli/io.js';
import { runCli } from './support/cli.js';
import { makeProject, removeProject } from './support/project.js';

const projects: string[] = [];
afterAll(() => projects.forEach(removeProject));

type Line = Record<string, unknown> & { event: string };

/** `preview --json` run in-process on a copy of the base fixture, its stdout split into JSON Lines as they come. */
function startJsonPreview(): { project: string; next: (event: string) => Promise<Line>; lines: Line[]; stderr: () => string; stop: () => Promise<number> } {
  const project = makeProject();
  projects.push(project);
  const lines: Line[] = [];
  const waiting: { event: string; resolve: (line: Line) => void }[] = [];
  let buffer = '';
  let stderr = '';
  const io: CliIo = {
    cwd: project,
    env: { NO_COLOR: '1', SOURCE_DATE_EPOCH: '1764547200' },
    stdout: {
      write: (text: string) => {
        buffer += text;
        for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
          const line = JSON.parse(buffer.slice(0, end)) as Line;
          buffer = buffer.slice(end + 1);
          lines.push(line);
          const index = waiting.findIndex((w) => w.event === line.event);
          if (index >= 0) waiting.splice(index, 1)[0]!.resolve(line);
        }
      },
      isTTY: false,
    },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
  };
  const abort = new AbortController();
  const running = runPreview(['--port', '0', '--library', '.', '--json'], io, abort.signal);
  const next = (event: string): Promise<Line> => new Promise((resolve, reject) => {
    waiting.push({ event, resolve });
    void running.then(() => reject(new Error(`preview ended before a "${event}" line: ${JSON.stringify(lines)}`)), reject);
  });
  return { project, next, lines, stderr: () => stderr, stop: async () => { abort.abort(); return running; } };
}

describe('preview --json', () => {
  it('prints one JSON object per line: built, ready, rebuilt with the files a save changed, failed with the diagnostics, stopped', async () => {
    const preview = startJsonPreview();
    const built = await preview.next('built');
    const ready = await preview.next('ready');
    expect(built).toMatchObject({ event: 'built', trigger: null, diagnostics: [], removed: [] });
    expect(built.pages).toBeGreaterThan(0);
    expect(built.files).toEqual(expect.arrayContaining(['index.html', 'incident-management/index.html']));
    expect(typeof built.milliseconds).toBe('number');
    expect(ready).toEqual({ event: 'ready', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/) as unknown });
    expect(preview.lines.map((line) => line.event)).toEqual(['built', 'ready']);

    const module = path.join(preview.project, 'policy-modules', 'sections', 'roles.md');
    const text = readFileSync(module, 'utf8');
    const rebuilt = preview.next('rebuilt');
    writeFileSync(module, text.replace('Keeps this policy current.', 'Keeps this policy current and reviewed.'));
    const changed = await rebuilt;
    expect(changed).toMatchObject({ event: 'rebuilt', trigger: 'policy-modules/sections/roles.md', removed: [] });
    // The Swedish translation is now stale: warnings, which do not stop the rebuild.
    expect((changed.diagnostics as { code: string; severity: string }[]).map((d) => `${d.severity} ${d.code}`)).toEqual(['warning translation/stale', 'warning translation/stale']);
    // Only what the saved module feeds is rewritten: the English policy page, not every file of the site.
    expect(built.files).toContain('incident-management/index.sv.html');
    expect(changed.files).toEqual(['assets/search-index.en.js', 'incident-management/index.html']);

    const failed = preview.next('failed');
    writeFileSync(module, text.replace('Keeps this policy current.', 'Keeps {{org.noSuchField}} current.'));
    const failure = await failed;
    expect(failure).toMatchObject({ event: 'failed', trigger: 'policy-modules/sections/roles.md' });
    expect((failure.diagnostics as { severity: string }[]).filter((d) => d.severity === 'error')).toEqual([expect.objectContaining({ code: 'template/undefined-variable', file: 'policy-modules/sections/roles.md', line: 11 })]);

    expect(await preview.stop()).toBe(0);
    expect(preview.lines.at(-1)).toEqual({ event: 'stopped' });
    // Everything is on stdout as JSON; nothing is left for a human on stderr.
    expect(preview.stderr()).toBe('');
  }, 120_000);

  it('help preview documents the JSON Lines', async () => {
    const run = await runCli(['help', 'preview'], makeProject());
    expect(run.stdout).toContain('--json             JSON Lines on stdout, one object per event');
    expect(run.stdout).toContain('{ event: "ready", url }');
  });
});
