import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPreview, type PreviewEvent } from '../src/pipeline/preview.js';
import { composeSite } from '../src/pipeline/site.js';
import { REPO_ROOT } from './support/project.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'policymark-preview-incremental-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every file below `folder`, by its path relative to it. */
function tree(folder: string): Map<string, Buffer> {
  return new Map(readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return [path.relative(folder, file).split(path.sep).join('/'), readFileSync(file)] as const;
    }));
}

// No browser here: test/preview.test.ts drives a real page. This one checks that a rebuild which
// reuses the unchanged documents gives the very bytes a full build of the same inputs gives.
describe('preview: incremental rebuilds', () => {
  it('recomposes only the documents a saved file feeds, and writes what a full build writes', async () => {
    cpSync(path.join(REPO_ROOT, 'examples', 'kestrel'), path.join(work, 'org'), { recursive: true });
    for (const folder of ['policy-modules', 'frameworks']) cpSync(path.join(REPO_ROOT, folder), path.join(work, 'lib', folder), { recursive: true });
    const location = { root: work, organisationFile: path.join(work, 'org', 'organisation.yaml'), libraryDir: path.join(work, 'lib'), today: '2026-12-01' };
    const events: PreviewEvent[] = [];
    let waiting: ((event: PreviewEvent) => void) | undefined;
    const preview = await startPreview({ ...location, port: 0, debounce: 0, onEvent: (event) => { events.push(event); waiting?.(event); } });
    /** Saves `file` changed by `edit`, and returns the preview's build event once its copy on disk is written. */
    const save = async (file: string, edit: (text: string) => string): Promise<Extract<PreviewEvent, { kind: 'built' }>> => {
      const built = new Promise<PreviewEvent>((resolve) => { waiting = resolve; });
      writeFileSync(file, edit(readFileSync(file, 'utf8')));
      const event = await built;
      await preview.settled();
      if (event.kind !== 'built') throw new Error(`the rebuild failed: ${JSON.stringify(event.diagnostics)}`);
      return event;
    };
    /** The site a full build (nothing reused) makes of the inputs as they are now. */
    const fullBuild = async (): Promise<Map<string, Buffer>> => {
      const result = await composeSite({ ...location, draft: true, downloads: false });
      if (!result.ok) throw new Error('the full build failed');
      return new Map(result.files.map((file) => [file.path, Buffer.from(file.bytes)]));
    };
    try {
      const first = events[0];
      expect(first?.kind).toBe('built');
      const all = first?.kind === 'built' ? first.composed : 0;
      expect(all).toBeGreaterThan(20);

      // A module's text: its policy (both languages, draft and release) and the Statement of
      // Applicability (which reads every module) are composed again; the rest are reused.
      const module = path.join(work, 'lib', 'policy-modules', 'sections', 'incident-purpose-scope.md');
      const marker = 'Incremental marker sentence.';
      const edited = await save(module, (text) => text.replace('This policy sets out what', `${marker} This policy sets out what`));
      expect(edited.reused).toBeGreaterThan(0);
      expect(edited.composed).toBeLessThan(all / 2);
      expect(edited.composed + edited.reused).toBe(all);
      const served = await (await fetch(`${preview.url}incident-management/index.html`)).text();
      expect(served).toContain(marker);
      expect(tree(preview.folder)).toEqual(await fullBuild());

      // The organisation file feeds every document: nothing is reused, and the result is the same.
      const organisation = path.join(work, 'org', 'organisation.yaml');
      const renamed = await save(organisation, (text) => text.replace('legalName: Kestrel Logistics AB', 'legalName: Kestrel Freight AB'));
      expect(renamed.reused).toBe(0);
      expect(readFileSync(path.join(preview.folder, 'incident-management', 'index.html'), 'utf8')).toContain('Kestrel Freight AB');
      expect(tree(preview.folder)).toEqual(await fullBuild());

      // A mapping in a module's front matter changes its policy's control-mapping appendix. (The draft
      // Statement of Applicability cites the policy's latest release, so it keeps its text, but it is
      // composed again all the same: it reads every module.)
      const pageBefore = readFileSync(path.join(preview.folder, 'incident-management', 'index.html'));
      const remapped = await save(module, (text) => text.replace('iso27001: ["5.1", "5.20"]', 'iso27001: ["5.1", "5.20", "7.4"]'));
      expect(remapped.reused).toBeGreaterThan(0);
      expect(readFileSync(path.join(preview.folder, 'incident-management', 'index.html')).equals(pageBefore)).toBe(false);
      expect(tree(preview.folder)).toEqual(await fullBuild());
    } finally {
      await preview.close();
    }
  }, 900_000);
});
