import path from 'node:path';
import { draftVersion, releasedDocument } from '../model/version.js';
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { closest } from '../diagnostics/suggest.js';
import { displayPath, loadProjectSources, type ProjectLocation } from '../load/load-project.js';
import { stampKey, upToDate, writeStamp } from './build-stamp.js';
import type { ImageAsset } from '../load/load-assets.js';
import type { DocumentModel } from '../model/document.js';
import type { RenderContext } from '../render/render-context.js';
import { loadPdfFonts } from '../load/fonts.js';
import type { Language } from '../schema/common.js';
import type { ValidatedProject } from '../validate/project.js';
import { outputFileName, outputFolder } from '../write/output-layout.js';
import { writeOutputSet, type OutputSet, type RenderedArtifact } from '../write/write-outputs.js';
import { TOOL_VERSION } from '../load/package-info.js';

/** Output formats, each a renderer from the document model to bytes. */
export const FORMATS = ['md', 'docx', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];

type Renderer = (model: DocumentModel, context: RenderContext) => Promise<Uint8Array>;

/** Loaded on first use: a build that is up to date, or writes Markdown only, never loads docx or pdfkit. */
const RENDERERS: Record<Format, () => Promise<Renderer>> = {
  md: async () => {
    const { renderMarkdown } = await import('../render/markdown/render-markdown.js');
    return async (model) => new TextEncoder().encode(renderMarkdown(model));
  },
  docx: async () => (await import('../render/docx/render-docx.js')).renderDocx,
  pdf: async () => {
    const [{ renderPdf }, fonts] = await Promise.all([import('../render/pdf/render-pdf.js'), loadPdfFonts()]);
    return async (model, context) => renderPdf(model, { ...context, fonts });
  },
};

/** Drafts have no date of their own: without SOURCE_DATE_EPOCH their metadata carries this fixed one. */
export const DRAFT_TIMESTAMP = new Date('2000-01-01T00:00:00Z');

/**
 * The timestamp written into a document's metadata: its release date, else SOURCE_DATE_EPOCH, else a
 * fixed date. Never the clock, so that two builds of the same inputs are byte-identical.
 */
export function documentTimestamp(model: DocumentModel, sourceDateEpoch: number | undefined): Date {
  if (model.policy.effectiveDate) return new Date(`${model.policy.effectiveDate}T00:00:00Z`);
  return sourceDateEpoch !== undefined ? new Date(sourceDateEpoch * 1000) : DRAFT_TIMESTAMP;
}

/**
 * Which version of each policy to build: the latest release (the working draft where there is none),
 * always the working draft, or one named release.
 */
export type VersionSelection = { readonly kind: 'latest' } | { readonly kind: 'draft' } | { readonly kind: 'version'; readonly version: string };

export interface BuildOptions extends ProjectLocation {
  /** Absolute output folder. */
  readonly outDir: string;
  /** Policy ids to build; all when empty. */
  readonly policies: readonly string[];
  readonly formats: readonly Format[];
  /** Languages to build; all the organisation's languages when empty. */
  readonly langs: readonly Language[];
  /** Default: the latest release of each policy. */
  readonly select?: VersionSelection;
  /** SOURCE_DATE_EPOCH (seconds), for the metadata timestamps of drafts. */
  readonly sourceDateEpoch?: number | undefined;
  /**
   * Template mode: the working draft with every value the organisation left empty printed as a marked
   * placeholder, written to the `template` version folder.
   */
  readonly template?: boolean;
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
 * The whole pipeline in one place: load → validate → compose → render → write. Nothing is written
 * unless every document of the build composed and rendered without an error.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const loaded = await loadProjectSources(options);
  const stamp = loaded.value ? await stampKey(options.outDir, options, loaded.value, buildSettings(options), TOOL_VERSION) : undefined;
  const previous = stamp ? await upToDate(options.outDir, stamp) : undefined;
  if (previous) {
    const files = previous.documents.flatMap((document) => document.files);
    return {
      ok: true,
      diagnostics: previous.diagnostics,
      documents: previous.documents.map((document) => ({ ...document, lang: document.lang as Language })),
      written: [],
      unchanged: [...files, ...previous.manifests.map((m) => m.path)],
      upToDate: true,
    };
  }
  const composed = await composeAll(options, loaded);
  if (!composed.ok) return { ok: false, diagnostics: composed.diagnostics, documents: [], written: [], unchanged: [] };
  const { project, documents } = composed;

