import { AlignmentType, BorderStyle, LevelFormat, LineRuleType, type INumberingOptions, type IStylesOptions, type IThemeOptions } from 'docx';
import type { DocumentModel } from '../../model/document.js';
import { documentTheme as layoutTheme, type Theme } from '../page-layout/model-to-flow.js';
import type { ParagraphStyle } from '../page-layout/layout-input.js';
import { MARGIN } from '../page-layout/page-geometry.js';

/**
 * The look of a policy in Word: page geometry, fonts, colours, paragraph and character styles, list
 * numbering. Everything measurable lives here so `model-to-docx.ts` only decides structure. Units are
 * Word's: twips (1/20 pt) for lengths, half-points for font sizes, 1/8 pt for border widths.
 */
export interface DocxTheme {
  /** Body font (branding.font); Word and LibreOffice get it by name, never through the theme. */
  readonly font: string;
  readonly monoFont: string;
  /** Hex colours without `#`. */
  readonly colors: {
    readonly primary: string;
    /** Text on a primary-coloured background: white, or near-black when the primary colour is light. */
    readonly onPrimary: string;
    /** A 10 % tint of the primary colour, for label columns. */
    readonly primaryTint: string;
    readonly text: string;
    readonly muted: string;
    readonly rule: string;
    readonly codeBackground: string;
    readonly draft: string;
    readonly link: string;
  };
  readonly page: {
    readonly width: number;
    readonly height: number;
    readonly margin: { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number; readonly header: number; readonly footer: number };
  };
  /** Width of the text column, which tables fill and right tab stops sit at. */
  readonly textWidth: number;
  /**
   * Distance from a heading's number to its title (a hanging indent, so wrapped titles align): room
   * for "1.1.1.1" at levels 1-4, wider below, where numbers get longer and type smaller.
   */
  readonly headingIndent: (level: number) => number;
  /** Indent of one list level, and the hanging indent of its marker. */
  readonly listIndent: number;
  readonly listHanging: number;
  /** The logo's box on the title block, in pixels at 96 dpi (docx's unit for images). */
  readonly logoBox: { readonly height: number; readonly maxWidth: number };
  /** Cell padding. */
  readonly cellMargin: { readonly top: number; readonly bottom: number; readonly left: number; readonly right: number };
  /** The sizes and spacing in points that the PDF lays out with and the Word pagination predicts with. */
  readonly layout: Theme;
}

/** Points to twips. */
export function twips(points: number): number {
  return Math.round(points * 20);
}

/** Points to Word's half-point font sizes. */
function halfPoints(points: number): number {
  return Math.round(points * 2);
}

/** Paragraph and character style ids; the names Word shows (and pandoc reads) are in `documentStyles`. */
export const STYLE = {
  normal: 'Normal',
  title: 'Title',
  subtitle: 'Subtitle',
  draftMarker: 'DraftMarker',
  /** Unnumbered headings of the front matter: headings for pandoc and screen readers, outside the TOC. */
  frontHeading: 'FrontHeading',
  tocHeading: 'TOCHeading',
  toc: (level: number): string => `TOC${level}`,
  listParagraph: 'ListParagraph',
  tableText: 'TableText',
  tableHeading: 'TableHeading',
  /** The paragraph after a table: the layout's space below a table, which Word cannot give a table. */
  tableSpacer: 'TableSpacer',
  quote: 'Quote',
  sourceCode: 'SourceCode',
  verbatimChar: 'VerbatimChar',
  hyperlink: 'Hyperlink',
  header: 'Header',
  footer: 'Footer',
} as const;

const PAGE_SIZES = {
  A4: { width: 11906, height: 16838 },
  Letter: { width: 12240, height: 15840 },
} as const;

const DEFAULT_PRIMARY = '1F4E79';

/** Word's own hyperlink blue: readers recognise it whatever the brand colour. */
export const LINK_COLOR = '0563C1';
/** Placeholders in a template: red text, on a yellow highlight. */
export const PLACEHOLDER_COLOR = 'C00000';

