import { CROSSWALKS } from '../catalog/crosswalks.js';
import { composeDocument } from '../compose/compose-document.js';
import { computeCoverage } from '../coverage/compute-coverage.js';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { diffModels, type PolicyDiff } from '../diff/diff-models.js';
import type { ProjectLocation } from '../load/load-project.js';
import { TOOL_VERSION } from '../load/package-info.js';
import { loadSiteAssets } from '../load/site-assets.js';
import { fieldToText, type DocumentModel } from '../model/document.js';
import { draftVersion, releasedDocument } from '../model/version.js';
import { AA_TEXT_CONTRAST, siteBrandColours } from '../render/html/brand-colour.js';
import { renderSite, type SiteDocument, type SiteDownload, type SiteFile, type SiteVersion } from '../render/html/render-site.js';
import type { Language } from '../schema/common.js';
import { positionOf } from '../source/yaml-source.js';
import type { ValidatedProject } from '../validate/project.js';
import { outputFileName } from '../write/output-layout.js';
import { writeSite } from '../write/write-site.js';
import { prepareProject } from './prepare-project.js';
import { registerRows } from './reports.js';
import { documentTimestamp, FORMATS, renderArtifact } from './render-artifact.js';

/**
 * Rendered downloads of released versions, by release seal, language and format. A release never
 * changes (its seal covers every byte of it), so a long-running preview renders each file once.
 */
export type DownloadCache = Map<string, Uint8Array>;

export interface SiteOptions extends ProjectLocation {
  /** The date the register judges reviews against (YYYY-MM-DD). */
  readonly today: string;
  /** Show every document's working draft instead of its latest release (the preview). */
  readonly draft?: boolean | undefined;
  /** Render the Word, PDF and Markdown files of each release for download (default true). */
  readonly downloads?: boolean | undefined;
  readonly cache?: DownloadCache | undefined;
  /** Called with the validated project before anything is composed (the preview hands over unchanged documents). */
  readonly onProject?: ((project: ValidatedProject) => void) | undefined;
}

export type SiteResult =
  | { readonly ok: true; readonly files: readonly SiteFile[]; readonly diagnostics: readonly Diagnostic[]; readonly project: ValidatedProject }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * The policy portal's pipeline: prepare the project, gather every document (latest release or working
 * draft) and every released version with its change from the one before, the register and coverage
 * per language, render the downloads, and lay it all out as HTML. Writes nothing.
 */
export async function composeSite(options: SiteOptions): Promise<SiteResult> {
  const prepared = await prepareProject({ ...options, policies: [], langs: [] });
  if (!prepared.value) return { ok: false, diagnostics: prepared.diagnostics };
  const { project, logo } = prepared.value;
  options.onProject?.(project);
  const diagnostics: Diagnostic[] = [...prepared.diagnostics, ...brandContrast(project)];
  const languages = project.organisation.languages;
  const documents: SiteDocument[] = [];
  for (const id of [...project.policies.keys()].sort()) {
    const releases = project.releases.get(id) ?? [];
    const latest = releases.at(-1);
    const current = new Map<Language, DocumentModel>();
    for (const lang of languages) {
      const model = !options.draft && latest ? releasedDocument(latest, lang) : composeDocument(project, { policyId: id, lang, version: draftVersion(releases) });
      if (model) current.set(lang, model);
    }
    const versions: SiteVersion[] = [];
    for (const [index, release] of releases.entries()) {
      const models = new Map(languages.flatMap((lang) => {
        const model = releasedDocument(release, lang);
        return model ? [[lang, model] as const] : [];
      }));
      const before = index > 0 ? releases[index - 1]! : undefined;
      const diffs = new Map<Language, PolicyDiff>();
      if (before) {
        for (const [lang, model] of models) {
          const previous = releasedDocument(before, lang);
          if (previous) diffs.set(lang, diffModels({ label: before.version, model: previous, organisation: before.organisation }, { label: release.version, model, organisation: release.organisation }));
        }
      }
      const downloads: SiteDownload[] = [];
      if (options.downloads !== false) {
        for (const [lang, model] of models) {
          for (const format of FORMATS) {
            const key = `${release.sha256}:${lang}:${format}:${TOOL_VERSION}`;
            const bytes = options.cache?.get(key) ?? (await renderArtifact(format, model, { timestamp: documentTimestamp(model, undefined), logo }));
            options.cache?.set(key, bytes);
            downloads.push({ lang, format, name: outputFileName(id, lang, languages[0]!, format), bytes });
          }
        }
      }
      versions.push({
        version: release.version,
        date: release.date,
        approver: release.approver,
        summary: release.summary,
        change: release.change,
        models,
        previous: before ? { version: before.version, diffs } : undefined,
        downloads,
      });
    }
    const tier = current.values().next().value?.policy.tier ?? 'policy';
    documents.push({ policy: id, tier, current, currentVersion: !options.draft && latest ? latest.version : 'draft', versions });
  }
  const assets = await loadSiteAssets();
  const organisation = new Map(languages.map((lang) => [lang, fieldToText(project.organisations.get(lang)?.legalName ?? project.organisation.legalName ?? project.organisation.id)] as const));
  const files = renderSite({
    languages,
    organisation,
    today: options.today,
    draft: options.draft === true,
    toolVersion: TOOL_VERSION,
    branding: {
      primaryColor: project.organisation.branding.primaryColor,
      font: project.organisation.branding.font,
      logo: logo ? { bytes: logo.bytes, type: logo.type } : undefined,
    },
    fonts: assets.fonts,
    fontName: assets.fontName,
    searchLibrary: assets.searchLibrary,
    documents,
    register: new Map(languages.map((lang) => [lang, registerRows(project, lang, options.today)] as const)),
    coverage: new Map(languages.map((lang) => [lang, computeCoverage(project.mappings.get(lang) ?? [], project.catalogs, project.organisation.frameworks, lang, CROSSWALKS)] as const)),
  });
  return { ok: true, files, diagnostics, project };
}

/** Builds the portal and writes it to `outDir` as a whole; nothing is written when the project has errors. */
export async function buildSite(options: SiteOptions & { readonly outDir: string }): Promise<SiteResult> {
  const result = await composeSite(options);
  if (!result.ok || hasErrors(result.diagnostics)) return result;
  await writeSite(options.outDir, result.files);
  return result;
}

/** A warning at the colour in the organisation file when it is too light for text on white (WCAG 2.1 AA, 1.4.3). */
function brandContrast(project: ValidatedProject): Diagnostic[] {
  const colour = project.organisation.branding.primaryColor;
  const colours = siteBrandColours(colour);
  if (colours.passes) return [];
  return [
    diagnostic('site/brand-contrast', project.organisationFile, positionOf(project.organisationSource, ['branding', 'primaryColor']),
      `The brand colour ${colour} has a contrast of ${colours.ratio.toFixed(2)}:1 on white, below the ${AA_TEXT_CONTRAST}:1 that WCAG 2.1 AA asks of text; the portal sets its links, headings and header in the darker shade ${colours.text} instead.`, {
        hint: `Give a darker \`primaryColor\` (${colours.text} is the lightest shade of it that passes) to have the portal use your colour as it is.`,
        fieldPath: 'branding.primaryColor',
        severity: 'warning',
      }),
  ];
}
