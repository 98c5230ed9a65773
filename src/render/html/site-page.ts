import path from 'node:path';
import type { Language } from '../../schema/common.js';
import { siteText, type SiteLabels } from '../../i18n/site-labels.js';
import { fragment, h, type Html, type HtmlChild } from './html-build.js';

/** What every page of one site shares: its languages, the organisation's name and the branding. */
export interface SiteFrame {
  readonly languages: readonly Language[];
  readonly labels: ReadonlyMap<Language, SiteLabels>;
  /** The organisation's legal name per language. */
  readonly organisation: ReadonlyMap<Language, string>;
  /** Site-relative path of the logo, if there is one. */
  readonly logo: string | undefined;
  /** Site-relative path of the Statement of Applicability's page stem, if the site has one. */
  readonly soa: string | undefined;
  /** The working drafts are shown (preview), not the approved versions. */
  readonly draft: boolean;
  readonly toolVersion: string;
}

/** One page to write: where, in which language, and what its main landmark holds. */
export interface PageSpec {
  /** The page's stem, site-relative, without the language and extension: `incident-management/index`. */
  readonly stem: string;
  readonly lang: Language;
  readonly title: string;
  readonly main: HtmlChild;
  /** Which menu entry the page belongs to. */
  readonly section?: 'home' | 'soa' | 'coverage' | 'search';
  /** The languages this page exists in (default: all of the site's). */
  readonly languages?: readonly Language[];
  /** Site-relative scripts, loaded at the end of the body in order. */
  readonly scripts?: readonly string[];
  /** Trail of links above the heading: label and page stem (the last entry is the page itself). */
  readonly breadcrumbs?: readonly { readonly label: string; readonly stem: string | null }[];
}

/** The file of a page in one language: the first language has none in its name (`index.html`, `index.sv.html`). */
export function pageFile(stem: string, lang: Language, languages: readonly Language[]): string {
  return lang === languages[0] ? `${stem}.html` : `${stem}.${lang}.html`;
}

/** A relative link from one site file to another (every link of the site is relative, so it works from file://). */
export function relativeLink(fromFile: string, toFile: string): string {
  const relative = path.posix.relative(path.posix.dirname(fromFile), toFile);
  return relative === '' ? path.posix.basename(toFile) : relative;
}

/** The whole page: head, skip link, banner with menu, search and language switch, main, footer. */
export function renderPage(frame: SiteFrame, spec: PageSpec): { path: string; html: string } {
  const file = pageFile(spec.stem, spec.lang, frame.languages);
  const labels = frame.labels.get(spec.lang)!;
  const link = (stem: string, hash = ''): string => relativeLink(file, pageFile(stem, spec.lang, frame.languages)) + hash;
  const linkIn = (lang: Language): string => relativeLink(file, pageFile(spec.stem, lang, frame.languages));
  const asset = (asset: string): string => relativeLink(file, asset);
  const organisation = frame.organisation.get(spec.lang) ?? '';
  const others = (spec.languages ?? frame.languages).filter((lang) => lang !== spec.lang);
  const current = (section: PageSpec['section']): string | undefined => (spec.section === section ? 'page' : undefined);
  const menu: Html[] = [
    h('li', {}, h('a', { href: link('index'), 'aria-current': current('home') }, labels.home)),
    frame.soa ? h('li', {}, h('a', { href: link(frame.soa), 'aria-current': current('soa') }, labels.soa)) : null,
    h('li', {}, h('a', { href: link('coverage'), 'aria-current': current('coverage') }, labels.coverage)),
  ].filter((item): item is Html => item !== null);
  const body = fragment(
    h('a', { class: 'skip-link', href: '#main' }, labels.skipToContent),
    h('header', { class: 'site-header' },
      h('div', { class: 'bar' },
        h('a', { class: 'brand', href: link('index') },
          frame.logo ? h('img', { src: asset(frame.logo), alt: '' }) : null,
          h('span', {}, organisation, h('span', { class: 'site-name' }, frame.draft ? labels.previewNotice : labels.siteName)),
        ),
        h('nav', { class: 'site-nav', 'aria-label': labels.mainNavigation }, h('ul', {}, menu)),
        h('form', { class: 'site-search', role: 'search', action: relativeLink(file, pageFile('search', spec.lang, frame.languages)), method: 'get' },
          h('label', { class: 'visually-hidden', for: 'site-search-q' }, labels.searchLabel),
          h('input', { id: 'site-search-q', type: 'search', name: 'q', placeholder: labels.searchPlaceholder, autocomplete: 'off' }),
          h('button', { type: 'submit' }, labels.searchButton),
        ),
        others.length > 0
          ? h('p', { class: 'lang-switch' }, others.map((lang) => h('a', { href: linkIn(lang), hreflang: lang, lang, rel: 'alternate' }, frame.labels.get(lang)!.switchTo)))
          : null,
      ),
    ),
    h('main', { id: 'main', tabindex: -1 },
      spec.breadcrumbs && spec.breadcrumbs.length > 1
        ? h('nav', { class: 'breadcrumbs', 'aria-label': labels.breadcrumb },
            h('ol', {}, spec.breadcrumbs.map((crumb) => h('li', {}, crumb.stem === null ? h('span', { 'aria-current': 'page' }, crumb.label) : h('a', { href: link(crumb.stem) }, crumb.label)))))
        : null,
      frame.draft ? h('p', { class: 'notice' }, labels.draftNotice) : null,
      spec.main,
    ),
    h('footer', { class: 'site-footer' },
      h('div', { class: 'bar' },
        h('p', {}, siteText(labels, 'footer', { org: organisation })),
        h('p', {}, siteText(labels, 'builtWith', { version: frame.toolVersion })),
      ),
    ),
    (spec.scripts ?? []).map((script) => h('script', { src: asset(script) })),
  );
  const html = `<!DOCTYPE html>\n${h('html', { lang: spec.lang },
    h('head', {},
      h('meta', { charset: 'utf-8' }),
      h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      h('meta', { name: 'generator', content: `policymark ${frame.toolVersion}` }),
      h('title', {}, `${spec.title} · ${organisation}`),
      h('link', { rel: 'stylesheet', href: asset('assets/site.css') }),
      (spec.languages ?? frame.languages).filter((lang) => lang !== spec.lang).map((lang) => h('link', { rel: 'alternate', hreflang: lang, href: linkIn(lang) })),
    ),
    h('body', {}, body),
  ).html}`;
  return { path: file, html };
}
