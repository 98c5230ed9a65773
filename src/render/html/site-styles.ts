/** The branding the stylesheet is made from. */
export interface SiteStyleBranding {
  /** The brand colour as the organisation gave it (decoration only: rules, the header's bottom edge). */
  readonly brand: string;
  /** The brand colour for text and for backgrounds under white text: AA on white (see siteBrandColours). */
  readonly text: string;
  /** The CSS font-family list, the branding font first. */
  readonly fontFamily: string;
  /** @font-face rules for the fonts shipped with the site (relative to the stylesheet). */
  readonly fontFaces: readonly { readonly file: string; readonly weight: 400 | 700; readonly style: 'normal' | 'italic' }[];
  readonly fontName: string;
}

/**
 * The site's one stylesheet: screen layout, visible keyboard focus, tables that scroll on a narrow
 * screen, and a print stylesheet that prints a document as a document (no navigation, black text,
 * headings kept with what follows, rows never split).
 */
export function siteStylesheet(branding: SiteStyleBranding): string {
  const faces = branding.fontFaces
    .map((face) => `@font-face { font-family: "${cssString(branding.fontName)}"; src: url("${face.file}") format("woff2"); font-weight: ${face.weight}; font-style: ${face.style}; font-display: swap; }`)
    .join('\n');
  return `${faces}
:root {
  --brand: ${branding.brand};
  --brand-text: ${branding.text};
  --ink: #1B1B1B;
  --muted: #4A4A4A;
  --line: #D0D4D9;
  --panel: #F4F6F8;
  --focus: #FFBF47;
  font-family: ${branding.fontFamily};
  font-size: 106.25%;
  line-height: 1.5;
  color: var(--ink);
  background: #FFFFFF;
}
* { box-sizing: border-box; }
body { margin: 0; }
a { color: var(--brand-text); text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 0; box-shadow: 0 0 0 5px var(--ink); }
.skip-link { position: absolute; left: 0.5rem; top: -4rem; padding: 0.5rem 1rem; background: #FFFFFF; color: var(--ink); z-index: 10; font-weight: 700; }
.skip-link:focus { top: 0.5rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.site-header { background: var(--brand-text); color: #FFFFFF; border-bottom: 6px solid var(--brand); }
.site-header .bar { max-width: 72rem; margin: 0 auto; padding: 0.75rem 1.25rem; display: flex; flex-wrap: wrap; gap: 0.75rem 2rem; align-items: center; }
.site-header a { color: #FFFFFF; }
.brand { display: flex; align-items: center; gap: 0.75rem; text-decoration: none; font-weight: 700; font-size: 1.15rem; }
.brand img { height: 2.25rem; width: auto; background: #FFFFFF; border-radius: 4px; padding: 3px; }
.brand .site-name { display: block; font-weight: 400; font-size: 0.9rem; }
.site-nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; list-style: none; margin: 0; padding: 0; }
.site-nav a { text-decoration: none; padding: 0.25rem 0; border-bottom: 3px solid transparent; }
.site-nav a:hover, .site-nav a[aria-current="page"] { border-bottom-color: #FFFFFF; }
.site-search { margin-left: auto; display: flex; gap: 0.25rem; }
.site-search input { font: inherit; padding: 0.3rem 0.5rem; border: 2px solid #FFFFFF; border-radius: 3px; width: 14rem; max-width: 50vw; }
.site-search button, .search-page button { font: inherit; padding: 0.3rem 0.75rem; border: 2px solid #FFFFFF; border-radius: 3px; background: var(--ink); color: #FFFFFF; cursor: pointer; }
.lang-switch { font-size: 0.95rem; }
main { display: block; max-width: 72rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
.notice { background: #FFF4D6; border-left: 6px solid #B45309; padding: 0.6rem 1rem; margin: 0 0 1.5rem; }
.breadcrumbs { font-size: 0.95rem; margin: 0 0 1rem; }
.breadcrumbs ol { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem; }
.breadcrumbs li + li::before { content: "›"; margin: 0 0.4rem 0 0.15rem; color: var(--muted); }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; color: var(--brand-text); margin: 1.6em 0 0.5em; }
h1 { font-size: 2.1rem; margin-top: 0.25em; }
h2 { font-size: 1.5rem; border-bottom: 1px solid var(--line); padding-bottom: 0.2em; }
h3 { font-size: 1.2rem; }
h4, h5, h6 { font-size: 1.05rem; }
.number { margin-right: 0.5em; font-variant-numeric: tabular-nums; }
p, li { max-width: 46rem; }
.lead { font-size: 1.15rem; color: var(--muted); max-width: 46rem; }
.table-frame { overflow-x: auto; margin: 1rem 0 1.5rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
th, td { text-align: left; vertical-align: top; padding: 0.45rem 0.6rem; border: 1px solid var(--line); }
thead th { background: var(--brand-text); color: #FFFFFF; }
tbody th { background: var(--panel); font-weight: 700; }
tbody tr:nth-child(even) td { background: #FAFBFC; }
caption.visible { text-align: left; font-weight: 700; padding: 0 0 0.4rem; }
.document-title { display: flex; flex-direction: column; gap: 0.25rem; margin-bottom: 1rem; }
.document-title img { max-height: 3.5rem; width: auto; align-self: flex-start; }
.document-title h1 { margin-bottom: 0; }
.document-title .organisation { margin: 0; color: var(--muted); }
.draft-marker { display: inline-block; margin: 0.25rem 0; padding: 0.1rem 0.6rem; border: 2px solid #B42318; color: #B42318; font-weight: 700; letter-spacing: 0.08em; }
.document-control { max-width: 46rem; }
nav.contents { background: var(--panel); border-left: 6px solid var(--brand); padding: 0.25rem 1.25rem 1rem; margin: 1.5rem 0; max-width: 46rem; }
nav.contents h2 { border: 0; margin-top: 0.75em; }
nav.contents ol { list-style: none; padding-left: 1.25rem; margin: 0.2rem 0; }
nav.contents > ol { padding-left: 0; }
nav.contents li { margin: 0.15rem 0; }
.document-tools { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: baseline; padding: 0.6rem 0; border-bottom: 1px solid var(--line); margin-bottom: 1.5rem; font-size: 0.95rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: 1rem; list-style: none; padding: 0; margin: 1rem 0 2rem; }
.cards li { border: 1px solid var(--line); border-top: 4px solid var(--brand); border-radius: 4px; padding: 0.75rem 1rem; max-width: none; }
.cards a { font-weight: 700; }
.cards p { margin: 0.25rem 0 0; color: var(--muted); font-size: 0.95rem; }
.status { display: inline-block; padding: 0 0.45rem; border-radius: 3px; font-size: 0.9rem; white-space: nowrap; border: 1px solid currentColor; }
.status-current { color: #116329; }
.status-review-due { color: #8A4B00; }
.status-review-overdue { color: #B42318; font-weight: 700; }
.status-draft { color: var(--muted); }
.downloads { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; }
.downloads a { display: inline-block; padding: 0.35rem 0.75rem; border: 2px solid var(--brand-text); border-radius: 3px; text-decoration: none; font-weight: 700; }
.downloads .size { font-weight: 400; color: var(--muted); }
ins { background: #DDF4E4; text-decoration: underline; }
del { background: #FCE4E4; }
mark.placeholder { background: #FCE4E4; color: #8A1C12; }
.search-page form { display: flex; gap: 0.5rem; margin: 1rem 0; }
.search-page input { font: inherit; padding: 0.4rem 0.6rem; border: 2px solid var(--ink); border-radius: 3px; flex: 1; max-width: 32rem; }
.search-page button { border-color: var(--ink); }
.search-results { list-style: none; padding: 0; }
.search-results li { margin: 0 0 1rem; max-width: 46rem; }
.search-results .where { color: var(--muted); font-size: 0.95rem; margin: 0; }
.search-results .excerpt { margin: 0.2rem 0 0; }
.site-footer { border-top: 1px solid var(--line); color: var(--muted); font-size: 0.9rem; }
.site-footer .bar { max-width: 72rem; margin: 0 auto; padding: 1rem 1.25rem 2rem; }
.site-footer p { margin: 0.2rem 0; }
@media (max-width: 40rem) {
  .site-search { margin-left: 0; width: 100%; }
  .site-search input { flex: 1; max-width: none; }
  h1 { font-size: 1.7rem; }
}
@media print {
  @page { margin: 18mm 16mm; }
  :root { font-size: 10.5pt; color: #000000; }
  .site-header, .site-footer, .skip-link, .document-tools, .breadcrumbs, .site-search, .lang-switch, .no-print { display: none !important; }
  main { max-width: none; padding: 0; }
  h1, h2, h3, h4, h5, h6 { color: #000000; break-after: avoid; page-break-after: avoid; }
  h2 { border-bottom-color: #000000; }
  a { color: #000000; text-decoration: none; }
  .table-frame { overflow: visible; }
  thead { display: table-header-group; }
  tr, th, td { break-inside: avoid; page-break-inside: avoid; }
  thead th { background: #E6E6E6 !important; color: #000000; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  nav.contents { background: none; border-left: 2px solid #000000; }
  p, li { orphans: 3; widows: 3; max-width: none; }
}
`;
}

/** A font name inside a CSS string: quotes and backslashes escaped, line breaks dropped. */
function cssString(value: string): string {
  return value.replace(/[\\"]/g, '\\$&').replace(/[\r\n]/g, '');
}

/** The CSS font-family list for a branding font: it, then Carlito, Calibri and the system sans-serif. */
export function fontFamilyList(font: string): string {
  const names = [font, 'Carlito', 'Calibri'].filter((name, index, all) => all.findIndex((other) => other.toLowerCase() === name.toLowerCase()) === index);
  return `${names.map((name) => `"${cssString(name)}"`).join(', ')}, "Segoe UI", Arial, sans-serif`;
}
