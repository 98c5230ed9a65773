import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSite } from '../src/pipeline/site.js';
import { contrastOnWhite, parseHexColour, siteBrandColours } from '../src/render/html/brand-colour.js';
import { launchChromium, CHROMIUM } from './support/browser.js';
import { runCli } from './support/cli.js';
import { requireTool } from './support/external-tools.js';
import { listFilesRecursive, REPO_ROOT } from './support/project.js';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'kestrel');
const TODAY = '2026-12-01';
const work = mkdtempSync(path.join(os.tmpdir(), 'policymark-site-'));
const siteDir = path.join(work, 'site');
const hasChromium = existsSync(CHROMIUM) || requireTool('chromium');

function hashes(dir: string): Map<string, string> {
  return new Map(listFilesRecursive(dir).map((file) => [file, createHash('sha256').update(readFileSync(path.join(dir, file))).digest('hex')]));
}

beforeAll(async () => {
  const run = await runCli(['site', EXAMPLE, '--out', siteDir, '--today', TODAY], REPO_ROOT);
  expect(run.stderr).toContain('Built the policy portal');
  expect(run.code).toBe(0);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('policymark site', () => {
  it('writes a page per document per language, a page per released version with its downloads, and the changes since the version before', () => {
    const files = new Set(listFilesRecursive(siteDir));
    for (const file of [
      'index.html', 'index.sv.html', 'coverage.html', 'search.html', 'assets/site.css', 'assets/minisearch.js', 'assets/search-index.en.js', 'assets/logo.png',
      'incident-management/index.html', 'incident-management/index.sv.html',
      'incident-management/1.1.0/index.html', 'incident-management/1.1.0/changes.html', 'incident-management/1.1.0/changes.sv.html',
      'incident-management/1.0.0/index.html', 'incident-management/1.0.0/document.html',
      'incident-management/1.1.0/incident-management.pdf', 'incident-management/1.1.0/incident-management.sv.docx', 'incident-management/1.1.0/incident-management.md',
      'statement-of-applicability/index.html',
    ]) expect(files, file).toContain(file);
    // The first release has nothing to compare with.
    expect(files).not.toContain('incident-management/1.0.0/changes.html');
    const policy = readFileSync(path.join(siteDir, 'incident-management/index.html'), 'utf8');
    expect(policy).toMatch(/<html lang="en">/);
    expect(policy).toContain('<h2 id="version-history">Version history</h2>');
    expect(policy).toContain('id="appendix"');
    expect(policy).toMatch(/<th scope="col">/);
    expect(policy).toContain('href="index.sv.html"');
    const changes = readFileSync(path.join(siteDir, 'incident-management/1.1.0/changes.html'), 'utf8');
    expect(changes).toContain('<del>');
    expect(changes).toContain('<ins>');
    // Everything is linked relatively, so the folder works from file:// and any static host.
    expect(policy).not.toMatch(/(href|src)="\//);
  });

  it('builds byte-identical sites from the same inputs', async () => {
    const again = path.join(work, 'again');
    const run = await runCli(['site', EXAMPLE, '--out', again, '--today', TODAY], REPO_ROOT);
    expect(run.code).toBe(0);
    expect([...hashes(again)]).toEqual([...hashes(siteDir)]);
  }, 300_000);

  it('warns at the colour in the organisation file when it fails AA on white, and sets text in a darker shade', async () => {
    const project = path.join(work, 'light');
    cpSync(EXAMPLE, project, { recursive: true });
    const file = path.join(project, 'organisation.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('primaryColor: "#1F4E79"', 'primaryColor: "#7FB3E0"'));
    const result = await composeSite({ root: project, organisationFile: file, libraryDir: undefined, today: TODAY, downloads: false });
    expect(result.ok).toBe(true);
    const warning = result.diagnostics.find((d) => d.code === 'site/brand-contrast');
    const lines = readFileSync(file, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('#7FB3E0')) + 1;
    expect(warning).toMatchObject({ severity: 'warning', file: 'organisation.yaml', line, column: lines[line - 1]!.indexOf('"#7FB3E0"') + 1, fieldPath: 'branding.primaryColor' });
    const shade = siteBrandColours('#7FB3E0').text;
    expect(contrastOnWhite(parseHexColour(shade)!)).toBeGreaterThanOrEqual(4.5);
    const css = new TextDecoder().decode(result.ok ? result.files.find((f) => f.path === 'assets/site.css')!.bytes : new Uint8Array());
    expect(css).toContain(`--brand-text: ${shade};`);
    // The example's own colour passes: no warning for it.
    const example = await composeSite({ root: EXAMPLE, organisationFile: path.join(EXAMPLE, 'organisation.yaml'), libraryDir: undefined, today: TODAY, downloads: false });
    expect(example.diagnostics.filter((d) => d.code === 'site/brand-contrast')).toEqual([]);
  }, 120_000);
});

describe.runIf(hasChromium)('the policy portal in Chromium', () => {
  it('loads every page with no console error or failed request, every internal link resolves, and axe finds no serious or critical violation', async () => {
    const { context, close } = await launchChromium();
    const pages = listFilesRecursive(siteDir).filter((file) => file.endsWith('.html')).sort().map((file) => path.join(siteDir, file));
    const problems: string[] = [];
    const ids = new Map<string, Set<string>>();
    const links: { from: string; href: string }[] = [];
    const axeSource = readFileSync(path.join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    try {
      const page = await context.newPage();
      let current = '';
      // Only what the page itself does counts; axe-core's own requests are not the site's.
      let recording = true;
      page.on('console', (message) => { if (recording && message.type() === 'error') problems.push(`${current}: console error: ${message.text()}`); });
      page.on('pageerror', (error) => recording && problems.push(`${current}: ${error.message}`));
      page.on('requestfailed', (request) => recording && problems.push(`${current}: request failed: ${request.url()}`));
      for (const file of pages) {
        current = path.relative(siteDir, file);
        recording = true;
        const response = await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        expect(response?.ok() ?? true, current).toBe(true);
        ids.set(file, new Set(await page.$$eval('[id]', (nodes) => nodes.map((node) => node.id))));
        for (const href of await page.$$eval('a[href], link[href]', (nodes) => nodes.map((node) => node.getAttribute('href') ?? ''))) links.push({ from: file, href });
        recording = false;
        await page.addScriptTag({ content: axeSource });
        // Runs in the page (a string, so that the test's TypeScript needs no DOM types).
        const violations = (await page.evaluate(`(async () => {
          const result = await window.axe.run(document, { preload: false, runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
          return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id + ' (' + v.impact + ') at ' + JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target)));
        })()`)) as string[];
        for (const violation of violations) problems.push(`${current}: axe: ${violation}`);
      }
    } finally {
      await close();
    }
    for (const { from, href } of links) {
      if (/^(https?:|mailto:)/.test(href)) continue;
      const [target = '', anchor] = href.split('#');
      const file = target === '' ? from : path.resolve(path.dirname(from), target.split('?')[0]!);
      if (!existsSync(file)) problems.push(`${path.relative(siteDir, from)}: link to a missing file: ${href}`);
      else if (anchor && file.endsWith('.html') && !ids.get(file)?.has(anchor)) problems.push(`${path.relative(siteDir, from)}: link to a missing anchor: ${href}`);
    }
    expect(pages.length).toBeGreaterThan(60);
    expect(links.length).toBeGreaterThan(1000);
    expect(problems).toEqual([]);
  }, 600_000);

  it('finds a phrase from a section, and the language switch leads to the Swedish page of the same policy', async () => {
    const { context, close } = await launchChromium();
    try {
      const page = await context.newPage();
      await page.goto(pathToFileURL(path.join(siteDir, 'index.html')).href);
      await page.fill('#site-search-q', 'bound by contract to report incidents');
      await page.press('#site-search-q', 'Enter');
      await page.waitForSelector('#search-results li');
      const first = page.locator('#search-results li a').first();
      expect(await first.textContent()).toBe('1 Purpose and scope');
      await first.click();
      await page.waitForURL(/incident-management\/index\.html#s-1$/);
      expect(await page.locator('#s-1').textContent()).toContain('Purpose and scope');

      await page.click('.lang-switch a[hreflang="sv"]');
      await page.waitForURL(/incident-management\/index\.sv\.html$/);
      expect(await page.getAttribute('html', 'lang')).toBe('sv');
      const release = JSON.parse(readFileSync(path.join(EXAMPLE, 'releases', 'incident-management', '1.1.0.json'), 'utf8')) as { documents: { sv: { policy: { title: string } } } };
      expect(await page.locator('h1').textContent()).toBe(release.documents.sv.policy.title);
      // And back to the English page of the same policy.
      await page.click('.lang-switch a[hreflang="en"]');
      await page.waitForURL(/incident-management\/index\.html$/);
    } finally {
      await close();
    }
  }, 120_000);

  it('takes screenshots of the home page and a policy page', async () => {
    const { context, close } = await launchChromium({ width: 1280, height: 860 });
    const shots = path.join(REPO_ROOT, 'output', 'site-screenshots');
    mkdirSync(shots, { recursive: true });
    try {
      const page = await context.newPage();
      await page.goto(pathToFileURL(path.join(siteDir, 'index.html')).href);
      await page.screenshot({ path: path.join(shots, 'home.png') });
      await page.goto(pathToFileURL(path.join(siteDir, 'incident-management', 'index.html')).href + '#contents');
      await page.screenshot({ path: path.join(shots, 'policy.png') });
    } finally {
      await close();
    }
    for (const name of ['home.png', 'policy.png']) {
      expect(readFileSync(path.join(shots, name)).subarray(1, 4).toString()).toBe('PNG');
      if (process.env['UPDATE'] === '1') {
        mkdirSync(path.join(EXAMPLE, 'screenshots'), { recursive: true });
        copyFileSync(path.join(shots, name), path.join(EXAMPLE, 'screenshots', name));
      }
    }
  }, 120_000);
});
