import MiniSearch from 'minisearch';
import type { FrameworkCoverage } from '../../coverage/compute-coverage.js';
import type { PolicyDiff } from '../../diff/diff-models.js';
import { siteLabelsFor, siteText, type SiteLabels } from '../../i18n/site-labels.js';
import { sectionsInOrder } from '../../model/visit.js';
import { fieldToText, type DocumentModel } from '../../model/document.js';
import type { RegisterRow } from '../../register/compute-register.js';
import type { Language } from '../../schema/common.js';
import type { DocumentTier } from '../../schema/policy.js';
import { siteBrandColours } from './brand-colour.js';
import { h, type Html } from './html-build.js';
import { blocksText, modelToHtml, sectionAnchor } from './model-to-html.js';
import { coverageToHtml, diffToHtml, registerToHtml } from './reports-to-html.js';
import { SEARCH_OPTIONS, SEARCH_SCRIPT } from './search-script.js';
import { fontFamilyList, siteStylesheet } from './site-styles.js';
import { pageFile, relativeLink, renderPage, type PageSpec, type SiteFrame } from './site-page.js';

/** A file of the built site, by its site-relative path. */
export interface SiteFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** One file of a released version to download (its Word, PDF or Markdown document in one language). */
export interface SiteDownload {
  readonly lang: Language;
  readonly format: 'pdf' | 'docx' | 'md';
  /** The file name, as a build names it (`incident-management.sv.pdf`). */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A released version of a document: its record, its models per language and its change from the previous one. */
export interface SiteVersion {
  readonly version: string;
  readonly date: string;
  readonly approver: string;
  readonly summary: string;
  readonly change?: 'material' | 'editorial' | undefined;
  readonly models: ReadonlyMap<Language, DocumentModel>;
  /** The version before this one, and what changed since it per language; absent for a first release. */
  readonly previous?: { readonly version: string; readonly diffs: ReadonlyMap<Language, PolicyDiff> } | undefined;
  readonly downloads: readonly SiteDownload[];
}

/** A policy, standard, procedure or statement: the version the site shows, and every released version. */
export interface SiteDocument {
  readonly policy: string;
  readonly tier: DocumentTier;
  /** The document the site shows per language: the latest release, or the working draft. */
  readonly current: ReadonlyMap<Language, DocumentModel>;
  /** The version shown: a release's, or `draft`. */
  readonly currentVersion: string;
  /** Released versions, oldest first. */
  readonly versions: readonly SiteVersion[];
}

/** Everything the site is made from; the pipeline gathers it, the renderer only lays it out. */
export interface SiteInput {
  readonly languages: readonly Language[];
  readonly organisation: ReadonlyMap<Language, string>;
  readonly today: string;
  readonly draft: boolean;
  readonly toolVersion: string;
  readonly branding: { readonly primaryColor: string; readonly font: string; readonly logo?: { readonly bytes: Uint8Array; readonly type: 'png' | 'jpeg' } | undefined };
  /** The web fonts shipped with the site (the branding font's faces as WOFF2). */
  readonly fonts: readonly { readonly name: string; readonly bytes: Uint8Array; readonly weight: 400 | 700; readonly style: 'normal' | 'italic' }[];
  /** The family name of the shipped fonts. */
  readonly fontName: string;
  /** MiniSearch's browser build. */
  readonly searchLibrary: string;
  readonly documents: readonly SiteDocument[];
  /** The register per language, most urgent first. */
  readonly register: ReadonlyMap<Language, readonly RegisterRow[]>;
  readonly coverage: ReadonlyMap<Language, readonly FrameworkCoverage[]>;
}

/** The page stem of the Statement of Applicability's document. */
const SOA_POLICY = 'statement-of-applicability';

const encoder = new TextEncoder();

/**
 * The policy portal as files: the home page with the register, each document per language (the latest
 * release, or the working draft), a page per released version with its downloads and a page of what
 * changed since the previous version, the coverage page, the search page with its prebuilt index, the
 * stylesheet, logo and fonts. Every link is relative and nothing is fetched, so it works from file://.
 * Pure: the same input gives the same bytes.
 */
export function renderSite(input: SiteInput): SiteFile[] {
  const labels = new Map(input.languages.map((lang) => [lang, siteLabelsFor(lang)] as const));
  const logo = input.branding.logo ? `assets/logo.${input.branding.logo.type === 'png' ? 'png' : 'jpg'}` : undefined;
  const byId = new Map(input.documents.map((document) => [document.policy, document]));
  const frame: SiteFrame = {
    languages: input.languages,
    labels,
    organisation: input.organisation,
    logo,
    soa: byId.has(SOA_POLICY) ? `${SOA_POLICY}/index` : undefined,
    draft: input.draft,
    toolVersion: input.toolVersion,
  };
  const files: SiteFile[] = [];
  const page = (spec: PageSpec): void => {
    const rendered = renderPage(frame, spec);
    files.push({ path: rendered.path, bytes: encoder.encode(rendered.html) });
  };
  const colours = siteBrandColours(input.branding.primaryColor);
  files.push({
    path: 'assets/site.css',
    bytes: encoder.encode(siteStylesheet({
      brand: colours.brand,
      text: colours.text,
      fontFamily: fontFamilyList(input.branding.font),
      fontName: input.fontName,
      fontFaces: input.fonts.map((font) => ({ file: `fonts/${font.name}`, weight: font.weight, style: font.style })),
    })),
  });
  for (const font of input.fonts) files.push({ path: `assets/fonts/${font.name}`, bytes: font.bytes });
  if (logo && input.branding.logo) files.push({ path: logo, bytes: input.branding.logo.bytes });
  files.push({ path: 'assets/minisearch.js', bytes: encoder.encode(input.searchLibrary) });
  files.push({ path: 'assets/search.js', bytes: encoder.encode(SEARCH_SCRIPT) });

  for (const lang of input.languages) {
    const words = labels.get(lang)!;
    const home = pageFile('index', lang, input.languages);
    page({ stem: 'index', lang, section: 'home', title: words.home, main: homeMain(input, byId, lang, words, home) });
    page({
      stem: 'coverage', lang, section: 'coverage', title: words.coverageTitle,
      breadcrumbs: [{ label: words.home, stem: 'index' }, { label: words.coverageTitle, stem: null }],
      main: [h('h1', {}, words.coverageTitle), coverageToHtml(input.coverage.get(lang) ?? [], words)],
    });
    page({
      stem: 'search', lang, section: 'search', title: words.search,
      scripts: ['assets/minisearch.js', `assets/search-index.${lang}.js`, 'assets/search.js'],
      main: h('div', { class: 'search-page' },
        h('h1', {}, words.search),
        h('form', { id: 'search-form', role: 'search', action: pageFile('search', lang, input.languages).split('/').pop(), method: 'get' },
          h('label', { class: 'visually-hidden', for: 'search-input' }, words.searchLabel),
          h('input', { id: 'search-input', type: 'search', name: 'q', placeholder: words.searchPlaceholder }),
          h('button', { type: 'submit' }, words.searchButton),
        ),
        h('p', { id: 'search-status', role: 'status' }, words.searchPrompt),
        h('noscript', {}, h('p', {}, words.searchNoScript)),
        h('ol', { id: 'search-results', class: 'search-results' }),
      ),
    });
    files.push(lazyFile(`assets/search-index.${lang}.js`, () => encoder.encode(searchIndexScript(input, lang, words))));
  }

  for (const document of input.documents) {
    const docLanguages = input.languages.filter((lang) => document.current.has(lang));
    for (const lang of docLanguages) {
      const model = document.current.get(lang)!;
      const words = labels.get(lang)!;
      const stem = `${document.policy}/index`;
      const file = pageFile(stem, lang, input.languages);
      const latest = document.versions.at(-1);
      page({
        stem, lang, languages: docLanguages, title: model.policy.title, section: document.policy === SOA_POLICY ? 'soa' : 'home',
        breadcrumbs: [{ label: words.home, stem: 'index' }, { label: model.policy.title, stem: null }],
        main: [
          documentTools(document, latest && document.currentVersion === latest.version ? latest : undefined, lang, words, file, input.languages),
          documentHtml(model),
        ],
      });
    }
    for (const [index, version] of document.versions.entries()) {
      const isCurrent = version.version === document.currentVersion;
      const versionLanguages = input.languages.filter((lang) => version.models.has(lang));
      for (const lang of versionLanguages) {
        const model = version.models.get(lang)!;
        const words = labels.get(lang)!;
        const title = siteText(words, 'versionTitle', { title: model.policy.title, version: version.version });
        const stem = `${document.policy}/${version.version}/index`;
        const file = pageFile(stem, lang, input.languages);
        const link = (target: string): string => relativeLink(file, pageFile(target, lang, input.languages));
        const crumbs = [{ label: words.home, stem: 'index' }, { label: model.policy.title, stem: `${document.policy}/index` }];
        const diff = version.previous?.diffs.get(lang);
        page({
          stem, lang, languages: versionLanguages, title,
          breadcrumbs: [...crumbs, { label: version.version, stem: null }],
          main: [
            h('h1', {}, title),
            h('p', { class: 'lead' }, siteText(words, 'released', { date: version.date, approver: version.approver })),
            h('h2', {}, words.changeSummary),
            h('p', {}, version.summary),
            version.change ? h('p', {}, `${words.changeKind}: ${words[`change.${version.change}`]}`) : null,
            version.previous && diff
              ? h('p', {}, h('a', { href: link(`${document.policy}/${version.version}/changes`) }, siteText(words, 'compareWithPrevious', { from: version.previous.version })))
              : h('p', {}, words.firstRelease),
            h('p', {}, h('a', { href: link(isCurrent ? `${document.policy}/index` : `${document.policy}/${version.version}/document`) }, siteText(words, 'readVersion', { version: version.version }), isCurrent ? ` (${words.currentVersion})` : null)),
            downloadsHtml(version, lang, words, file, `${document.policy}/${version.version}`, input.languages),
            versionList(document, lang, words, file, input.languages, index),
          ],
        });
        if (!isCurrent) {
          page({
            stem: `${document.policy}/${version.version}/document`, lang, languages: versionLanguages, title,
            breadcrumbs: [...crumbs, { label: version.version, stem }, { label: words.readVersion.replace('{version}', version.version), stem: null }],
            main: documentHtml(model),
          });
        }
        if (version.previous && diff) {
          const diffTitle = siteText(words, 'diffTitle', { title: model.policy.title, from: version.previous.version, to: version.version });
          page({
            stem: `${document.policy}/${version.version}/changes`, lang, languages: versionLanguages.filter((l) => version.previous!.diffs.has(l)), title: diffTitle,
            breadcrumbs: [...crumbs, { label: version.version, stem }, { label: siteText(words, 'comparison', { from: version.previous.version }), stem: null }],
            main: [h('h1', {}, diffTitle), diffToHtml(diff, words)],
          });
        }
      }
      for (const download of version.downloads) files.push({ path: `${document.policy}/${version.version}/${download.name}`, bytes: download.bytes });
    }
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function homeMain(input: SiteInput, byId: ReadonlyMap<string, SiteDocument>, lang: Language, words: SiteLabels, file: string): Html[] {
  const organisation = input.organisation.get(lang) ?? '';
  const rows = input.register.get(lang) ?? [];
  const link = (stem: string): string => relativeLink(file, pageFile(stem, lang, input.languages));
  const entries = rows.flatMap((row) => {
    const document = byId.get(row.policy);
    if (!document) return [];
    const model = document.current.get(lang);
    const title = model?.policy.title ?? row.title;
    return [{
      row: { ...row, title },
      tier: words[`tier.${document.tier}`],
      href: link(`${row.policy}/index`),
      ...(row.version ? { versionHref: link(`${row.policy}/${row.version}/index`) } : {}),
    }];
  });
  return [
    h('h1', {}, siteText(words, 'registerTitle', { org: organisation })),
    h('p', { class: 'lead' }, siteText(words, 'registerIntro', { date: input.today })),
    registerToHtml(entries, words),
    h('h2', {}, words.reports),
    h('p', {}, words.reportsIntro),
    h('ul', { class: 'cards' },
      byId.has(SOA_POLICY) ? h('li', {}, h('a', { href: link(`${SOA_POLICY}/index`) }, words.soa), h('p', {}, byId.get(SOA_POLICY)!.currentVersion === 'draft' ? words['status.draft'] : siteText(words, 'documentVersion', { version: byId.get(SOA_POLICY)!.currentVersion }))) : null,
      h('li', {}, h('a', { href: link('coverage') }, words.coverageLink), h('p', {}, (input.coverage.get(lang) ?? []).map((f) => `${f.name} ${f.percent.toFixed(1)}%`).join(' · '))),
    ),
  ];
}

/** The bar above a document: its version and approval, its downloads and every version. */
function documentTools(document: SiteDocument, current: SiteVersion | undefined, lang: Language, words: SiteLabels, file: string, languages: readonly Language[]): Html {
  const link = (stem: string): string => relativeLink(file, pageFile(stem, lang, languages));
  return h('div', { class: 'document-tools' },
    current
      ? h('span', {}, h('a', { href: link(`${document.policy}/${current.version}/index`) }, siteText(words, 'documentVersion', { version: current.version })), `, ${siteText(words, 'approvedOn', { date: current.date })}`)
      : h('span', {}, words['status.draft']),
    current ? current.downloads.filter((d) => d.lang === lang).map((d) => h('a', { href: relativeLink(file, `${document.policy}/${current.version}/${d.name}`), download: d.name }, words[`format.${d.format}`])) : null,
    document.versions.length > 1 ? h('a', { href: link(`${document.policy}/${document.versions.at(-1)!.version}/index`) + '#versions' }, words.allVersions) : null,
  );
}

function downloadsHtml(version: SiteVersion, lang: Language, words: SiteLabels, file: string, folder: string, languages: readonly Language[]): Html | null {
  if (version.downloads.length === 0) return null;
  const ordered = [...version.downloads].sort((a, b) => Number(b.lang === lang) - Number(a.lang === lang) || languages.indexOf(a.lang) - languages.indexOf(b.lang));
  return h('section', { 'aria-labelledby': 'downloads' },
    h('h2', { id: 'downloads' }, words.downloads),
    h('ul', { class: 'downloads' }, ordered.map((d) => h('li', {},
      h('a', { href: relativeLink(file, `${folder}/${d.name}`), download: d.name, hreflang: d.lang },
        siteText(words, 'download', { format: words[`format.${d.format}`], language: siteLabelsFor(d.lang).languageName }),
        h('span', { class: 'size' }, ` (${sizeText(d.bytes.length)})`),
      ),
    ))),
  );
}

function versionList(document: SiteDocument, lang: Language, words: SiteLabels, file: string, languages: readonly Language[], shown: number): Html {
  return h('section', { 'aria-labelledby': 'versions' },
    h('h2', { id: 'versions' }, words.versions),
    h('p', {}, words.versionsIntro),
    h('ul', {}, [...document.versions.entries()].reverse().map(([index, version]) => h('li', {},
      index === shown ? h('strong', { 'aria-current': 'page' }, version.version) : h('a', { href: relativeLink(file, pageFile(`${document.policy}/${version.version}/index`, lang, languages)) }, version.version),
      ` — ${version.date}: ${version.summary}`,
    ))),
  );
}

function sizeText(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A document's body as HTML, once per model: models are immutable, and a preview hands the unchanged
 * ones from build to build, so only the documents whose inputs changed are laid out again.
 */
const htmlByModel = new WeakMap<DocumentModel, Html>();
function documentHtml(model: DocumentModel): Html {
  let html = htmlByModel.get(model);
  if (!html) {
    html = modelToHtml(model);
    htmlByModel.set(model, html);
  }
  return html;
}

/**
 * A file whose bytes are worked out when first read, then kept: the search index is the dearest file
 * of the site (every section of every document) and the one a preview's reloaded page does not need,
 * so a preview serves the pages first and the index when it is asked for. The same bytes either way.
 */
function lazyFile(filePath: string, make: () => Uint8Array): SiteFile {
  let bytes: Uint8Array | undefined;
  return {
    path: filePath,
    get bytes(): Uint8Array {
      bytes ??= make();
      return bytes;
    },
  };
}

/**
 * The search index of one language as a script that assigns `window.POLICYMARK_SEARCH`, so the search
 * page needs no request for JSON (which browsers refuse over file://). One entry per section of each
 * document the site shows, built with MiniSearch and serialised with JSON, so its bytes are stable.
 */
function searchIndexScript(input: SiteInput, lang: Language, words: SiteLabels): string {
  const search = new MiniSearch<{ id: number; title: string; text: string; document: string; url: string }>({ ...SEARCH_OPTIONS, fields: [...SEARCH_OPTIONS.fields], storeFields: [...SEARCH_OPTIONS.storeFields] });
  let id = 0;
  const searchFile = pageFile('search', lang, input.languages);
  for (const document of input.documents) {
    const model = document.current.get(lang);
    if (!model) continue;
    const file = pageFile(`${document.policy}/index`, lang, input.languages);
    for (const { section } of sectionsInOrder(model.sections)) {
      search.add({
        id: id++,
        title: `${section.number} ${section.title}`,
        text: blocksText(section.blocks),
        document: `${model.policy.title} · ${fieldToText(model.organisation.shortName)}`,
        url: `${relativeLink(searchFile, file)}#${sectionAnchor(section)}`,
      });
    }
  }
  const data = {
    options: SEARCH_OPTIONS,
    words: { prompt: words.searchPrompt, results: words.searchResults, none: words.searchNone },
    index: search.toJSON(),
  };
  // `<` is escaped so that no text of a policy can close the script element it is loaded into.
  return `window.POLICYMARK_SEARCH = ${JSON.stringify(data).replace(/</g, '\\u003c')};\n`;
}
