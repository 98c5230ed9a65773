import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { loadProjectSources } from '../load/load-project.js';
import type { DocumentModel } from '../model/document.js';
import type { Language } from '../schema/common.js';
import { displayPath } from '../source/display-path.js';
import { prepareStampFolder, readOutputState, readStampPointers, writeStamp } from '../write/build-stamp.js';
import { outputFileName, outputFolder } from '../write/output-layout.js';
import type { OutputSet, RenderedArtifact } from '../write/write-outputs.js';
import { TOOL_VERSION } from '../load/package-info.js';
import type { VersionSelection } from './compose-selected.js';
import { isUpToDate, stampKey, stampName } from './plan-build.js';
import { prepareProject, projectParseCache, type ProjectRequest } from './prepare-project.js';
import { documentInputs } from './release-store.js';
import { documentTimestamp, renderArtifact, type Format } from './render-artifact.js';

export { FORMATS, type Format } from './render-artifact.js';
export type { VersionSelection } from './compose-selected.js';

export interface BuildOptions extends ProjectRequest {
  /** Absolute output folder. */
  readonly outDir: string;
  readonly formats: readonly Format[];
  /** Default: the latest release of each policy. */
  readonly select?: VersionSelection;
  /** SOURCE_DATE_EPOCH (seconds), for the metadata timestamps of drafts. */
  readonly sourceDateEpoch?: number | undefined;
  /** Told how many of the composed documents are rendered: 0 before the first, then after each one. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

/** One composed document of a build. */
export interface BuiltDocument {
  readonly policy: string;
  readonly lang: Language;
  readonly version: string;
  /** The composed model; absent when the build was up to date and nothing was composed. */
  readonly model?: DocumentModel;
  readonly files: readonly string[];
}

export interface BuildResult {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly documents: readonly BuiltDocument[];
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  /** Nothing had changed since the last build of the same inputs: nothing was composed or rendered. */
  readonly upToDate?: boolean;
}

/**
 * The build pipeline in one place: load → plan (up to date?) → prepare (validate, assets, selection)
 * → compose → render → write. Nothing is written unless every document composed and rendered.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const settings = buildSettings(options);
  // The last stamp tells load where the organisation file pointed (while its hash is unchanged), so an
  // up-to-date check never parses it.
  const pointers = await readStampPointers(options.outDir, stampName(displayPath(options.root, options.organisationFile), settings));
  const loaded = await loadProjectSources(options, pointers, projectParseCache(options.organisationFile));
  const key = loaded.value && !hasErrors(loaded.diagnostics) ? stampKey(loaded.value, settings, TOOL_VERSION) : undefined;
  if (key) {
    const state = await readOutputState(options.outDir, key.name);
    if (state.stamp && isUpToDate(key, state)) {
      const previous = state.stamp;
      return {
        ok: true,
        diagnostics: previous.diagnostics,
        documents: previous.documents.map((document) => ({ ...document, lang: document.lang as Language })),
        written: [],
        unchanged: [...previous.documents.flatMap((document) => document.files), ...previous.manifests.map((m) => m.path)],
        upToDate: true,
      };
    }
  }
  // Composition (Handlebars, Markdown, zod through validation) and the writer are loaded only for a
  // build that has something to do.
  const [{ composeSelected }, { writeOutputFolders }] = await Promise.all([import('./compose-selected.js'), import('../write/write-outputs.js')]);
  const prepared = await prepareProject(options, loaded);
  if (!prepared.value) return failure(prepared.diagnostics);
  const composed = composeSelected(prepared.value, options);
  const diagnostics = [...prepared.diagnostics, ...composed.diagnostics];
  if (hasErrors(diagnostics)) return failure(diagnostics);
  const { project, logo } = prepared.value;

  const byFolder = new Map<string, { artifacts: RenderedArtifact[]; inputs: Map<string, string>; policy: string; version: string }>();
  const built: BuiltDocument[] = [];
  options.onProgress?.(0, composed.documents.length);
  for (const document of composed.documents) {
    const folder = outputFolder(project.organisation.id, document.policy, document.version);
    const entry = byFolder.get(folder) ?? { artifacts: [], inputs: new Map<string, string>(), policy: document.policy, version: document.version };
    const files: string[] = [];
    for (const format of options.formats) {
      const file = `${folder}/${outputFileName(document.policy, document.lang, project.organisation.languages[0]!, format)}`;
      const bytes = await renderArtifact(format, document.model, { timestamp: documentTimestamp(document.model, options.sourceDateEpoch), logo });
      entry.artifacts.push({ path: file, bytes });
      files.push(file);
    }
    for (const input of documentInputs(project, document)) entry.inputs.set(input.path, input.sha256);
    if (logo) entry.inputs.set(logo.path, logo.sha256);
    byFolder.set(folder, entry);
    built.push({ ...document, files });
    options.onProgress?.(built.length, composed.documents.length);
  }
  const sets: OutputSet[] = [...byFolder].map(([folder, entry]) => ({
    folder,
    organisation: project.organisation.id,
    policy: entry.policy,
    version: entry.version,
    artifacts: entry.artifacts,
    inputs: [...entry.inputs].map(([p, sha256]) => ({ path: p, sha256 })),
  }));
  const written: string[] = [];
  const unchanged: string[] = [];
  const manifests: { path: string; sha256: string }[] = [];
  if (key) await prepareStampFolder(options.outDir);
  for (const report of await writeOutputFolders(options.outDir, sets, TOOL_VERSION)) {
    written.push(...report.written);
    unchanged.push(...report.unchanged);
    manifests.push(report.manifest);
  }
  if (key) {
    const documents = built.map(({ policy, lang, version, files }) => ({ policy, lang, version, files }));
    await writeStamp(options.outDir, key.name, { inputs: key.inputs, documents, diagnostics, manifests, pointers: loaded.value?.pointers });
  }
  return { ok: true, diagnostics, documents: built, written, unchanged };
}

function failure(diagnostics: readonly Diagnostic[]): BuildResult {
  return { ok: false, diagnostics, documents: [], written: [], unchanged: [] };
}

/** The options that change what a build writes: part of its stamp. */
function buildSettings(options: BuildOptions): unknown {
  return {
    policies: [...options.policies].sort(),
    formats: options.formats,
    langs: options.langs,
    select: options.select ?? { kind: 'latest' },
    template: options.template === true,
    sourceDateEpoch: options.sourceDateEpoch ?? null,
    library: options.libraryDir ? displayPath(options.root, options.libraryDir) : null,
  };
}
