import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import remarkStringify from 'remark-stringify';
import { checkProject } from '../src/pipeline/check.js';
import { MARKDOWN_OPTIONS } from '../src/render/markdown/render-markdown.js';
import { runCli } from './support/cli.js';
import { docxText } from './support/docx-text.js';
import { stageFault, type EnvironmentFault } from './support/environment-faults.js';
import { skipUnlessTools } from './support/external-tools.js';
import { pdfText } from './support/pdf-text.js';
import { FIXTURES, listFilesRecursive, makeProject, removeProject, type GeneratedFiles } from './support/project.js';

/**
 * The fixture runner: every folder in test/fixtures/ (except _base) is a case laid over the base
 * project. Its goldens: `diagnostics.txt` (exit code and the printed report), and for cases that
 * build, of the first document: `model.json` (the document model), `expected.md`, `document.txt` (the
 * Word body as text, see test/support/docx-text.ts) and `pdf.txt` (the PDF text per page, see
 * test/support/pdf-text.ts; a test of its own, skipped without pdftotext). UPDATE=1 rewrites them.
 */
const UPDATE = process.env.UPDATE === '1';
const cases = readdirSync(FIXTURES).filter((name) => !name.startsWith('_') && !name.startsWith('.')).sort();
const projects: string[] = [];
afterAll(() => projects.forEach(removeProject));

/** What each case's build left for the tests after it: the PDF of the first document, if it built. */
const builds = new Map<string, { readonly pdf: string | undefined }>();

/** Whether a case's golden report says it fails; a case without one yet is treated as building. */
function failsByGolden(caseDir: string): boolean {
  const report = path.join(caseDir, 'diagnostics.txt');
  return existsSync(report) && !readFileSync(report, 'utf8').startsWith('exit: 0\n');
}

interface CaseConfig extends GeneratedFiles {
  readonly args?: string[];
  readonly remove?: string[];
  /** The organisation file the case builds, when it is not the base's (a client beside the library): its documents are the goldens. */
  readonly org?: string;
  /** Why the case exists, for the reader of the corpus. */
  readonly about?: string;
  /** 2 for a case about the environment (a file where the output folder belongs): reported as such, never as a bug. */
  readonly exit?: 2;
  /** A fault of the machine staged for the run (see test/support/environment-faults.ts); implies exit 2. */
  readonly fault?: EnvironmentFault;
  /**
   * Skips the Markdown round trip: remark links an address in text even when the address is escaped
   * (the GFM spec does not), so a value that looks like an address re-parses as a link.
   */
  readonly skipMarkdownRoundTrip?: boolean;
}

