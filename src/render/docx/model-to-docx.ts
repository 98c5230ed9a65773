import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  DeletedTextRun,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  InsertedTextRun,
  InternalHyperlink,
  NextAttributeComponent,
  PageNumber,
  Paragraph,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  XmlComponent,
  type INumberingOptions,
  type ParagraphChild,
} from 'docx';
import { fieldToText, type Alignment, type Block, type DocumentModel, type Inline, type Section } from '../../model/document.js';
import { appendixTitle, classificationLabel, documentControlRows, fieldInlines, historyRows, pageLabel, toCompleteRows } from '../document-parts.js';
import type { RenderContext } from '../render-context.js';
import { createTheme, documentStyles, documentTheme, LINK_COLOR, PLACEHOLDER_COLOR, listLevelIndent, listNumbering, STYLE, type DocxTheme } from './theme.js';

type BodyChild = Paragraph | Table;
type NumberingDefinition = INumberingOptions['config'][number];

/** Headings that go into the table of contents (Word's `TOC \o "1-3"`). */
const TOC_LEVELS = 3;

const HEADING_STYLES = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;

interface TocEntry {
  readonly level: number;
  readonly number: string | null;
  readonly title: string;
  readonly bookmark: string;
}

/** What one render accumulates while it walks the model; local, so renders never share state. */
interface RenderState {
  readonly theme: DocxTheme;
  readonly numbering: NumberingDefinition[];
  readonly toc: TocEntry[];
  bookmarks: number;
}

/** Where a block sits: inside how many lists, inside a quote. */
interface BlockContext {
  readonly listDepth: number;
  readonly quote: boolean;
}

const TOP: BlockContext = { listDepth: 0, quote: false };

/**
 * Builds the Word document of a policy from its model: title block, document control, version
 * history, table of contents, the numbered sections and the control-mapping appendix, in the order
 * the Markdown renderer uses. Pure: the logo bytes and the timestamp come from `context`.
 */
export function modelToDocx(model: DocumentModel, context: RenderContext): Document {
  const theme = createTheme(model.organisation.branding);
  const state: RenderState = { theme, numbering: [], toc: [], bookmarks: 0 };
  const { labels, policy } = model;

  const front: BodyChild[] = [...titleBlock(model, context, theme)];
  if (model.toComplete) {
    front.push(frontHeading(labels.toComplete));
    front.push(new Paragraph({ children: runs(labels.toCompleteIntro) }));
    front.push(dataTable(theme, [runs(labels.toComplete), runs(labels.appearsIn)], toCompleteRows(model).map(([label, where]) => [inlines(label, {}), runs(where)]), [0.45, 0.55]));
  }
  front.push(frontHeading(labels.documentControl));
  front.push(
    dataTable(theme, [runs(labels.item), runs(labels.details)], documentControlRows(model).map(([label, value]) => [runs(label, { bold: true }), inlines(value, {})]), [0.32, 0.68], { labelColumn: true }),
  );
  front.push(frontHeading(labels.versionHistory));
  front.push(
    dataTable(
      theme,
      [labels.version, labels.date, labels.author, labels.approver, labels.summary].map((label) => runs(label)),
      historyRows(model).map((row) => row.map((value) => inlines(value, {}))),
      [0.12, 0.15, 0.2, 0.2, 0.33],
    ),
  );

  const body: BodyChild[] = [];
  model.sections.forEach((section, index) => body.push(...sectionChildren(section, state, index === 0)));

  if (model.appendix.length > 0) {
    body.push(heading(state, 1, null, appendixTitle(model), { pageBreakBefore: true }));
    body.push(new Paragraph({ children: runs(labels.controlMappingIntro) }));
    for (const framework of model.appendix) {
      body.push(heading(state, 2, null, framework.name));
      body.push(
        textTable(
          theme,
          [labels.control, labels.controlTitle, labels.coveredBy],
          framework.controls.map((control) => [control.id, control.title, control.sections.map((s) => `${s.number} ${s.title}`).join('; ')]),
          [0.17, 0.43, 0.4],
        ),
      );
    }
  }

  const owner = `${fieldToText(policy.owner.name)}, ${fieldToText(policy.owner.title)}`;
  const version = versionValue(model);
  // The entry of the version being rendered; the history's last entry when none matches.
  const latest = model.history.find((entry) => entry.version === policy.version) ?? model.history[model.history.length - 1];
  return new Document({
    title: xmlText(policy.title),
    subject: xmlText(fieldToText(model.organisation.legalName)),
    creator: xmlText(fieldToText(policy.owner.name)),
    lastModifiedBy: xmlText(fieldToText(latest?.author ?? policy.owner.name)),
    keywords: xmlText([policy.id, classificationLabel(model), ...model.appendix.map((f) => f.name)].join(', ')),
    description: xmlText(`${labels.version}: ${version}. ${latest?.summary ?? ''}`.trim()),
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
    features: { updateFields: true, trackRevisions: hasRevisions(model) },
    styles: documentStyles(theme, wordLanguage(model.lang)),
    theme: documentTheme(theme),
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
        children: [...front, ...tableOfContents(labels.contents, state), ...body],
      },
    ],
  });
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

