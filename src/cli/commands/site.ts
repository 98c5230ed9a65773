import path from 'node:path';
import { isFolder } from '../../load/organisation-files.js';
import type { ProjectLocation } from '../../load/load-project.js';
import { buildSite } from '../../pipeline/site.js';
import { EXIT_CONTENT, EXIT_OK, UsageError, note, type CliIo } from '../io.js';
import { printDiagnostics } from '../print-diagnostics.js';
import { dateFlag, parseFlags, PROJECT_OPTIONS, projectLocation, today } from '../options.js';
import { styleFor } from '../style.js';

export const SITE_USAGE = `Usage: policymark site [FOLDER] [options]

The policy portal: a static web site of the organisation's approved documents that needs no server
(open index.html from the folder, or put it on any static host). A home page with the register; every
policy, standard and procedure in each language with a language switch; a page per released version
with its change summary, what changed since the version before, and its PDF, Word and Markdown files;
the Statement of Applicability, the control coverage, search in the browser and a print stylesheet,
in the organisation's colour, font and logo. Accessible (WCAG 2.1 AA); a brand colour too light for
text on white is reported and a darker shade of it used.

Options:
  --out DIR          output folder (default: output/site); replaced as a whole
  --draft            show the working drafts instead of the latest releases
  --today YYYY-MM-DD the date the register judges reviews against (default: SOURCE_DATE_EPOCH, else today)
  --org FILE         organisation variables file (default: organisation.yaml; FOLDER means FOLDER/organisation.yaml)
  --library DIR      module library (default: the bundled one)
  --json             print the result as JSON
  -h, --help         show this help
`;

/** `--org FILE`, or a folder holding organisation.yaml given as the argument or as --org. */
export async function siteLocation(io: CliIo, values: { org?: string | undefined; library?: string | undefined }, positionals: readonly string[], usage: string): Promise<ProjectLocation> {
  if (positionals.length > 1 || (positionals.length === 1 && values.org)) throw new UsageError('Give one organisation: a folder or --org FILE.', usage);
  const given = values.org ?? positionals[0];
  const org = given !== undefined && (await isFolder(path.resolve(io.cwd, given))) ? path.join(given, 'organisation.yaml') : given;
  return projectLocation(io, { org, library: values.library });
}

export async function runSite(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    ...PROJECT_OPTIONS,
    out: { type: 'string' },
    draft: { type: 'boolean', default: false },
    today: { type: 'string' },
  }, SITE_USAGE, true);
  if (values.help) {
    io.stdout.write(SITE_USAGE);
    return EXIT_OK;
  }
  const location = await siteLocation(io, values, positionals, SITE_USAGE);
  const outDir = path.resolve(io.cwd, values.out ?? path.join('output', 'site'));
  const date = values.today === undefined ? today(io.env, SITE_USAGE) : dateFlag(values.today, 'today', SITE_USAGE);
  const style = styleFor(io.stderr.isTTY === true, io.env);
  note(io, 'Building the policy portal…\n');
  const result = await buildSite({ ...location, outDir, today: date, draft: values.draft });
  const failed = !result.ok || result.diagnostics.some((d) => d.severity === 'error');
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ ok: !failed, diagnostics: result.diagnostics, out: outDir, files: result.ok && !failed ? result.files.map((f) => f.path) : [] }, null, 2)}\n`);
    return failed ? EXIT_CONTENT : EXIT_OK;
  }
  printDiagnostics(io, result.diagnostics);
  if (failed || !result.ok) {
    io.stderr.write('Nothing was written.\n');
    return EXIT_CONTENT;
  }
  const pages = result.files.filter((f) => f.path.endsWith('.html')).length;
  const label = path.relative(io.cwd, outDir) || '.';
  io.stdout.write(`${path.join(label, 'index.html')}\n`);
  note(io, `${style.green('Built')} the policy portal: ${pages} pages, ${result.files.length} files in ${label}.\n`);
  return EXIT_OK;
}