  const sets: OutputSet[] = [];
  const built: BuiltDocument[] = [];
  const byFolder = new Map<string, { artifacts: RenderedArtifact[]; inputs: Map<string, string>; policy: string; version: string }>();
  for (const document of documents) {
    const folder = outputFolder(project.organisation.id, document.policy, document.version);
    const entry = byFolder.get(folder) ?? { artifacts: [], inputs: new Map<string, string>(), policy: document.policy, version: document.version };
    const files: string[] = [];
    for (const format of options.formats) {
      const file = `${folder}/${outputFileName(document.policy, document.lang, project.organisation.languages[0]!, format)}`;
      const context: RenderContext = {
        timestamp: documentTimestamp(document.model, options.sourceDateEpoch),
        logo: composed.logo,
      };
      entry.artifacts.push({ path: file, bytes: await (await RENDERERS[format]())(document.model, context) });
      files.push(file);
    }
    for (const input of inputsOf(project, document)) entry.inputs.set(input.path, input.sha256);
    if (composed.logo) entry.inputs.set(composed.logo.path, composed.logo.sha256);
    byFolder.set(folder, entry);
    built.push({ ...document, files });
  }
  for (const [folder, entry] of byFolder) {
    sets.push({
      folder,
      organisation: project.organisation.id,
      policy: entry.policy,
      version: entry.version,
      artifacts: entry.artifacts,
      inputs: [...entry.inputs].map(([p, sha256]) => ({ path: p, sha256 })),
    });
  }
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const set of sets) {
    const report = await writeOutputSet(options.outDir, set, TOOL_VERSION);
    written.push(...report.written);
    unchanged.push(...report.unchanged);
  }
  if (stamp) {
    const documents = built.map(({ policy, lang, version, files }) => ({ policy, lang, version, files }));
    await writeStamp(options.outDir, stamp, documents, composed.diagnostics, sets.map((set) => set.folder));
  }
  return { ok: true, diagnostics: composed.diagnostics, documents: built, written, unchanged };
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

export type ComposeAllResult =
  | { ok: false; diagnostics: Diagnostic[] }
  | {
      ok: true;
      diagnostics: Diagnostic[];
      project: ValidatedProject;
      documents: { policy: string; lang: Language; version: string; model: DocumentModel }[];
      /** The organisation's logo, read and checked. */
      logo: ImageAsset | undefined;
    };

