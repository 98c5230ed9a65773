import path from 'node:path';
import { startPreview, type PreviewEvent } from '../../pipeline/preview.js';
import { EXIT_OK, UsageError, formatEnvironmentError, note, type CliIo } from '../io.js';
import { printDiagnostics } from '../print-diagnostics.js';
import { parseFlags, PROJECT_OPTIONS, today } from '../options.js';
import { styleFor } from '../style.js';
import { siteLocation } from './site.js';

export const PREVIEW_USAGE = `Usage: policymark preview [FOLDER] [options]

Serves the policy portal of the working drafts on http://127.0.0.1 for authors: saving a module, a
policy manifest or the organisation file rebuilds the site and reloads the open pages. The site is
built into a temporary folder that is removed when the preview ends (Ctrl-C). Released versions are
listed, but their Word, PDF and Markdown downloads are left out; "policymark site" builds them.

Options:
  --port N           port to listen on (default: 4321; 0 picks a free one)
  --org FILE         organisation variables file (default: organisation.yaml; FOLDER means FOLDER/organisation.yaml)
  --library DIR      module library (default: the bundled one)
  --json             JSON Lines on stdout, one object per event, instead of the text on stderr:
                     { event: "built" | "rebuilt", trigger, pages, files, removed, milliseconds,
                     composed, reused, diagnostics } for the first build and each rebuild (trigger: the
                     file saved, null the first time; files: the site files written or changed);
                     { event: "failed", trigger, diagnostics } for a build with errors;
                     { event: "ready", url } once serving; { event: "stopped" } at the end
  -h, --help         show this help
`;

/** Ends when the process receives Ctrl-C (SIGINT) or SIGTERM; `signal` lets a caller stop it otherwise. */
export async function runPreview(args: readonly string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parseFlags(args, { ...PROJECT_OPTIONS, port: { type: 'string' } }, PREVIEW_USAGE, true);
  if (values.help) {
    io.stdout.write(PREVIEW_USAGE);
    return EXIT_OK;
  }
  const port = values.port === undefined ? 4321 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not "${values.port}".`, PREVIEW_USAGE);
  const location = await siteLocation(io, values, positionals, PREVIEW_USAGE);
  const style = styleFor(io.stderr.isTTY === true, io.env);
  const emit = (record: Readonly<Record<string, unknown>>): void => void io.stdout.write(`${JSON.stringify(record)}\n`);
  const shown = (file: string): string => (path.relative(io.cwd, file) || file).split(path.sep).join('/');
  const report = values.json ? (event: PreviewEvent): void => emit(previewRecord(event, shown)) : (event: PreviewEvent): void => {
    printDiagnostics(io, event.diagnostics);
    if (event.kind === 'failed' && event.environment) io.stderr.write(formatEnvironmentError(event.environment, io.cwd));
    if (event.kind === 'failed' && event.unexpected) io.stderr.write(`policymark failed unexpectedly while rebuilding: ${event.unexpected.message}\n\nThis is a bug in policymark, not in your files; set POLICYMARK_DEBUG=1 for details.\n`);
    const cause = event.trigger ? ` after a change to ${event.trigger}` : '';
    note(io, event.kind === 'built'
      ? `${style.green('Built')} ${event.pages} pages in ${event.milliseconds} ms${cause}.\n`
      : `The site was not rebuilt${cause}: ${event.diagnostics.length > 0 ? 'fix the errors above' : 'see above'}; the last good build is still served.\n`);
  };
  const preview = await startPreview({ ...location, today: today(io.env, PREVIEW_USAGE), port, onEvent: report });
  if (values.json) {
    emit({ event: 'ready', url: preview.url });
  } else {
    io.stdout.write(`${preview.url}\n`);
    note(io, `Serving the working drafts at ${preview.url} (Ctrl-C to stop).\n`);
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal?.addEventListener('abort', stop, { once: true });
  });
  await preview.close();
  if (values.json) emit({ event: 'stopped' });
  else note(io, 'Preview stopped.\n');
  return EXIT_OK;
}

/**
 * One line of `preview --json`: the first build is "built", a build after a save "rebuilt"; the file
 * saved is shown by `shown` (relative to the folder the command runs in).
 */
export function previewRecord(event: PreviewEvent, shown: (file: string) => string): Readonly<Record<string, unknown>> {
  const trigger = event.trigger === null ? null : shown(event.trigger);
  if (event.kind === 'failed') {
    const { environment, unexpected } = event;
    return {
      event: 'failed',
      trigger,
      diagnostics: event.diagnostics,
      ...(environment ? { environment: { code: environment.code, file: environment.file === undefined ? null : shown(environment.file), message: environment.message, hint: environment.hint } } : {}),
      ...(unexpected ? { unexpected: unexpected.message } : {}),
    };
  }
  const { pages, rewritten, removed, milliseconds, composed, reused, diagnostics } = event;
  return { event: trigger === null ? 'built' : 'rebuilt', trigger, pages, files: rewritten(), removed, milliseconds, composed, reused, diagnostics };
}