function versionValue(model: DocumentModel): string {
  return model.policy.status === 'draft' ? model.labels.draftStatus : model.policy.version;
}

// ---------------------------------------------------------------------------------------------
// Title block, header, footer

function titleBlock(model: DocumentModel, context: RenderContext, theme: DocxTheme): Paragraph[] {
  const out: Paragraph[] = [];
  const logo = context.logo ? logoRun(context.logo, theme) : undefined;
  if (logo) out.push(new Paragraph({ spacing: { after: 240 }, children: [logo] }));
  out.push(new Paragraph({ style: STYLE.title, children: runs(model.policy.title) }));
  if (model.policy.status === 'draft') out.push(new Paragraph({ style: STYLE.draftMarker, children: runs(model.labels.draft) }));
  out.push(
    new Paragraph({
      style: STYLE.subtitle,
      border: { bottom: { style: BorderStyle.SINGLE, size: 8, color: theme.colors.primary, space: 8 } },
      children: inlines(fieldInlines(model.organisation.legalName), {}),
    }),
  );
  return out;
}

/** The logo, 1.4 cm high, its width from the image's own aspect ratio (capped at 6 cm). */
function logoRun(logo: NonNullable<RenderContext['logo']>, theme: DocxTheme): ImageRun | undefined {
  const aspect = logo.width / logo.height;
  const box = theme.logoBox;
  const width = Math.min(box.maxWidth, Math.round(aspect * box.height));
  const height = Math.min(box.height, Math.round(width / aspect));
  return new ImageRun({
    type: logo.type === 'png' ? 'png' : 'jpg',
    data: logo.bytes,
    transformation: { width: Math.max(1, width), height: Math.max(1, height) },
    altText: { name: 'Logo', description: 'Logo', title: 'Logo' },
  });
}

function pageHeader(model: DocumentModel, theme: DocxTheme): Header {
  const right: TextRun[] = [new TextRun({ text: xmlText(classificationLabel(model)) })];
  if (model.policy.status === 'draft') {
    right.push(new TextRun({ text: '  \u00B7  ' }), new TextRun({ text: xmlText(model.labels.draft), bold: true, color: theme.colors.draft }));
  }
  return new Header({
    children: [
      new Paragraph({
        style: STYLE.header,
        children: [
          new TextRun({ text: xmlText(fieldToText(model.organisation.shortName)), bold: true, color: theme.colors.primary }),
          new TextRun({ text: xmlText(`  \u00B7  ${model.policy.title}`) }),
          new TextRun({ children: [new Tab()] }),
          ...right,
        ],
      }),
    ],
  });
}

const PAGE_MARK = '\uE000';
const TOTAL_MARK = '\uE001';

