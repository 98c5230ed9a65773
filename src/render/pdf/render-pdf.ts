import { fieldToText, type Block, type DocumentModel, type Inline, type Section, type TableCell } from '../../model/document.js';
import type { RenderContext } from '../render-context.js';
import { appendixTitle, classificationLabel, documentControlRows, fieldInlines, historyRows, pageLabel, toCompleteRows } from '../document-parts.js';
import { layoutPdf, type FlowBlock, type LayoutTheme, type PageFurniture, type ParagraphStyle, type Run, type TocEntry } from './layout.js';

/** Sections down to this level are listed in the table of contents; the bookmarks list all of them. */
const TOC_MAX_LEVEL = 3;

/**
 * Renders a policy as a tagged PDF: title block, document control, version history, table of
 * contents with page numbers, numbered sections and the control-mapping appendix, in the order of the
 * Markdown rendering. Fonts come from `context.fonts` and are embedded as subsets; the same model and
 * context always give the same bytes.
 */
export async function renderPdf(model: DocumentModel, context: RenderContext): Promise<Uint8Array> {
  if (!context.fonts) {
    throw new Error('renderPdf needs context.fonts: load them with loadPdfFonts() so that every font is embedded.');
  }
  const theme = pdfTheme(model.organisation.branding.primaryColor);
  const { policy, organisation } = model;
  return layoutPdf(modelToFlow(model, context, theme), {
    pageSize: organisation.branding.pageSize,
    fonts: context.fonts,
    lang: model.lang,
    theme: theme.layout,
    info: {
      title: policy.title,
      author: fieldToText(policy.owner.name),
      subject: `${fieldToText(organisation.legalName)}: ${policy.title}`,
      keywords: [policy.id, classificationLabel(model), ...model.appendix.map((f) => f.name)].join(', '),
      creator: 'policymark',
      producer: 'policymark (PDFKit)',
      date: context.timestamp,
    },
    furniture: (page, total) => furniture(model, theme, page, total),
  });
}

interface Theme {
  readonly layout: LayoutTheme;
  readonly headings: Readonly<Record<1 | 2 | 3 | 4 | 5 | 6, ParagraphStyle>>;
  readonly organisation: ParagraphStyle;
  readonly primary: string;
  readonly draft: string;
}

const TEXT = '#1C2430';
const MUTED = '#5B6573';
const DRAFT_RED = '#B3261E';

/** Sizes and colours; headings and table headers take the organisation's colour. */
function pdfTheme(primaryColor: string): Theme {
  // A very light brand colour cannot carry white text or read as a heading: fall back to ink.
  const light = luminance(primaryColor) > 0.55;
  const accent = light ? TEXT : primaryColor;
  const heading = (size: number, spaceBefore: number, spaceAfter: number, color: string, italic = false): ParagraphStyle => ({
    size,
    lineHeight: Math.round(size * 1.28 * 10) / 10,
    color,
    bold: true,
    italic,
    spaceBefore,
    spaceAfter,
  });
  const body: ParagraphStyle = { size: 10, lineHeight: 14, color: TEXT, bold: false, italic: false, spaceBefore: 0, spaceAfter: 7 };
  return {
    primary: accent,
    draft: DRAFT_RED,
    headings: {
      1: heading(24, 0, 6, accent),
      2: heading(15, 20, 7, accent),
      3: heading(12.5, 14, 5, accent),
      4: heading(11, 12, 4, TEXT),
      5: heading(10, 10, 3, TEXT),
      6: heading(10, 10, 3, MUTED, true),
    },
    organisation: { ...body, size: 12.5, lineHeight: 16, color: MUTED, spaceAfter: 10 },
    layout: {
      body,
      linkColor: light ? '#1A5FB4' : primaryColor,
      mutedColor: MUTED,
      code: { size: 9, lineHeight: 12.5, color: '#7A1F3D', background: '#F1F3F6', padding: 5 },
      placeholder: { color: '#C00000', background: '#FFF200' },
      table: {
        size: 9,
        lineHeight: 12,
        paddingX: 6,
        paddingY: 4,
        headerFill: light ? '#3C4654' : primaryColor,
        headerColor: '#FFFFFF',
        stripeFill: '#F3F5F8',
        ruleColor: '#D6DBE2',
        spaceBefore: 4,
        spaceAfter: 12,
      },
      list: { bullets: ['•', '–', '◦'], gap: 6, minIndent: 18, itemSpacing: 3 },
      quote: { indent: 16, barColor: light ? '#B8C0CC' : primaryColor, barWidth: 2.5, color: MUTED },
      toc: { size: 10, lineHeight: 16, indent: 18, leaderColor: '#8A94A3', topSpacing: 3 },
      badge: { size: 10, paddingX: 8, paddingY: 3, spaceAfter: 12 },
      furniture: { size: 8, color: MUTED, ruleColor: '#C9CFD8' },
    },
  };
}

