import { AlignmentType, BorderStyle, LevelFormat, LineRuleType, type INumberingOptions, type IStylesOptions, type IThemeOptions } from 'docx';
import type { DocumentModel } from '../../model/document.js';

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
  const margin = { top: 1418, right: 1247, bottom: 1304, left: 1247, header: 624, footer: 567 };
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
    listIndent: 360,
    listHanging: 284,
    logoBox: { height: 53, maxWidth: 227 },
    cellMargin: { top: 57, bottom: 57, left: 102, right: 102 },
  };
}

/** The text width of a landscape page of the theme (its page turned, the same margins). */
export function landscapeTextWidth(theme: DocxTheme): number {
  return theme.page.height - theme.page.margin.left - theme.page.margin.right;
}

/** The type size of table text and table headings, in points (`SIZE.table` in half-points). */
export const TABLE_FONT_SIZE = 9.5;

/** Half-point font sizes. */
const SIZE = { body: 21, table: TABLE_FONT_SIZE * 2, code: 18, small: 17, title: 52, subtitle: 26, draft: 24, h1: 30, h2: 25, h3: 22, h4: 21 } as const;

/** Every paragraph and character style the renderer uses, with explicit fonts and spacing. */
export function documentStyles(theme: DocxTheme, language: string): IStylesOptions {
  const { colors } = theme;
  const font = theme.font;
  const mono = { ascii: theme.monoFont, hAnsi: theme.monoFont, cs: theme.monoFont, eastAsia: theme.monoFont };
  const heading = (level: number, size: number, before: number, after: number, color: string, extra: { italics?: boolean } = {}) => ({
    basedOn: STYLE.normal,
    next: STYLE.normal,
    quickFormat: true,
    paragraph: {
      keepNext: true,
      keepLines: true,
      spacing: { before, after, line: 240, lineRule: LineRuleType.AUTO },
      indent: { left: theme.headingIndent(level), hanging: theme.headingIndent(level) },
    },
    run: { font, size, bold: true, color, ...extra },
  });
  return {
    default: {
      document: {
        run: { font, size: SIZE.body, color: colors.text, language: { value: language } },
        paragraph: { spacing: { after: 120, line: 276, lineRule: LineRuleType.AUTO } },
      },
      title: {
        basedOn: STYLE.normal,
        next: STYLE.normal,
        quickFormat: true,
        paragraph: { spacing: { before: 480, after: 120, line: 240, lineRule: LineRuleType.AUTO }, keepNext: true },
        run: { font, size: SIZE.title, color: colors.primary },
      },
      heading1: heading(1, SIZE.h1, 360, 120, colors.primary),
      heading2: heading(2, SIZE.h2, 280, 100, colors.primary),
      heading3: heading(3, SIZE.h3, 220, 80, colors.primary),
      heading4: heading(4, SIZE.h4, 180, 60, colors.text),
      heading5: heading(5, SIZE.body, 160, 60, colors.text, { italics: true }),
      heading6: heading(6, SIZE.body, 160, 60, colors.muted, { italics: true }),
      listParagraph: {
        basedOn: STYLE.normal,
        quickFormat: true,
        paragraph: { contextualSpacing: true, spacing: { after: 120 } },
      },
      hyperlink: { basedOn: 'DefaultParagraphFont', run: { color: colors.link, underline: { type: 'single' } } },
    },
    paragraphStyles: [
      {
        id: STYLE.normal,
        name: 'Normal',
        quickFormat: true,
        paragraph: { spacing: { before: 0, after: 120, line: 276, lineRule: LineRuleType.AUTO } },
        run: { font, size: SIZE.body, color: colors.text },
      },
      {
        id: STYLE.subtitle,
        name: 'Subtitle',
        basedOn: STYLE.normal,
        next: STYLE.normal,
        quickFormat: true,
        paragraph: { spacing: { after: 360 } },
        run: { font, size: SIZE.subtitle, color: colors.muted },
      },
      {
        id: STYLE.draftMarker,
        name: 'Draft Marker',
        basedOn: STYLE.normal,
        next: STYLE.normal,
        paragraph: { spacing: { before: 60, after: 120 } },
        run: { font, size: SIZE.draft, bold: true, color: colors.draft, characterSpacing: 40 },
      },
      {
        id: STYLE.frontHeading,
        name: 'Front Heading',
        basedOn: 'Heading2',
        next: STYLE.normal,
        quickFormat: true,
        // Body-text outline level: Word's and LibreOffice's TOC skip it; pandoc still reads a heading.
        paragraph: { outlineLevel: 9, indent: { left: 0, hanging: 0 }, spacing: { before: 320, after: 120 } },
      },
      {
        id: STYLE.tocHeading,
        name: 'TOC Heading',
        basedOn: STYLE.normal,
        next: STYLE.normal,
        paragraph: { keepNext: true, spacing: { before: 0, after: 240 } },
        run: { font, size: SIZE.h1, bold: true, color: colors.primary },
      },
      ...[1, 2, 3].map((level) => ({
        id: STYLE.toc(level),
        name: `toc ${level}`,
        basedOn: STYLE.normal,
        next: STYLE.normal,
        uiPriority: 39,
        paragraph: {
          spacing: { before: level === 1 ? 120 : 0, after: 60 },
          indent: { left: (level - 1) * 284 + theme.headingIndent(level), hanging: theme.headingIndent(level) },
          rightTabStop: theme.textWidth,
        },
        run: { font, size: SIZE.body, ...(level === 1 ? { bold: true } : {}) },
      })),
      {
        id: STYLE.tableText,
        name: 'Table Text',
        basedOn: STYLE.normal,
        paragraph: { spacing: { before: 0, after: 0, line: 252, lineRule: LineRuleType.AUTO } },
        run: { font, size: SIZE.table },
      },
      {
        id: STYLE.tableHeading,
        name: 'Table Heading',
        basedOn: STYLE.tableText,
        paragraph: { keepNext: true },
        run: { font, size: SIZE.table, bold: true, color: colors.onPrimary },
      },
      {
        id: STYLE.quote,
        name: 'Quote',
        basedOn: STYLE.normal,
        next: STYLE.normal,
        paragraph: {
          indent: { left: 454, right: 454 },
          spacing: { before: 60, after: 120 },
          border: { left: { style: BorderStyle.SINGLE, size: 18, color: colors.primary, space: 10 } },
        },
        run: { font, italics: true, color: colors.muted },
      },
      {
        id: STYLE.sourceCode,
        name: 'Source Code',
        basedOn: STYLE.normal,
        paragraph: {
          keepLines: true,
          spacing: { before: 60, after: 180, line: 240, lineRule: LineRuleType.AUTO },
          indent: { left: 113, right: 113 },
          shading: { type: 'clear', color: 'auto', fill: colors.codeBackground },
          border: {
            top: { style: BorderStyle.SINGLE, size: 4, color: colors.codeBackground, space: 4 },
            bottom: { style: BorderStyle.SINGLE, size: 4, color: colors.codeBackground, space: 4 },
            left: { style: BorderStyle.SINGLE, size: 4, color: colors.codeBackground, space: 4 },
            right: { style: BorderStyle.SINGLE, size: 4, color: colors.codeBackground, space: 4 },
          },
        },
        run: { font: mono, size: SIZE.code, noProof: true },
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
        run: { font, size: SIZE.small, color: colors.muted },
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
        run: { font, size: SIZE.small, color: colors.muted },
      },
    ],
    characterStyles: [
      {
        id: STYLE.verbatimChar,
        name: 'Verbatim Char',
        basedOn: 'DefaultParagraphFont',
        run: { font: mono, size: SIZE.code, noProof: true, shading: { type: 'clear', color: 'auto', fill: colors.codeBackground } },
      },
    ],
  };
}

/** The theme part: the branding font as the theme's heading and body font, so Word's pickers agree. */
export function documentTheme(theme: DocxTheme): IThemeOptions {
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

/** Left indent of the text of list level `level` (0-based). */
export function listLevelIndent(theme: DocxTheme, level: number): number {
  return theme.listIndent + theme.listHanging + level * theme.listIndent;
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
