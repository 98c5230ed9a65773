import { Document, Paragraph } from 'docx';
import { fieldToText, type Block, type DocumentModel, type Inline, type Section } from '../../model/document.js';
import { classificationLabel, documentOutline, versionText, type ContentsPart, type DocumentPart } from '../document-outline.js';
import type { DocxRenderOptions } from './docx-render-options.js';
import { docxTableShares, headingPages } from './heading-pages.js';
import { sectionChildren, tableSpacer, type BodyChild } from './blocks-to-docx.js';
import { frontHeading, heading, tableOfContents } from './headings-and-contents.js';
import { inlines, runs, xmlText } from './inlines-to-docx.js';
import { createRenderState, type RenderState } from './render-state.js';
import { dataTable, textTable } from './tables-to-docx.js';
import { createTheme, documentStyles, wordTheme } from './theme.js';
import { pageFooter, pageHeader, titleBlock } from './title-header-footer.js';

/**
 * Builds the Word document of a policy from its model: the outline's parts in order (title block,
 * a template's checklist, document control, version history, table of contents, the numbered
 * sections, the control-mapping appendix), the running header and footer, and the core and custom
 * document properties. Pure: the logo bytes come from `context`.
 */
export function modelToDocx(model: DocumentModel, context: DocxRenderOptions): Document {
  const theme = createTheme(model.organisation.branding);
  const state = createRenderState(theme, headingPages(model, context, theme));
  const { fonts } = context;
  const { labels, policy } = model;

  // The contents links to the headings after it, so it is built once they have their bookmarks.
  const parts = documentOutline(model).map((part) => (part.kind === 'contents' ? () => tableOfContents(part, state) : partChildren(part, state, context)));
  const children = parts.flatMap((part) => (typeof part === 'function' ? part() : part));

  const owner = `${fieldToText(policy.owner.name)}, ${fieldToText(policy.owner.title)}`;
  // The entry of the version being rendered; the history's last entry when none matches.
  const latest = model.history.find((entry) => entry.version === policy.version) ?? model.history[model.history.length - 1];
  return new Document({
    title: xmlText(policy.title),
    subject: xmlText(fieldToText(model.organisation.legalName)),
    creator: xmlText(fieldToText(policy.owner.name)),
    lastModifiedBy: xmlText(fieldToText(latest?.author ?? policy.owner.name)),
    keywords: xmlText([policy.id, classificationLabel(model), ...model.appendix.map((f) => f.name)].join(', ')),
    description: xmlText(`${labels.version}: ${versionText(model)}. ${latest?.summary ?? ''}`.trim()),
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
    ].map((p) => ({ name: p.name, value: xmlText(p.value) })),
    // The contents carries its page numbers, so nothing asks Word to update fields on opening.
    features: { trackRevisions: hasRevisions(model) },
    ...(fonts.embed
      ? { fonts: [{ name: fonts.name, data: Buffer.from(fonts.main.regular), bold: Buffer.from(fonts.main.bold), italic: Buffer.from(fonts.main.italic), boldItalic: Buffer.from(fonts.main.boldItalic) }] }
      : {}),
    styles: documentStyles(theme, wordLanguage(model.lang)),
    theme: wordTheme(theme),
    numbering: { config: state.numbering },
    sections: [
      {
        properties: {
          page: {
            size: { width: theme.page.width, height: theme.page.height },
            margin: theme.page.margin,
          },
        },
        headers: { default: pageHeader(model, theme) },
        footers: { default: pageFooter(model) },
        children,
      },
    ],
  });
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
        dataTable(theme, [runs(part.title), runs(part.appearsIn)], part.items.map((item) => [inlines(item.placeholder, {}), runs(item.where)]), docxTableShares({ kind: 'toComplete' })),
        tableSpacer(),
      ];
    case 'documentControl':
      return [
        frontHeading(part.title),
        dataTable(theme, part.header.map((label) => runs(label)), part.rows.map((row) => [runs(row.label, { bold: true }), inlines(row.value, {})]), docxTableShares({ kind: 'documentControl' }), { labelColumn: true }),
        tableSpacer(),
      ];
    case 'versionHistory':
      return [
        frontHeading(part.title),
        dataTable(theme, part.header.map((label) => runs(label)), part.rows.map((row) => row.map((value) => inlines(value, {}))), docxTableShares({ kind: 'versionHistory' })),
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
          textTable(theme, part.header, framework.rows, docxTableShares({ kind: 'appendix' })),
          tableSpacer(),
        ]),
      ];
  }
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
