import { Document, PageOrientation, Paragraph, type ISectionOptions } from 'docx';
import { fieldToText, type Block, type DocumentModel, type Inline, type Section } from '../../model/document.js';
import { classificationLabel, documentOutline, versionText, type ContentsPart, type DocumentPart } from '../document-outline.js';
import { layoutMeasure } from '../page-layout/font-metrics.js';
import type { RedlineOutline } from '../redline-outline.js';
import type { TextRun } from '../table-columns/column-widths.js';
import { cellTextRuns } from '../table-columns/table-plan.js';
import { OrientationBreak, sectionChildren, tableSpacer, type BodyChild } from './blocks-to-docx.js';
import type { DocxRenderOptions } from './docx-render-options.js';
import { headingPages } from './heading-pages.js';
import { frontHeading, heading, tableOfContents } from './headings-and-contents.js';
import { inlines, runs, xmlText } from './inlines-to-docx.js';
import { redlineChildren, redlineFooter, redlineHeader } from './redline-to-docx.js';
import { createRenderState, type RenderState } from './render-state.js';
import { dataTable, textTable } from './tables-to-docx.js';
import { createTheme, documentStyles, landscapeTextWidth, wordTheme, type DocxTheme } from './theme.js';
import { pageFooter, pageHeader, titleBlock } from './title-header-footer.js';

/**
 * Builds the Word document of a policy from its model: the outline's parts in order (title block,
 * a template's checklist, document control, version history, table of contents, the numbered
 * sections, the control-mapping appendix), the running header and footer, and the core and custom
 * document properties. Pure: the logo bytes come from `context`. With `redline`, the body, header and
 * footer are the redline's tracked parts and the properties say that the document is a comparison.
 */
export function modelToDocx(model: DocumentModel, context: DocxRenderOptions, redline?: RedlineOutline): Document {
  const theme = createTheme(model.organisation.branding);
  const { fonts } = context;
  // Tables are measured as the pagination measures them, so both size them alike.
  const measure = layoutMeasure(fonts);
  // A redline has no contents to number.
  const pages = redline ? [] : headingPages(model, context);
  const state = createRenderState(theme, measure, model.organisation.branding.pageSize, pages);
  const { labels, policy } = model;

  const children = redline ? redlineChildren(redline, state, context) : policyChildren(model, state, context);

  const owner = `${fieldToText(policy.owner.name)}, ${fieldToText(policy.owner.title)}`;
  // The entry of the version being rendered; the history's last entry when none matches.
  const latest = model.history.find((entry) => entry.version === policy.version) ?? model.history[model.history.length - 1];
  return new Document({
    title: xmlText(redline ? `${policy.title}: ${redline.description}` : policy.title),
    subject: xmlText(fieldToText(model.organisation.legalName)),
    creator: xmlText(fieldToText(policy.owner.name)),
    lastModifiedBy: xmlText(fieldToText(latest?.author ?? policy.owner.name)),
    keywords: xmlText([policy.id, classificationLabel(model), ...model.appendix.map((f) => f.name), ...(redline ? [redline.keyword] : [])].join(', ')),
    description: xmlText(redline ? redline.description : `${labels.version}: ${versionText(model)}. ${latest?.summary ?? ''}`.trim()),
    revision: Math.max(1, model.history.length),
    customProperties: [
      { name: 'policyId', value: policy.id },
      { name: 'version', value: policy.version },
      { name: 'status', value: policy.status },
      { name: 'owner', value: owner },
      { name: 'approver', value: `${fieldToText(policy.approver.name)}, ${fieldToText(policy.approver.title)}` },
      { name: 'classification', value: policy.classification },
      { name: 'effectiveDate', value: policy.effectiveDate ?? '' },
      { name: 'nextReviewDate', value: policy.nextReviewDate ?? '' },
      { name: 'organisation', value: fieldToText(model.organisation.legalName) },
      { name: 'language', value: model.lang },
      ...(redline ? [{ name: 'comparison', value: redline.description }, { name: 'comparedVersions', value: `${redline.from}..${redline.to}` }] : []),
    ].map((p) => ({ name: p.name, value: xmlText(p.value) })),
    // The contents carries its page numbers, so nothing asks Word to update fields on opening.
    features: { trackRevisions: redline !== undefined || hasRevisions(model) },
    ...(fonts.embed
      ? { fonts: [{ name: fonts.name, data: Buffer.from(fonts.main.regular), bold: Buffer.from(fonts.main.bold), italic: Buffer.from(fonts.main.italic), boldItalic: Buffer.from(fonts.main.boldItalic) }] }
      : {}),
    styles: documentStyles(theme, wordLanguage(model.lang)),
    theme: wordTheme(theme),
    numbering: { config: state.numbering },
    sections: wordSections(model, theme, children, redline),
  });
}

/**
 * The body as Word sections: portrait, and a landscape section (the page turned, the same margins, the
 * running header and footer continued with their right tab at the wider text column) wherever the
 * body turns for a wide table. Page numbers run on through every section.
 */
