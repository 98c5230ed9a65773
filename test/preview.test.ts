import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPreview, type PreviewEvent } from '../src/pipeline/preview.js';
import { CHROMIUM, launchChromium } from './support/browser.js';
import { requireTool } from './support/external-tools.js';
import { REPO_ROOT } from './support/project.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'policymark-preview-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const hasChromium = existsSync(CHROMIUM) || requireTool('chromium');

describe.runIf(hasChromium)('policymark preview', () => {
  it('serves the working drafts and reloads the open page with a saved module change', async () => {
    // A copy of the example and of the library, so the test can edit a module.
    cpSync(path.join(REPO_ROOT, 'examples', 'kestrel'), path.join(work, 'org'), { recursive: true });
    for (const folder of ['policy-modules', 'frameworks']) cpSync(path.join(REPO_ROOT, folder), path.join(work, 'lib', folder), { recursive: true });
    const events: PreviewEvent[] = [];
    const preview = await startPreview({
      root: work,
      organisationFile: path.join(work, 'org', 'organisation.yaml'),
      libraryDir: path.join(work, 'lib'),
      today: '2026-12-01',
      port: 0,
      onEvent: (event) => events.push(event),
    });
    const { context, close } = await launchChromium();
    try {
      expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(events[0]?.kind).toBe('built');
      expect(existsSync(path.join(preview.folder, 'incident-management', 'index.html'))).toBe(true);
      const page = await context.newPage();
      await page.goto(`${preview.url}incident-management/index.html`);
      expect(await page.locator('.notice').count()).toBe(1);
      const module = path.join(work, 'lib', 'policy-modules', 'sections', 'incident-purpose-scope.md');
      const marker = 'Preview marker sentence seven.';
      expect(await page.locator('#s-1').locator('..').textContent()).not.toContain(marker);
      const saved = performance.now();
      writeFileSync(module, readFileSync(module, 'utf8').replace('This policy sets out what', `${marker} This policy sets out what`));
      await page.locator('#s-1').locator('..').filter({ hasText: marker }).waitFor({ timeout: 20_000 });
      const elapsed = performance.now() - saved;
      console.log(`preview: page changed ${Math.round(elapsed)} ms after the save`);
      // Functional, not a speed test: the figure users meet is `npm run bench` target 4 (p95 of 20
      // saves); here other test files share the cores. test/preview-incremental.test.ts checks that a
      // rebuild which reuses unchanged documents writes what a full build writes.
      expect(elapsed).toBeLessThan(20_000);
      // The live-reload script is only in what the preview serves, never in the built files.
      expect(await (await fetch(`${preview.url}incident-management/index.html`)).text()).toContain('EventSource');
      expect(readFileSync(path.join(preview.folder, 'incident-management', 'index.html'), 'utf8')).not.toContain('EventSource');
    } finally {
      await close();
      await preview.close();
    }
    expect(existsSync(preview.folder)).toBe(false);
  }, 180_000);

});