function pageFooter(model: DocumentModel): Footer {
  // The label's wording and word order come from document-parts; only the numbers become fields.
  const page = pageLabel(model, PAGE_MARK, TOTAL_MARK)
    .split(new RegExp(`(${PAGE_MARK}|${TOTAL_MARK})`))
    .filter((part) => part !== '')
    .map((part) =>
      part === PAGE_MARK
        ? new TextRun({ children: [PageNumber.CURRENT] })
        : part === TOTAL_MARK
          ? new TextRun({ children: [PageNumber.TOTAL_PAGES] })
          : new TextRun({ text: xmlText(part) }),
    );
  return new Footer({
    children: [
      new Paragraph({
        style: STYLE.footer,
        children: [
          new TextRun({ text: xmlText(`${model.labels.version}: ${versionValue(model)}`) }),
          new TextRun({ children: [new Tab()] }),
          ...page,
        ],
      }),
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Headings and the table of contents

function frontHeading(title: string): Paragraph {
  return new Paragraph({ style: STYLE.frontHeading, children: runs(title) });
}

function heading(
  state: RenderState,
  level: number,
  number: string | null,
  title: string,
  options: { pageBreakBefore?: boolean; tracked?: readonly Inline[] | undefined } = {},
): Paragraph {
  const clamped = Math.min(Math.max(level, 1), HEADING_STYLES.length);
  const bookmark = `_Toc${++state.bookmarks}`;
  if (clamped <= TOC_LEVELS) state.toc.push({ level: clamped, number, title, bookmark });
  const text = options.tracked
    ? inlines(options.tracked, {})
    : number === null ? runs(title) : [new TextRun({ children: [xmlText(number), new Tab(), xmlText(title)] })];
  return new Paragraph({
    heading: HEADING_STYLES[clamped - 1]!,
    // Unnumbered headings start at the margin instead of the number's hanging indent.
    ...(number === null ? { indent: { left: 0, hanging: 0 } } : {}),
    ...(options.pageBreakBefore ? { pageBreakBefore: true } : {}),
    children: [new Bookmark({ id: bookmark, children: text })],
  });
}

/** `w:fldChar`: the begin, separate and end marks of a complex field. */
class FieldChar extends XmlComponent {
  constructor(type: 'begin' | 'separate' | 'end', dirty = false) {
    super('w:fldChar');
    this.root.push(
      new NextAttributeComponent({
        type: { key: 'w:fldCharType', value: type },
        ...(dirty ? { dirty: { key: 'w:dirty', value: true } } : {}),
      }),
    );
  }
}

/** `w:instrText`: a field's code. */
class FieldCode extends XmlComponent {
  constructor(code: string) {
    super('w:instrText');
    this.root.push(new NextAttributeComponent({ space: { key: 'xml:space', value: 'preserve' } }));
    this.root.push(code);
  }
}

/**
 * The TOC field over Heading 1-3, marked dirty (and `updateFields` set) so Word rebuilds it with page
 * numbers on opening. Its cached result lists the same entries, linked to the headings' bookmarks, so
 * readers that do not update fields (LibreOffice, pandoc) still show a usable table of contents.
 */
function tableOfContents(title: string, state: RenderState): Paragraph[] {
  const begin = new TextRun({ children: [new FieldChar('begin', true), new FieldCode('TOC \\o "1-3" \\h \\z'), new FieldChar('separate')] });
  const end = new TextRun({ children: [new FieldChar('end')] });
  const heading = new Paragraph({ style: STYLE.tocHeading, pageBreakBefore: true, children: runs(title) });
  if (state.toc.length === 0) return [heading, new Paragraph({ children: [begin, end] })];
  const entries = state.toc.map((entry, index) => {
    const text = entry.number === null ? [xmlText(entry.title)] : [xmlText(entry.number), new Tab(), xmlText(entry.title)];
    const children: ParagraphChild[] = [
      new InternalHyperlink({
        anchor: entry.bookmark,
        children: [
          new TextRun({ children: text }),
          new TextRun({ children: [new Tab(), new FieldChar('begin'), new FieldCode(`PAGEREF ${entry.bookmark} \\h`), new FieldChar('separate'), new FieldChar('end')] }),
        ],
      }),
    ];
    if (index === 0) children.unshift(begin);
    if (index === state.toc.length - 1) children.push(end);
    return new Paragraph({
      style: STYLE.toc(entry.level),
      ...(entry.number === null ? { indent: { left: (entry.level - 1) * 284, hanging: 0 } } : {}),
      children,
    });
  });
  return [heading, ...entries];
}

// ---------------------------------------------------------------------------------------------
// Sections and blocks

function sectionChildren(section: Section, state: RenderState, first: boolean): BodyChild[] {
  return [
    heading(state, section.level, section.number, section.title, { pageBreakBefore: first, tracked: section.heading }),
    ...blocksChildren(section.blocks, state, TOP),
    ...section.sections.flatMap((child) => sectionChildren(child, state, false)),
  ];
}

function blocksChildren(blocks: readonly Block[], state: RenderState, context: BlockContext): BodyChild[] {
  const out: BodyChild[] = [];
  let afterTable = false;
  for (const block of blocks) {
    out.push(...blockChildren(block, state, context, afterTable));
    afterTable = block.type === 'table';
  }
  return out;
}

function blockChildren(block: Block, state: RenderState, context: BlockContext, afterTable: boolean): BodyChild[] {
  const { theme } = state;
  const indent = context.listDepth > 0 ? { indent: { left: listLevelIndent(theme, context.listDepth - 1) } } : {};
  // Word adds no space below a table; the paragraph after one makes room itself.
  const spacing = afterTable ? { spacing: { before: 160 } } : {};
  switch (block.type) {
    case 'paragraph':
      return [
        new Paragraph({
          ...(context.quote ? { style: STYLE.quote } : context.listDepth > 0 ? { style: STYLE.listParagraph } : {}),
          ...indent,
          ...spacing,
          children: inlines(block.children, {}),
        }),
      ];
    case 'list':
      return listChildren(block, state, context);
    case 'table':
      return [
        dataTable(
          theme,
          block.header.map((cell) => inlines(cell.children, {})),
          block.rows.map((row) => row.map((cell) => inlines(cell.children, {}))),
          columnShares([block.header.map((cell) => plainText(cell.children)), ...block.rows.map((row) => row.map((cell) => plainText(cell.children)))]),
          { align: block.align, rowChanges: [block.header, ...block.rows].map(wholeRowChange) },
        ),
      ];
    case 'quote':
      return blocksChildren(block.children, state, { ...context, quote: true });
    case 'codeBlock':
      return [new Paragraph({ style: STYLE.sourceCode, ...indent, children: codeRuns(block.value) })];
    case 'rule':
      return [
        new Paragraph({
          ...indent,
          spacing: { before: 120, after: 240 },
          border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: theme.colors.rule, space: 1 } },
          children: [],
        }),
      ];
  }
}

function listChildren(list: Extract<Block, { type: 'list' }>, state: RenderState, context: BlockContext): BodyChild[] {
  const reference = `list-${state.numbering.length + 1}`;
  const level = Math.min(context.listDepth, 8);
  state.numbering.push(listNumbering(state.theme, reference, list.ordered, list.start ?? 1));
  const inner: BlockContext = { ...context, listDepth: context.listDepth + 1 };
  const out: BodyChild[] = [];
  for (const item of list.items) {
    const [first, ...rest] = item.children;
    const numbered = (children: ParagraphChild[]): Paragraph =>
      new Paragraph({
        style: context.quote ? STYLE.quote : STYLE.listParagraph,
        numbering: { reference, level, custom: true },
        children,
      });
    if (first?.type === 'paragraph') out.push(numbered(inlines(first.children, {})));
    else {
      // An item that opens with a nested list or a table still shows its own marker.
      out.push(numbered([]));
      if (first) out.push(...blockChildren(first, state, inner, false));
    }
    out.push(...blocksChildren(rest, state, inner));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tables

interface TableOptions {
  readonly align?: readonly Alignment[];
  /** The first column holds labels: tinted and bold. */
  readonly labelColumn?: boolean;
  /** Rows (0 = header) that a redline inserts or deletes whole, so accepting or rejecting removes the row too. */
  readonly rowChanges?: readonly (RowChange | undefined)[];
}

function textTable(theme: DocxTheme, header: readonly string[], rows: readonly (readonly string[])[], shares: readonly number[], options: TableOptions = {}): Table {
  return dataTable(
    theme,
    header.map((text) => runs(text)),
    rows.map((row) => row.map((text, column) => runs(text, options.labelColumn && column === 0 ? { bold: true } : {}))),
    shares,
    options,
  );
}

interface RowChange {
  readonly change: 'insert' | 'delete';
  readonly author: string;
  readonly date: string;
}

/** A row every cell of which is one tracked change of the same kind: the row itself is inserted or deleted. */
function wholeRowChange(cells: readonly { readonly children: readonly Inline[] }[]): RowChange | undefined {
  let found: RowChange | undefined;
  for (const cell of cells) {
    if (cell.children.length === 0) continue;
    const [only] = cell.children;
    if (cell.children.length !== 1 || only?.type !== 'revision') return undefined;
    if (found && found.change !== only.change) return undefined;
    found = { change: only.change, author: only.author, date: only.date };
  }
  return found;
}

function dataTable(theme: DocxTheme, header: ParagraphChild[][], rows: ParagraphChild[][][], shares: readonly number[], options: TableOptions = {}): Table {
  const columns = Math.max(header.length, ...rows.map((row) => row.length), 1);
  const widths = columnWidths(theme.textWidth, shares, columns);
  const border = { style: BorderStyle.SINGLE, size: 4, color: theme.colors.rule };
  const alignment = (column: number) => {
    const align = options.align?.[column] ?? null;
    return align === 'center' ? AlignmentType.CENTER : align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT;
  };
  const cell = (children: ParagraphChild[] | undefined, column: number, kind: 'header' | 'label' | 'body') =>
    new TableCell({
      width: { size: widths[column]!, type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.TOP,
      ...(kind === 'header'
        ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: theme.colors.primary } }
        : kind === 'label'
          ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: theme.colors.primaryTint } }
          : {}),
      children: [
        new Paragraph({
          style: kind === 'header' ? STYLE.tableHeading : STYLE.tableText,
          alignment: alignment(column),
          children: children ?? [],
        }),
      ],
    });
  const row = (cells: ParagraphChild[][], kind: 'header' | 'body', index: number) => {
    const change = options.rowChanges?.[index];
    const mark = change ? { id: 0, author: xmlText(change.author), date: `${change.date}T00:00:00Z` } : undefined;
    return new TableRow({
      cantSplit: true,
      ...(kind === 'header' ? { tableHeader: true } : {}),
      ...(mark && change?.change === 'insert' ? { insertion: mark } : {}),
      ...(mark && change?.change === 'delete' ? { deletion: mark } : {}),
      children: Array.from({ length: columns }, (_, column) =>
        cell(cells[column], column, kind === 'header' ? 'header' : options.labelColumn && column === 0 ? 'label' : 'body'),
      ),
    });
  };
  return new Table({
    width: { size: theme.textWidth, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    margins: { ...theme.cellMargin, marginUnitType: WidthType.DXA },
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: [row(header, 'header', 0), ...rows.map((cells, index) => row(cells, 'body', index + 1))],
  });
}

/** Twips per column from relative shares, summing exactly to the text width. */
function columnWidths(total: number, shares: readonly number[], columns: number): number[] {
  const raw = Array.from({ length: columns }, (_, i) => shares[i] ?? 1 / columns);
  const sum = raw.reduce((a, b) => a + b, 0);
  const widths = raw.map((share) => Math.floor((share / sum) * total));
  widths[widths.length - 1]! += total - widths.reduce((a, b) => a + b, 0);
  return widths;
}

/**
 * Column shares of a Markdown table from its text: longer content gets more room, within limits, so
 * a one-word column does not collapse and a paragraph column does not take everything.
 */
function columnShares(rows: readonly (readonly string[])[]): number[] {
  const columns = Math.max(...rows.map((row) => row.length), 1);
  const weights = Array.from({ length: columns }, (_, column) => {
    const longest = Math.max(0, ...rows.map((row) => (row[column] ?? '').length));
    return Math.min(Math.max(longest, 8), 60);
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / sum);
}

// ---------------------------------------------------------------------------------------------
// Inline content

interface RunStyle {
  readonly bold?: boolean;
  readonly italics?: boolean;
}

function inlines(children: readonly Inline[], style: RunStyle): ParagraphChild[] {
  return children.flatMap((child) => inline(child, style));
}

function inline(node: Inline, style: RunStyle): ParagraphChild[] {
  switch (node.type) {
    case 'text':
      // A newline inside Markdown text is a soft break: a space.
      return runs(node.value.replace(/[ \t]*\r?\n[ \t]*/g, ' '), style);
    case 'strong':
      return inlines(node.children, { ...style, bold: true });
    case 'emphasis':
      return inlines(node.children, { ...style, italics: true });
    case 'code':
      return [new TextRun({ ...style, style: STYLE.verbatimChar, text: xmlText(node.value) })];
    case 'break':
      return [new TextRun({ break: 1 })];
    case 'placeholder':
      return [placeholderRun(node.label, style)];
    case 'link':
      return [
        new ExternalHyperlink({
          link: xmlText(node.url),
          children: linkRuns(node.children, style),
        }),
      ];
    case 'revision':
      return revisionRuns(node, style);
  }
}

/**
 * A tracked change as Word revision runs (`w:ins`, `w:del`) that Word and LibreOffice can accept or
 * reject one by one. Ids are placeholders here; packing numbers them in document order.
 */
function revisionRuns(node: Extract<Inline, { type: 'revision' }>, style: RunStyle): ParagraphChild[] {
  const mark = { id: 0, author: xmlText(node.author), date: `${node.date}T00:00:00Z` };
  const flat = (children: readonly Inline[], inner: RunStyle): { text: string; style: RunStyle }[] =>
    children.flatMap((child) => {
      switch (child.type) {
        case 'text': return [{ text: child.value.replace(/[ \t]*\r?\n[ \t]*/g, ' '), style: inner }];
        case 'code': return [{ text: child.value, style: inner }];
        case 'break': return [{ text: ' ', style: inner }];
        case 'placeholder': return [{ text: `[${child.label}]`, style: inner }];
        case 'strong': return flat(child.children, { ...inner, bold: true });
        case 'emphasis': return flat(child.children, { ...inner, italics: true });
        case 'link': case 'revision': return flat(child.children, inner);
      }
    });
  return flat(node.children, style).map(({ text, style: runStyle }) =>
    node.change === 'insert'
      ? new InsertedTextRun({ ...runStyle, ...mark, text: xmlText(text) })
      : new DeletedTextRun({ ...runStyle, ...mark, text: xmlText(text) }));
}

/** A link's text as plain runs in the Hyperlink style (a link cannot hold another link). */
function linkRuns(children: readonly Inline[], style: RunStyle): TextRun[] {
  return children.flatMap((child): TextRun[] => {
    switch (child.type) {
      case 'text':
        return [new TextRun({ ...style, style: STYLE.hyperlink, children: tabbed(child.value.replace(/[ \t]*\r?\n[ \t]*/g, ' ')) })];
      case 'code':
        return [new TextRun({ ...style, style: STYLE.verbatimChar, color: LINK_COLOR, underline: { type: 'single' }, text: xmlText(child.value) })];
      case 'strong':
        return linkRuns(child.children, { ...style, bold: true });
      case 'emphasis':
        return linkRuns(child.children, { ...style, italics: true });
      case 'break':
        return [new TextRun({ break: 1 })];
      case 'placeholder':
        return [placeholderRun(child.label, style)];
      case 'link':
      case 'revision':
        return linkRuns(child.children, style);
    }
  });
}

/** A template's placeholder: red on yellow, like the fill-in fields of commercial templates. */
function placeholderRun(label: string, style: RunStyle): TextRun {
  return new TextRun({ ...style, text: xmlText(`[${label}]`), color: PLACEHOLDER_COLOR, highlight: 'yellow' });
}

/** Text as runs; tabs become Word tabs. */
function runs(value: string, style: RunStyle = {}): TextRun[] {
  return [new TextRun({ ...style, children: tabbed(value) })];
}

function tabbed(value: string): (string | Tab)[] {
  const parts = xmlText(value).split('\t');
  return parts.flatMap((part, i) => (i === 0 ? [part] : [new Tab(), part])).filter((part) => part !== '');
}

function codeRuns(value: string): TextRun[] {
  return value.split(/\r?\n/).map((line, i) => new TextRun({ children: tabbed(line), ...(i > 0 ? { break: 1 } : {}) }));
}

function plainText(children: readonly Inline[]): string {
  return children.map((child) => ('value' in child ? child.value : 'children' in child ? plainText(child.children) : child.type === 'placeholder' ? `[${child.label}]` : ' ')).join('');
}

/**
 * Drops the characters XML 1.0 cannot carry at all (C0 controls other than tab and newline, lone
 * surrogates, U+FFFE/U+FFFF). Everything else is text: docx escapes `<`, `&` and quotes, and nothing
 * is ever interpreted as markup.
 */
export function xmlText(value: string): string {
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}
