import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { carryComposed, composedCount } from '../compose/compose-document.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { environmentErrorOf, type EnvironmentError } from '../diagnostics/environment-error.js';
import { watchInputs, type StopWatching } from '../load/watch-inputs.js';
import { createPreviewFolder, writeSite } from '../write/write-site.js';
import type { ValidatedProject } from '../validate/project.js';
import { documentInputKeys } from './document-inputs.js';
import type { SiteFile } from '../render/html/render-site.js';
import { composeSite, type DownloadCache, type SiteOptions } from './site.js';

/** What a preview tells its caller as it runs. */
export type PreviewEvent =
  | {
      readonly kind: 'built';
      readonly pages: number;
      readonly milliseconds: number;
      readonly diagnostics: readonly Diagnostic[];
      readonly trigger: string | null;
      /** Documents (policy, language, version) composed afresh for this build; the rest were reused. */
      readonly composed: number;
      /** Documents reused from the previous build because none of their inputs changed. */
      readonly reused: number;
      /**
       * Site files (paths in the site) whose bytes this build changed or added: all of them the first time.
       * Worked out when asked for, since comparing the bytes makes the search index, which is otherwise
       * worked out only after the pages are served.
       */
      rewritten(): readonly string[];
      /** Site files the previous build had and this one no longer has. */
      readonly removed: readonly string[];
    }
  | {
      readonly kind: 'failed';
      readonly diagnostics: readonly Diagnostic[];
      readonly trigger: string | null;
      /** The machine refused something (a full disk, a folder taken away): the build stopped there. */
      readonly environment?: EnvironmentError | undefined;
      /** A fault of policymark itself; the preview goes on serving the last good build. */
      readonly unexpected?: Error | undefined;
    };

export interface PreviewOptions extends Omit<SiteOptions, 'draft' | 'downloads' | 'cache'> {
  /** 0 picks a free port. */
  readonly port: number;
  /** Quiet time after the last save before rebuilding, in milliseconds (default 80). */
  readonly debounce?: number;
  readonly onEvent: (event: PreviewEvent) => void;
}

/** A running preview: its address, and how to end it. */
export interface Preview {
  readonly url: string;
  /** The folder the current build is written to. */
  readonly folder: string;
  /** Resolves when the build under way (if any) and its copy on disk are done. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** The address the page listens on for "rebuilt" messages; not a file of the site. */
const EVENTS_PATH = '/__policymark/events';

/**
 * Injected into every HTML page the preview serves (never into the built files): reloads the page
 * when the server says the site was rebuilt.
 */
const RELOAD_SCRIPT = `<script>new EventSource(${JSON.stringify(EVENTS_PATH)}).addEventListener('rebuilt', function () { window.location.reload(); });</script>\n`;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.md': 'text/markdown; charset=utf-8',
};

/**
 * The author's preview: builds the portal of the working drafts into a temporary folder, serves it on
 * 127.0.0.1, and rebuilds when an input (a module, a policy manifest, the organisation file) is saved,
 * then tells every open page to reload (Server-Sent Events). A build with errors keeps the last good
 * site and reports them. Downloads are left out: they belong to releases, and a preview is about text.
 */
