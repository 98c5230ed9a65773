import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPreview, type PreviewEvent } from '../src/pipeline/preview.js';
import { makeProject, removeProject } from './support/project.js';

const project = makeProject();
afterAll(() => removeProject(project));

describe('preview: a build that throws', () => {
  it('is reported as the environment fault it is, and the next save builds again', async () => {
    const events: PreviewEvent[] = [];
    let waiting: ((event: PreviewEvent) => void) | undefined;
    const preview = await startPreview({ root: project, organisationFile: path.join(project, 'organisation.yaml'), libraryDir: project, today: '2026-12-01', port: 0, debounce: 0, onEvent: (event) => { events.push(event); waiting?.(event); } });
    const module = path.join(project, 'policy-modules', 'sections', 'roles.md');
    const text = readFileSync(module, 'utf8');
    const save = async (replacement: string): Promise<PreviewEvent> => {
      const next = new Promise<PreviewEvent>((resolve) => { waiting = resolve; });
      writeFileSync(module, text.replace('Keeps this policy current.', replacement));
      const event = await next;
      await preview.settled();
      return event;
    };
    try {
      expect(events[0]?.kind).toBe('built');
      // The copy on disk cannot be written: its folder has become a file.
      rmSync(preview.folder, { recursive: true, force: true });
      writeFileSync(preview.folder, 'not a folder');
      const before = events.length;
      // The pages are served from memory as soon as they are composed; writing the copy on disk then fails.
      expect((await save('Keeps this policy current and reviewed.')).kind).toBe('built');
      const failed = events.slice(before).find((event) => event.kind === 'failed');
      expect(failed).toMatchObject({ kind: 'failed', diagnostics: [] });
      expect(failed?.kind === 'failed' ? failed.environment?.code : undefined).toBe('ENOTDIR');
      expect(failed?.kind === 'failed' ? failed.unexpected : 'none').toBeUndefined();
      // Once the folder can be written again, the next save rebuilds: the chain of builds is not stuck.
      rmSync(preview.folder, { force: true });
      const rebuilt = await save('Keeps this policy current, reviewed and approved.');
      expect(rebuilt.kind).toBe('built');
      expect(readFileSync(path.join(preview.folder, 'incident-management', 'index.html'), 'utf8')).toContain('Keeps this policy current, reviewed and approved.');
    } finally {
      await preview.close();
    }
  }, 60_000);
});
