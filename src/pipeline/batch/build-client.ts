import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { environmentErrorOf } from '../../diagnostics/environment-error.js';
import { build, type BuildOptions } from '../build.js';

/** One document of a build: which policy, language and version, and its files. */
export interface BuiltDocument {
  readonly policy: string;
  readonly lang: string;
  readonly version: string;
  readonly files: readonly string[];
}

/** What a batch build reports of one organisation: enough for the summary, no document models. */
export interface ClientResult {
  /** The organisation file as given, relative to the folder the command runs in. */
  readonly file: string;
  readonly ok: boolean;
  /** The documents built, with their files relative to the output folder: the same shape as one build's. */
  readonly documents: readonly BuiltDocument[];
  /** Files written, relative to the output folder. */
  readonly written: readonly string[];
  /** Files that were already up to date, relative to the output folder. */
  readonly unchanged: readonly string[];
  readonly upToDate: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly milliseconds: number;
}

/**
 * Builds one organisation of a batch. Whatever happens to it, including a failure of policymark itself,
 * ends as a result for this client, so that one client never stops or spoils the others.
 */
export async function buildClient(file: string, options: BuildOptions): Promise<ClientResult> {
  const started = performance.now();
  try {
    const result = await build(options);
    return {
      file,
      ok: result.ok,
      documents: result.documents.map(({ policy, lang, version, files }) => ({ policy, lang, version, files })),
      written: result.written,
      unchanged: result.unchanged,
      upToDate: result.upToDate === true,
      diagnostics: result.diagnostics,
      milliseconds: performance.now() - started,
    };
  } catch (error) {
    return failed(file, internalError(file, error), performance.now() - started);
  }
}

export function failed(file: string, problem: Diagnostic, milliseconds = 0): ClientResult {
  return { file, ok: false, documents: [], written: [], unchanged: [], upToDate: false, diagnostics: [problem], milliseconds };
}

export function internalError(file: string, error: unknown): Diagnostic {
  const environment = environmentErrorOf(error);
  if (environment) {
    // The path the operating system names is absolute; the reason and code say what happened.
    return diagnostic('batch/environment-error', file, { line: 0, column: 0 }, `The build of this organisation stopped: policymark could not ${environment.action} a file, because ${environment.reason} (${environment.code}).`, {
      hint: `${environment.hint} The other organisations were built.`,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return diagnostic('batch/internal-error', file, { line: 0, column: 0 }, `policymark failed while building this organisation: ${message}`, {
    hint: 'This is a fault in policymark, not in the input; please report it with the organisation file. The other organisations were built.',
  });
}