function wordSections(model: DocumentModel, theme: DocxTheme, children: readonly BodyChild[], redline: RedlineOutline | undefined): ISectionOptions[] {
  const runs: { landscape: boolean; children: Exclude<BodyChild, OrientationBreak>[] }[] = [{ landscape: false, children: [] }];
  for (const child of children) {
    if (child instanceof OrientationBreak) {
      const landscape = child.orientation === 'landscape';
      const last = runs[runs.length - 1]!;
      if (last.landscape === landscape) continue;
      if (last.children.length === 0) runs.pop();
      const previous = runs[runs.length - 1];
      if (previous && previous.landscape === landscape) continue;
      runs.push({ landscape, children: [] });
    } else runs[runs.length - 1]!.children.push(child);
  }
  return runs.map((run) => {
    const width = run.landscape ? landscapeTextWidth(theme) : undefined;
    return {
      properties: {
        page: {
          size: { width: theme.page.width, height: theme.page.height, ...(run.landscape ? { orientation: PageOrientation.LANDSCAPE } : {}) },
          margin: theme.page.margin,
        },
      },
      // A redline's running header and footer track the changes of both versions (portrait width).
      headers: { default: redline ? redlineHeader(redline, theme) : pageHeader(model, theme, width) },
      footers: { default: redline ? redlineFooter(redline) : pageFooter(model, theme, width) },
      children: run.children,
    };
  });
}

function policyChildren(model: DocumentModel, state: RenderState, context: DocxRenderOptions): BodyChild[] {
  // The contents links to the headings after it, so it is built once they have their bookmarks.
  const parts = documentOutline(model).map((part) => (part.kind === 'contents' ? () => tableOfContents(part, state) : partChildren(part, state, context)));
  return parts.flatMap((part) => (typeof part === 'function' ? part() : part));
}

/** One part of the outline as Word body content; the contents is built by `tableOfContents`. */
function partChildren(part: Exclude<DocumentPart, ContentsPart>, state: RenderState, context: DocxRenderOptions): BodyChild[] {
  const { theme } = state;
  switch (part.kind) {
    case 'title':
      return titleBlock(part, context.logo, theme);
    case 'toComplete':
      return [
        frontHeading(part.title),
        new Paragraph({ children: runs(part.intro) }),
        dataTable(
          state,
          [runs(part.title), runs(part.appearsIn)],
          part.items.map((item) => [inlines(item.placeholder, {}), runs(item.where)]),
          { header: [plainRuns(part.title, true), plainRuns(part.appearsIn, true)], rows: part.items.map((item) => [cellTextRuns(item.placeholder), plainRuns(item.where)]) },
        ),
        tableSpacer(),
      ];
    case 'documentControl':
      return [
        frontHeading(part.title),
        dataTable(
          state,
          part.header.map((label) => runs(label)),
          part.rows.map((row) => [runs(row.label, { bold: true }), inlines(row.value, {})]),
          { header: part.header.map((label) => plainRuns(label, true)), rows: part.rows.map((row) => [plainRuns(row.label, true), cellTextRuns(row.value)]) },
          { labelColumn: true },
        ),
        tableSpacer(),
      ];
    case 'versionHistory':
      return [
        frontHeading(part.title),
        dataTable(
          state,
          part.header.map((label) => runs(label)),
          part.rows.map((row) => row.map((value) => inlines(value, {}))),
          { header: part.header.map((label) => plainRuns(label, true)), rows: part.rows.map((row) => row.map((value) => cellTextRuns(value))) },
        ),
        tableSpacer(),
      ];
    case 'sections':
      return part.sections.flatMap((section, index) => sectionChildren(section, state, index === 0));
    case 'appendix':
      return [
        heading(state, 1, null, part.title, { pageBreakBefore: true, heads: part }),
        new Paragraph({ children: runs(part.intro) }),
        ...part.frameworks.flatMap((framework) => [
          heading(state, 2, null, framework.name, { heads: framework }),
          // The supported-only line after a table keeps with the table's last row, never alone on a page.
          ...(framework.rows.length > 0 ? [textTable(state, part.header, framework.rows, { keepWithNext: framework.supportedOnly !== '' }), tableSpacer(framework.supportedOnly !== '')] : []),
          ...(framework.supportedOnly ? [new Paragraph({ children: runs(framework.supportedOnly) })] : []),
        ]),
      ];
  }
}

/** Plain text as the text runs that size a table column. */
function plainRuns(text: string, bold = false): TextRun[] {
  return [{ text, bold, italic: false }];
}

/** Whether a document carries tracked changes (a redline), so Word opens it with change tracking on. */
function hasRevisions(model: DocumentModel): boolean {
  const inInlines = (inlines: readonly Inline[]): boolean =>
    inlines.some((i) => i.type === 'revision' || ('children' in i && inInlines(i.children)));
  const inBlocks = (blocks: readonly Block[]): boolean =>
    blocks.some((b) => {
      switch (b.type) {
        case 'paragraph': return inInlines(b.children);
        case 'list': return b.items.some((item) => inBlocks(item.children));
        case 'table': return [b.header, ...b.rows].some((row) => row.some((cell) => inInlines(cell.children)));
        case 'quote': return inBlocks(b.children);
        default: return false;
      }
    });
  const inSections = (sections: readonly Section[]): boolean => sections.some((s) => inBlocks(s.blocks) || inSections(s.sections));
  return inSections(model.sections);
}

/** The language tag Word's proofing tools expect: a region where the model only names a language. */
export function wordLanguage(lang: string): string {
  const regions: Record<string, string> = { en: 'en-GB', sv: 'sv-SE' };
  return regions[lang] ?? lang;
}