/** Derives the theme from the organisation's branding. */
export function createTheme(branding: DocumentModel['organisation']['branding']): DocxTheme {
  const primary = hexColor(branding.primaryColor) ?? DEFAULT_PRIMARY;
  const page = PAGE_SIZES[branding.pageSize] ?? PAGE_SIZES.A4;
  const layout = layoutTheme(branding.primaryColor);
  // The PDF's margins; the header and footer sit inside them, as the PDF's do.
  const margin = { top: twips(MARGIN.top), right: twips(MARGIN.right), bottom: twips(MARGIN.bottom), left: twips(MARGIN.left), header: 624, footer: 567 };
  return {
    font: branding.font.trim() === '' ? 'Carlito' : branding.font,
    monoFont: 'Consolas',
    colors: {
      primary,
      onPrimary: luminance(primary) > 0.55 ? '1A1A1A' : 'FFFFFF',
      primaryTint: mix(primary, 'FFFFFF', 0.9),
      text: '1A1A1A',
      muted: '595959',
      rule: 'BFBFBF',
      codeBackground: 'F2F2F2',
      draft: 'C00000',
      link: LINK_COLOR,
    },
    page: { ...page, margin },
    textWidth: page.width - margin.left - margin.right,
    headingIndent: (level) => (level <= 4 ? 680 : 907),
    listIndent: twips(layout.layout.list.minIndent),
    listHanging: twips(layout.layout.list.minIndent),
    // The PDF's logo box (56 × 160 pt) in pixels at 96 dpi.
    logoBox: { height: 75, maxWidth: 213 },
    cellMargin: {
      top: twips(layout.layout.table.paddingY),
      bottom: twips(layout.layout.table.paddingY),
      left: twips(layout.layout.table.paddingX),
      right: twips(layout.layout.table.paddingX),
    },
    layout,
  };
}

/** A paragraph's spacing and exact line height in Word units, from the layout's style in points. */
function spacingOf(style: Pick<ParagraphStyle, 'spaceBefore' | 'spaceAfter' | 'lineHeight'>): { before: number; after: number; line: number; lineRule: typeof LineRuleType.EXACT } {
  return { before: twips(style.spaceBefore), after: twips(style.spaceAfter), line: twips(style.lineHeight), lineRule: LineRuleType.EXACT };
}

/** The text width of a landscape page of the theme (its page turned, the same margins). */
export function landscapeTextWidth(theme: DocxTheme): number {
  return theme.page.height - theme.page.margin.left - theme.page.margin.right;
}

/**
 * Every paragraph and character style the renderer uses, with explicit fonts and spacing. Sizes,
 * spacing and line heights are the layout theme's (exact line heights, so that a line is as tall in
 * Word and LibreOffice as in the pagination the contents is numbered from).
 */