/** Load, validate and compose every requested document; `check` stops here, `build` goes on to write. */
export async function composeAll(options: Omit<BuildOptions, 'outDir' | 'formats'>, preloaded?: Awaited<ReturnType<typeof loadProjectSources>>): Promise<ComposeAllResult> {
  const loaded = preloaded ?? (await loadProjectSources(options));
  // Loaded here rather than at the top, so that a build that turns out to be up to date never loads
  // the validation and composition code (and Markdown, Handlebars and zod with it).
  const [{ validateProject }, { composeDocument }, { loadLogo }] = await Promise.all([
    import('../validate/validate-project.js'),
    import('../compose/compose-document.js'),
    import('../load/load-assets.js'),
  ]);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  if (!loaded.value) return { ok: false, diagnostics: sortDiagnostics(diagnostics) };
  const validated = validateProject(loaded.value, { template: options.template === true });
  diagnostics.push(...validated.diagnostics);
  const project = validated.value;
  if (!project || hasErrors(diagnostics)) return { ok: false, diagnostics: sortDiagnostics(diagnostics) };

  const logo = await loadLogo(options.root, options.organisationFile, project.organisationSource, project.organisation.branding.logo);
  diagnostics.push(...logo.diagnostics);

  const policyIds = options.policies.length > 0 ? [...options.policies] : [...project.policies.keys()].sort();
  for (const id of policyIds) {
    if (project.policies.has(id)) continue;
    const suggestion = closest(id, [...project.policies.keys()]);
    diagnostics.push(
      diagnostic('policy/unknown-policy', project.organisationFile, { line: 0, column: 0 }, `There is no policy "${id}" in the library.`, {
        hint: suggestion ? `Did you mean "${suggestion}"?` : `Available: ${[...project.policies.keys()].sort().join(', ')}.`,
      }),
    );
  }
  const langs = options.langs.length > 0 ? [...options.langs] : [...project.organisation.languages];
  for (const lang of langs) {
    if (project.organisation.languages.includes(lang)) continue;
    diagnostics.push(
      diagnostic('organisation/unsupported-language', project.organisationFile, { line: 0, column: 0 }, `The language "${lang}" was requested, but ${project.organisation.shortName ?? project.organisation.id} publishes in ${project.organisation.languages.join(', ')} only.`, {
        hint: `Add "${lang}" to \`languages\` in the organisation file, or build another language.`,
      }),
    );
  }
  if (hasErrors(diagnostics)) return { ok: false, diagnostics: sortDiagnostics(diagnostics) };

  const documents: { policy: string; lang: Language; version: string; model: DocumentModel }[] = [];
  const select: VersionSelection = options.template ? { kind: 'draft' } : (options.select ?? { kind: 'latest' });
  for (const policy of policyIds) {
    const releases = project.releases.get(policy) ?? [];
    const release = select.kind === 'version' ? releases.find((r) => r.version === select.version) : select.kind === 'latest' ? releases.at(-1) : undefined;
    if (select.kind === 'version' && !release) {
      diagnostics.push(
        diagnostic('release/unknown-version', project.organisationFile, { line: 0, column: 0 }, `The policy "${policy}" has no release ${select.version}.`, {
          hint: releases.length > 0 ? `Released versions: ${releases.map((r) => r.version).join(', ')}.` : 'It has not been released yet; build the working draft with --draft.',
        }),
      );
      continue;
    }
    for (const lang of langs) {
      if (release) {
        const model = releasedDocument(release, lang);
        if (model) documents.push({ policy, lang, version: release.version, model });
        else {
          diagnostics.push(
            diagnostic('release/missing-language', project.organisationFile, { line: 0, column: 0 }, `Release ${release.version} of "${policy}" has no "${lang}" document; it was released before that language was added.`, {
              hint: 'Build the working draft with --draft, or release a new version.',
            }),
          );
        }
        continue;
      }
      const composed = composeDocument(project, { policyId: policy, lang, version: draftVersion(releases), template: options.template === true });
      diagnostics.push(...composed.diagnostics);
      if (composed.value) documents.push({ policy, lang, version: options.template ? 'template' : 'draft', model: composed.value });
    }
  }
  const unique = dedupe(diagnostics);
  if (hasErrors(unique)) return { ok: false, diagnostics: sortDiagnostics(unique) };
  return { ok: true, diagnostics: sortDiagnostics(unique), project, documents, logo: logo.value };
}

/** The files a document was made from: the organisation, its manifest, its modules, the catalogs it cites. */
export function inputsOf(project: ValidatedProject, document: { policy: string; lang: Language; model: DocumentModel }): { path: string; sha256: string }[] {
  const hashes = new Map(project.inputs.map((input) => [input.path, input.sha256]));
  if (document.model.policy.status === 'released') {
    // A release renders from its sealed snapshot, whatever the library says today.
    const file = releaseFilePath(project.organisationFile, document.policy, document.model.policy.version);
    const sha256 = hashes.get(file);
    return sha256 ? [{ path: file, sha256 }] : [];
  }
  const files = new Set<string>([project.organisationFile]);
  const policy = project.policies.get(document.policy);
  if (policy) files.add(policy.file);
  for (const section of document.model.sections) {
    const module = project.modules.get(section.module);
    if (!module) continue;
    files.add(module.file);
    const variant = module.variants.get(document.lang);
    if (variant) files.add(variant.file);
  }
  for (const framework of document.model.appendix) {
    const catalog = project.inputs.find((input) => input.path.endsWith(`frameworks/${framework.framework}.yaml`));
    if (catalog) files.add(catalog.path);
  }
  return [...files].flatMap((file) => {
    const sha256 = hashes.get(file);
    return sha256 ? [{ path: file, sha256 }] : [];
  });
}

function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Where a release is stored, as a project-relative path. */
export function releaseFilePath(organisationFile: string, policy: string, version: string): string {
  const dir = path.posix.dirname(organisationFile);
  return path.posix.join(dir === '.' ? '' : dir, 'releases', policy, `${version}.json`);
}

/** Resolves paths given on the command line against the folder the user is in. */
export function resolveFrom(cwd: string, file: string): string {
  return path.resolve(cwd, file);
}