function luminance(hex: string): number {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  if (!Number.isFinite(value)) return 0;
  const channel = (shift: number): number => {
    const c = ((value >> shift) & 0xff) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
}

function furniture(model: DocumentModel, theme: Theme, page: number, total: number): PageFurniture {
  const { policy, labels } = model;
  const draft = policy.status === 'draft';
  const version = draft ? labels.draftStatus : policy.version;
  return {
    headerLeft: `${fieldToText(model.organisation.shortName)} · ${policy.title}`,
    headerRight: [
      { text: classificationLabel(model), color: MUTED, bold: false },
      ...(draft ? [{ text: labels.draft, color: theme.draft, bold: true }] : []),
    ],
    footerLeft: `${labels.version} ${version}`,
    footerRight: pageLabel(model, page, total),
  };
}

/** The document as blocks, in the order of the Markdown rendering, plus the table of contents. */
function modelToFlow(model: DocumentModel, context: RenderContext, theme: Theme): FlowBlock[] {
  const { labels, policy, organisation } = model;
  const anchors = new Anchors();
  const flow: FlowBlock[] = [];
  if (context.logo) {
    flow.push({ kind: 'image', bytes: context.logo.bytes, width: context.logo.width, height: context.logo.height, alt: fieldToText(organisation.legalName), maxWidth: 160, maxHeight: 56 });
  }
  flow.push(heading(theme, 1, '', policy.title, anchors.next(), null));
  if (policy.status === 'draft') flow.push({ kind: 'badge', text: labels.draft, color: theme.draft });
  flow.push({ kind: 'paragraph', runs: runs(fieldInlines(organisation.legalName)), style: theme.organisation });
  flow.push({ kind: 'rule', color: theme.primary, width: 1.5 });

  if (model.toComplete) {
    flow.push(heading(theme, 2, '', labels.toComplete, anchors.next(), { title: labels.toComplete, depth: 1 }));
    flow.push({ kind: 'paragraph', runs: [text(labels.toCompleteIntro)] });
    flow.push({
      kind: 'table',
      header: [[text(labels.toComplete)], [text(labels.appearsIn)]],
      rows: toCompleteRows(model).map(([label, where]) => [runs(label), [text(where)]]),
      align: ['left', 'left'],
    });
  }
  flow.push(heading(theme, 2, '', labels.documentControl, anchors.next(), { title: labels.documentControl, depth: 1 }));
  flow.push(inlineTable([labels.item, labels.details], documentControlRows(model).map(([label, value]) => [fieldInlines(label), value])));
  flow.push(heading(theme, 2, '', labels.versionHistory, anchors.next(), { title: labels.versionHistory, depth: 1 }));
  flow.push(inlineTable([labels.version, labels.date, labels.author, labels.approver, labels.summary], historyRows(model)));

  const toc: TocEntry[] = [];
  const body: FlowBlock[] = [];
  for (const section of model.sections) body.push(sectionFlow(section, theme, anchors, toc));
  const appendix: FlowBlock[] = [];
  if (model.appendix.length > 0) {
    const title = appendixTitle(model);
    const anchor = anchors.next();
    toc.push({ anchor, label: '', title, depth: 1 });
    appendix.push({ kind: 'pageBreak' });
    appendix.push(heading(theme, 2, '', title, anchor, { title, depth: 1 }));
    appendix.push({ kind: 'paragraph', runs: [text(labels.controlMappingIntro)] });
    for (const framework of model.appendix) {
      const frameworkAnchor = anchors.next();
      toc.push({ anchor: frameworkAnchor, label: '', title: framework.name, depth: 2 });
      appendix.push(heading(theme, 3, '', framework.name, frameworkAnchor, { title: framework.name, depth: 2 }));
      appendix.push(
        simpleTable(
          [labels.control, labels.controlTitle, labels.coveredBy],
          framework.controls.map((control) => [control.id, control.title, control.sections.map((s) => `${s.number} ${s.title}`).join('; ')]),
        ),
      );
    }
  }

  if (toc.length > 0) {
    flow.push(heading(theme, 2, '', labels.contents, anchors.next(), { title: labels.contents, depth: 1 }));
    flow.push({ kind: 'toc', entries: toc });
  }
  if (body.length > 0) flow.push({ kind: 'pageBreak' }, ...body);
  flow.push(...appendix);
  return flow;
}

/** Named destinations: short, ASCII and in document order. */
class Anchors {
  private count = 0;
  next(): string {
    this.count += 1;
    return `h${this.count}`;
  }
}

function sectionFlow(section: Section, theme: Theme, anchors: Anchors, toc: TocEntry[]): FlowBlock {
  const level = Math.min(6, section.level + 1) as 2 | 3 | 4 | 5 | 6;
  const anchor = anchors.next();
  const title = `${section.number} ${section.title}`;
  if (section.level <= TOC_MAX_LEVEL) toc.push({ anchor, label: section.number, title: section.title, depth: section.level });
  return {
    kind: 'section',
    blocks: [
      heading(theme, level, section.number, section.title, anchor, { title, depth: section.level }),
      ...section.blocks.map(blockFlow),
      ...section.sections.map((child) => sectionFlow(child, theme, anchors, toc)),
    ],
  };
}

function heading(
  theme: Theme,
  level: 1 | 2 | 3 | 4 | 5 | 6,
  label: string,
  title: string,
  anchor: string,
  outline: { title: string; depth: number } | null,
): FlowBlock {
  return { kind: 'heading', level, label, text: title, style: theme.headings[level], anchor, outline };
}

function blockFlow(block: Block): FlowBlock {
  switch (block.type) {
    case 'paragraph':
      return { kind: 'paragraph', runs: runs(block.children) };
    case 'list':
      return { kind: 'list', ordered: block.ordered, start: block.start ?? 1, items: block.items.map((item) => item.children.map(blockFlow)) };
    case 'table':
      return {
        kind: 'table',
        header: block.header.map(cellRuns),
        rows: block.rows.map((row) => row.map(cellRuns)),
        align: block.header.map((_, i) => block.align[i] ?? 'left'),
      };
    case 'quote':
      return { kind: 'quote', blocks: block.children.map(blockFlow) };
    case 'codeBlock':
      return { kind: 'code', text: block.value };
    case 'rule':
      return { kind: 'rule', color: '#C9CFD8', width: 0.75 };
  }
}

function cellRuns(cell: TableCell): Run[] {
  return runs(cell.children);
}

interface InlineStyle {
  readonly bold: boolean;
  readonly italic: boolean;
  readonly link: string | null;
}

function runs(inlines: readonly Inline[], style: InlineStyle = { bold: false, italic: false, link: null }): Run[] {
  return inlines.flatMap((inline): Run[] => {
    switch (inline.type) {
      case 'text':
        return [{ kind: 'text', text: inline.value, ...style, code: false }];
      case 'strong':
        return runs(inline.children, { ...style, bold: true });
      case 'emphasis':
        return runs(inline.children, { ...style, italic: true });
      case 'code':
        return [{ kind: 'text', text: inline.value, ...style, code: true }];
      case 'link':
        return runs(inline.children, { ...style, link: inline.url });
      case 'break':
        return [{ kind: 'break' }];
      case 'placeholder':
        return [{ kind: 'text', text: `[${inline.label}]`, ...style, code: false, highlight: true }];
      case 'revision':
        // Tracked changes belong to the Word redline; a PDF shows the text with them accepted.
        return inline.change === 'delete' ? [] : runs(inline.children, style);
    }
  });
}

function text(value: string): Run {
  return { kind: 'text', text: value, bold: false, italic: false, code: false, link: null };
}

function simpleTable(header: readonly string[], rows: readonly (readonly string[])[]): FlowBlock {
  return tableFlow(header, rows.map((row) => row.map((value) => [text(value)])));
}

/** A table of fixed rows whose cells are inline content (placeholders marked). */
function inlineTable(header: readonly string[], rows: readonly (readonly (readonly Inline[])[])[]): FlowBlock {
  return tableFlow(header, rows.map((row) => row.map((cell) => runs(cell))));
}

function tableFlow(header: readonly string[], rows: Run[][][]): FlowBlock {
  return { kind: 'table', header: header.map((label) => [text(label)]), rows, align: header.map(() => 'left') };
}