export function documentStyles(theme: DocxTheme, language: string): IStylesOptions {
  const { colors } = theme;
  const font = theme.font;
  const { layout } = theme;
  const body = layout.layout.body;
  const table = layout.layout.table;
  const toc = layout.layout.toc;
  const mono = { ascii: theme.monoFont, hAnsi: theme.monoFont, cs: theme.monoFont, eastAsia: theme.monoFont };
  // Word's Heading N heads a section of level N, which the layout draws at its level N + 1 (its level 1 is the title).
  const heading = (level: 1 | 2 | 3 | 4 | 5) => {
    const style = layout.headings[(level + 1) as 2 | 3 | 4 | 5 | 6];
    return {
      basedOn: STYLE.normal,
      next: STYLE.normal,
      quickFormat: true,
      paragraph: {
        keepNext: true,
        keepLines: true,
        spacing: spacingOf(style),
        indent: { left: theme.headingIndent(level), hanging: theme.headingIndent(level) },
      },
      run: { font, size: halfPoints(style.size), bold: style.bold, color: style.color.replace('#', '').toUpperCase(), ...(style.italic ? { italics: true } : {}) },
    };
  };
  const title = layout.headings[1];
  return {
    default: {
      document: {
        run: { font, size: halfPoints(body.size), color: colors.text, language: { value: language } },
        paragraph: { spacing: spacingOf(body) },
      },
      title: {
        basedOn: STYLE.normal,
        next: STYLE.normal,
        quickFormat: true,
        paragraph: { spacing: spacingOf(title), keepNext: true },
        run: { font, size: halfPoints(title.size), bold: true, color: colors.primary },
      },
      heading1: heading(1),
      heading2: heading(2),
      heading3: heading(3),
      heading4: heading(4),
      heading5: heading(5),
      heading6: heading(5),
      listParagraph: {
        basedOn: STYLE.normal,
        quickFormat: true,
        paragraph: { spacing: { before: 0, after: twips(layout.layout.list.itemSpacing) } },
      },
      hyperlink: { basedOn: 'DefaultParagraphFont', run: { color: colors.link, underline: { type: 'single' } } },
    },
    paragraphStyles: [
      {
        id: STYLE.normal,
        name: 'Normal',
        quickFormat: true,
        paragraph: { spacing: spacingOf(body) },
        run: { font, size: halfPoints(body.size), color: colors.text },
      },
      {
        id: STYLE.subtitle,
        name: 'Subtitle',
        basedOn: STYLE.normal,
        next: STYLE.normal,
        quickFormat: true,
        paragraph: { spacing: spacingOf(layout.organisation) },
        run: { font, size: halfPoints(layout.organisation.size), color: colors.muted },
      },
      {
        id: STYLE.draftMarker,
        name: 'Draft Marker',
        basedOn: STYLE.normal,
        next: STYLE.normal,
        paragraph: { spacing: { before: 0, after: twips(layout.layout.badge.spaceAfter), line: twips(layout.layout.badge.size * 1.2 + 2 * layout.layout.badge.paddingY), lineRule: LineRuleType.EXACT } },
        run: { font, size: halfPoints(layout.layout.badge.size), bold: true, color: colors.draft, characterSpacing: 20 },
      },
      {
        id: STYLE.frontHeading,
        name: 'Front Heading',
        basedOn: 'Heading1',
        next: STYLE.normal,
        quickFormat: true,
        // Body-text outline level: Word's and LibreOffice's TOC skip it; pandoc still reads a heading.
        paragraph: { outlineLevel: 9, indent: { left: 0, hanging: 0 } },
      },
      {
        id: STYLE.tocHeading,
        name: 'TOC Heading',
        basedOn: STYLE.normal,
        next: STYLE.normal,
        // A heading's look (the layout draws it as one), but body text for the TOC and pandoc.
        paragraph: { keepNext: true, spacing: spacingOf(layout.headings[2]) },
        run: { font, size: halfPoints(layout.headings[2].size), bold: true, color: colors.primary },
      },
      ...[1, 2, 3].map((level) => ({
        id: STYLE.toc(level),
        name: `toc ${level}`,
        basedOn: STYLE.normal,
        next: STYLE.normal,
        uiPriority: 39,
        paragraph: {
          // A top-level entry keeps with its first sub-entry, as the layout keeps it; the rest flow freely.
          ...(level === 1 ? { keepNext: true } : {}),
          keepLines: true,
          spacing: { before: level === 1 ? twips(toc.topSpacing) : 0, after: 0, line: twips(toc.lineHeight), lineRule: LineRuleType.EXACT },
          indent: { left: (level - 1) * twips(toc.indent) + theme.headingIndent(level), hanging: theme.headingIndent(level) },
          rightTabStop: theme.textWidth,
        },
        run: { font, size: halfPoints(toc.size), ...(level === 1 ? { bold: true } : {}) },
      })),
      {
        id: STYLE.tableText,
        name: 'Table Text',
        basedOn: STYLE.normal,
        paragraph: { spacing: { before: 0, after: 0, line: twips(table.lineHeight), lineRule: LineRuleType.EXACT } },
        run: { font, size: halfPoints(table.size) },
      },
      {
        id: STYLE.tableHeading,
        name: 'Table Heading',
        basedOn: STYLE.tableText,
        paragraph: { keepNext: true },
        run: { font, size: halfPoints(table.size), bold: true, color: colors.onPrimary },
      },
      {
        id: STYLE.quote,
        name: 'Quote',
        basedOn: STYLE.normal,
        next: STYLE.normal,
        paragraph: {
          indent: { left: twips(layout.layout.quote.indent) },
          border: { left: { style: BorderStyle.SINGLE, size: 18, color: colors.primary, space: 4 } },
        },
        run: { font, color: colors.muted },
      },
      {
        id: STYLE.sourceCode,
        name: 'Source Code',
        basedOn: STYLE.normal,
        paragraph: {
          keepLines: true,
          spacing: { before: 60, after: 180, line: twips(layout.layout.code.lineHeight), lineRule: LineRuleType.EXACT },
          indent: { left: 113, right: 113 },
          shading: { type: 'clear', color: 'auto', fill: colors.codeBackground },
          border: {
            top: { style: BorderStyle.SINGLE, size: 4, color: colors.codeBackground, space: 4 },
            bottom: { style: BorderStyle.SINGLE, size: 4, color: colors.codeBackground, space: 4 },
            left: { style: BorderStyle.SINGLE, size: 4, color: colors.codeBackground, space: 4 },
            right: { style: BorderStyle.SINGLE, size: 4, color: colors.codeBackground, space: 4 },
          },
        },
        run: { font: mono, size: halfPoints(layout.layout.code.size), noProof: true },
      },
      {
        id: STYLE.tableSpacer,
        name: 'Table Spacer',
        basedOn: STYLE.normal,
        paragraph: { spacing: { before: 0, after: 0, line: twips(table.spaceAfter), lineRule: LineRuleType.EXACT } },
        run: { font, size: halfPoints(Math.min(body.size, table.spaceAfter)) },
      },
      {
        id: STYLE.header,
        name: 'header',
        basedOn: STYLE.normal,
        paragraph: {
          spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
          rightTabStop: theme.textWidth,
          border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: colors.primary, space: 4 } },
        },
        run: { font, size: halfPoints(layout.layout.furniture.size), color: colors.muted },
      },
      {
        id: STYLE.footer,
        name: 'footer',
        basedOn: STYLE.normal,
        paragraph: {
          spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
          rightTabStop: theme.textWidth,
          border: { top: { style: BorderStyle.SINGLE, size: 4, color: colors.rule, space: 4 } },
        },
        run: { font, size: halfPoints(layout.layout.furniture.size), color: colors.muted },
      },
    ],
    characterStyles: [
      {
        id: STYLE.verbatimChar,
        name: 'Verbatim Char',
        basedOn: 'DefaultParagraphFont',
        run: { font: mono, size: halfPoints(layout.layout.code.size), noProof: true, shading: { type: 'clear', color: 'auto', fill: colors.codeBackground } },
      },
    ],
  };
}