export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const { folder, remove } = await createPreviewFolder();
  const cache: DownloadCache = new Map();
  let files = new Map<string, SiteFile>();
  let stopWatching: StopWatching = () => undefined;
  const clients = new Set<ServerResponse>();
  let timer: NodeJS.Timeout | undefined;
  let building: Promise<void> = Promise.resolve();
  let again = false;
  let closed = false;

  // The last good build's project and each policy's input key: a rebuild hands the new project the
  // models of every policy whose key is unchanged, and composes only the others. Validation still runs
  // on the whole project, so every rule (those that read all modules too) sees the saved file.
  let previous: { project: ValidatedProject; keys: ReadonlyMap<string, string> } | undefined;
  let reused = 0;
  const handOver = (project: ValidatedProject): void => {
    reused = 0;
    const keys = documentInputKeys(project);
    if (previous) {
      const before = previous;
      reused = carryComposed(before.project, project, (id) => keys.get(id) !== undefined && keys.get(id) === before.keys.get(id));
    }
    current = { project, keys };
  };
  let current: typeof previous;

  const rebuild = async (trigger: string | null): Promise<void> => {
    const started = performance.now();
    const result = await composeSite({ ...options, draft: true, downloads: false, cache, onProject: handOver });
    if (closed) return;
    if (!result.ok || hasErrors(result.diagnostics)) {
      options.onEvent({ kind: 'failed', diagnostics: result.diagnostics, trigger });
    } else {
      previous = current;
      const before = files;
      files = new Map(result.files.map((file) => [file.path, file]));
      let changed: readonly string[] | undefined;
      const rewritten = (): readonly string[] => (changed ??= result.files.filter((file) => !sameBytes(before.get(file.path)?.bytes, file.bytes)).map((file) => file.path));
      const removed = [...before.keys()].filter((name) => !files.has(name));
      const inputs = result.project.inputs.map((input) => path.resolve(options.root, input.path));
      stopWatching();
      stopWatching = watchInputs([...inputs, options.organisationFile], schedule);
      // The pages are served from memory, so open pages reload as soon as the new site is composed; the
      // copy on disk follows (and with it the search index, which is worked out when first read).
      for (const client of clients) client.write('event: rebuilt\ndata: {}\n\n');
      options.onEvent({ kind: 'built', pages: result.files.filter((f) => f.path.endsWith('.html')).length, milliseconds: Math.round(performance.now() - started), diagnostics: result.diagnostics, trigger, composed: composedCount(result.project) - reused, reused, rewritten, removed });
      await writeSite(folder, result.files);
    }
  };
  function schedule(file: string): void {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      // One build at a time; a save during a build starts one more after it.
      if (again) return;
      again = true;
      building = building.then(async () => {
        again = false;
        // A build that throws (the disk filled up while writing the copy on disk) is reported, and
        // the next save builds again: the chain of builds must never stay rejected.
        await rebuild(file).catch((error: unknown) => {
          const environment = environmentErrorOf(error);
          options.onEvent({ kind: 'failed', diagnostics: [], trigger: file, environment, unexpected: environment ? undefined : error instanceof Error ? error : new Error(String(error)) });
        });
      });
    }, options.debounce ?? 80);
  }

  await rebuild(null);
  if (files.size === 0) {
    // The first build failed: watch the organisation file and the library anyway, so fixing it rebuilds.
    stopWatching = watchInputs([options.organisationFile], schedule);
  }

  const server = createServer((request, response) => serve(request, response));
  function serve(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === EVENTS_PATH) {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write('retry: 500\n\n');
      clients.add(response);
      request.on('close', () => clients.delete(response));
      return;
    }
    let name = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    if (name === '' || name.endsWith('/')) name += 'index.html';
    const bytes = files.get(name)?.bytes;
    if (!bytes || name.split('/').includes('..')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Not found\n');
      return;
    }
    const type = TYPES[path.extname(name)] ?? 'application/octet-stream';
    const body = type.startsWith('text/html') ? Buffer.from(Buffer.from(bytes).toString('utf8').replace('</body>', `${RELOAD_SCRIPT}</body>`)) : Buffer.from(bytes);
    response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'content-length': body.length });
    response.end(body);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    folder,
    settled: async () => {
      // A save may have scheduled a build that has not started yet: wait for the debounce to pass.
      await new Promise((resolve) => setTimeout(resolve, (options.debounce ?? 80) + 20));
      await building;
    },
    close: async () => {
      closed = true;
      clearTimeout(timer);
      stopWatching();
      for (const client of clients) client.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await building.catch(() => undefined);
      await remove();
    },
  };
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}