/** Every file below `dir`, the build's bookkeeping included, which a failed write must not leave behind. */
function leftovers(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    if (!existsSync(current)) return;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

function golden(caseDir: string, file: string, actual: string): void {
  const target = path.join(caseDir, file);
  if (UPDATE || !existsSync(target)) {
    writeFileSync(target, actual);
    if (!UPDATE) throw new Error(`Golden ${file} was missing for ${path.basename(caseDir)}; it has been written, review it.`);
    return;
  }
  expect(actual).toBe(readFileSync(target, 'utf8'));
}

describe('fixtures', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(10));

  for (const name of cases) {
    it(name, async (ctx) => {
      const caseDir = path.join(FIXTURES, name);
      const configFile = path.join(caseDir, 'case.json');
      const config: CaseConfig = existsSync(configFile) ? (JSON.parse(readFileSync(configFile, 'utf8')) as CaseConfig) : {};
      const project = makeProject(caseDir, config.remove ?? [], config);
      projects.push(project);
      const args = config.args ?? ['build', '--library', '.', '--out', 'out'];
      const outIndex = args.indexOf('--out');
      const outDir = path.resolve(project, outIndex >= 0 ? (args[outIndex + 1] ?? 'out') : 'out');
      const staged = config.fault ? stageFault(config.fault, project) : undefined;
      if (typeof staged === 'string') {
        console.warn(`skipped: fixture ${name}: ${staged} (a privilege this machine does not grant).`);
        return ctx.skip(staged);
      }
      let run: Awaited<ReturnType<typeof runCli>>;
      let outputs: string[];
      try {
        run = staged ? await staged.run(args) : await runCli(args, project);
        // Looked at before the fault is undone: a full disk's tmpfs takes its files with it.
        outputs = listFilesRecursive(outDir);
        if (config.fault) expect(leftovers(outDir), 'no scratch or half-written file left in the output folder').toEqual([]);
      } finally {
        staged?.undo();
      }
      golden(caseDir, 'diagnostics.txt', `exit: ${run.code}\n${run.stderr}`);

      expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      if (config.exit === 2 || config.fault) {
        // The machine's fault: exit 2, with the path and a hint, never "a bug in policymark"; nothing written.
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/^policymark could not .+\n {2}hint: /);
        expect(run.stderr).not.toContain('bug');
        expect(outputs).toEqual([]);
        builds.set(name, { pdf: undefined });
        return;
      }
      // Content problems exit 1, never 2 (usage or internal), and never show a stack trace.
      expect([0, 1]).toContain(run.code);
      if (run.code !== 0) {
        // Every diagnostic names a file; a failed build writes nothing at all.
        expect(run.stderr).toMatch(/^(\S+\.(yaml|md|json|png)(:\d+:\d+)?|--[a-z-]+)  error  /m);
        expect(outputs).toEqual([]);
        builds.set(name, { pdf: undefined });
        return;
      }
      const langIndex = args.indexOf('--lang');
      const langs = langIndex >= 0 ? [args[langIndex + 1] as 'en' | 'sv'] : [];
      const composed = await checkProject({ root: project, organisationFile: path.join(project, config.org ?? 'organisation.yaml'), libraryDir: project, policies: [], langs });
      if (!composed.ok) throw new Error('checkProject failed where the CLI succeeded');
      const first = composed.documents[0];
      if (!first) throw new Error('no document was composed');
      const suffix = first.lang === composed.project.organisation.languages[0] ? '' : `.${first.lang}`;
      const outputFile = (format: 'md' | 'docx' | 'pdf'): string => {
        const file = outputs.find((f) => f.endsWith(`${first.policy}${suffix}.${format}`));
        if (!file) throw new Error(`no ${format} output among ${outputs.join(', ')}`);
        return path.join(project, 'out', file);
      };
      // Before the goldens below, so that the PDF test does not depend on them.
      builds.set(name, { pdf: outputFile('pdf') });
      golden(caseDir, 'model.json', `${JSON.stringify(first.model, null, 2)}\n`);
      const markdown = readFileSync(outputFile('md'), 'utf8');
      golden(caseDir, 'expected.md', markdown);
      golden(caseDir, 'document.txt', docxText(readFileSync(outputFile('docx'))));

      // The Markdown re-parses with remark and re-stringifies to the same text.
      if (config.skipMarkdownRoundTrip === true) return;
      const processor = unified().use(remarkParse).use(remarkGfm, { tablePipeAlign: false }).use(remarkFrontmatter, ['yaml']).use(remarkStringify, MARKDOWN_OPTIONS);
      expect(String(await processor.process(markdown))).toBe(markdown);
    });

    if (failsByGolden(path.join(FIXTURES, name))) continue;
    it(`${name}: PDF text`, (ctx) => {
      skipUnlessTools(ctx, 'pdftotext');
      const caseDir = path.join(FIXTURES, name);
      const build = builds.get(name);
      if (!build) throw new Error(`the build of ${name} did not get far enough: see the test "${name}", which must run first`);
      if (!build.pdf) {
        // The case does not build after all: no PDF, and no stale golden for one.
        expect(existsSync(path.join(caseDir, 'pdf.txt')), 'pdf.txt of a case that does not build').toBe(false);
        return;
      }
      golden(caseDir, 'pdf.txt', pdfText(build.pdf));
    });
  }
});