/** The theme part: the branding font as the theme's heading and body font, so Word's pickers agree. */
export function wordTheme(theme: DocxTheme): IThemeOptions {
  return { fonts: { headings: theme.font, body: theme.font } };
}

/** Bullets per nesting level, cycling. */
const BULLETS = ['\u2022', '\u2013', '\u25AA'] as const;
const ORDERED_FORMATS = [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN] as const;

type NumberingDefinition = INumberingOptions['config'][number];

/**
 * One list's numbering: all nine levels, so a list nested at any depth has its marker. Every list gets
 * its own definition, so each ordered list counts from its own start and never continues another.
 */
export function listNumbering(theme: DocxTheme, reference: string, ordered: boolean, start: number): NumberingDefinition {
  return {
    reference,
    levels: Array.from({ length: 9 }, (_, level) => ({
      level,
      format: ordered ? ORDERED_FORMATS[level % ORDERED_FORMATS.length]! : LevelFormat.BULLET,
      text: ordered ? `%${level + 1}.` : BULLETS[level % BULLETS.length]!,
      start: ordered ? start : 1,
      alignment: AlignmentType.LEFT,
      style: {
        paragraph: { indent: { left: listLevelIndent(theme, level), hanging: theme.listHanging } },
        run: { font: theme.font },
      },
    })),
  };
}

/** Left indent of the text of list level `level` (0-based): the layout's list indent per level. */
export function listLevelIndent(theme: DocxTheme, level: number): number {
  return (level + 1) * theme.listIndent;
}

/** `#1f4e79`, `1F4E79` or `#abc` → `1F4E79`; anything else → undefined. */
function hexColor(value: string): string | undefined {
  const hex = value.trim().replace(/^#/, '');
  if (/^[0-9a-f]{6}$/i.test(hex)) return hex.toUpperCase();
  if (/^[0-9a-f]{3}$/i.test(hex)) return [...hex].map((c) => c + c).join('').toUpperCase();
  return undefined;
}

function channels(hex: string): [number, number, number] {
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG relative luminance, 0 (black) to 1 (white). */
function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** `amount` of the way from `from` to `to`. */
function mix(from: string, to: string, amount: number): string {
  const a = channels(from);
  const b = channels(to);
  return a.map((c, i) => Math.round(c + (b[i]! - c) * amount).toString(16).padStart(2, '0')).join('').toUpperCase();
}
