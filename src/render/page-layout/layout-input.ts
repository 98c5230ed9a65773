import type { LayoutFonts } from './font-metrics.js';

/**
 * What the layout engine is given: the document as a flow of blocks in reading order, the theme, and
 * the page settings. `render-pdf.ts` builds these from the document model.
 */

/** Horizontal alignment of text in a table cell. */
export type TextAlign = 'left' | 'center' | 'right';

/** Inline text with one style, or a hard line break. */
export type Run =
  | {
      readonly kind: 'text';
      readonly text: string;
      readonly bold: boolean;
      readonly italic: boolean;
      readonly code: boolean;
      readonly link: string | null;
      /** A template's placeholder: drawn in the placeholder colour on a highlight. */
      readonly highlight?: boolean;
    }
  | { readonly kind: 'break' };

/** Type size, leading (line height) and spacing of a paragraph or heading, in points. */
export interface ParagraphStyle {
  readonly size: number;
  readonly lineHeight: number;
  readonly color: string;
  readonly bold: boolean;
  readonly italic: boolean;
  readonly spaceBefore: number;
  readonly spaceAfter: number;
}

/** One line of the table of contents; the page number is filled in from the anchor's page. */
export interface TocEntry {
  readonly anchor: string;
  readonly label: string;
  readonly title: string;
  readonly depth: number;
}

/** The document as the layout engine sees it: blocks in reading order. */
export type FlowBlock =
  | {
      readonly kind: 'heading';
      readonly level: 1 | 2 | 3 | 4 | 5 | 6;
      /** Section number, drawn as a hanging label; empty for none. */
      readonly label: string;
      readonly text: string;
      readonly style: ParagraphStyle;
      /** Named destination, target of the outline and the table of contents. */
      readonly anchor: string;
      /** Bookmark title and nesting depth (1 = top level), or null for no bookmark. */
      readonly outline: { readonly title: string; readonly depth: number } | null;
    }
  | { readonly kind: 'paragraph'; readonly runs: readonly Run[]; readonly style?: ParagraphStyle }
  | { readonly kind: 'badge'; readonly text: string; readonly color: string }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly start: number; readonly items: readonly (readonly FlowBlock[])[] }
  | {
      readonly kind: 'table';
      readonly header: readonly (readonly Run[])[];
      readonly rows: readonly (readonly (readonly Run[])[])[];
      readonly align: readonly TextAlign[];
      /** The last row stays on the page of the block after the table (a note on it), as Word's keep-with-next does. */
      readonly keepWithNext?: boolean;
    }
  | { readonly kind: 'quote'; readonly blocks: readonly FlowBlock[] }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'rule'; readonly color: string; readonly width: number }
  | { readonly kind: 'toc'; readonly entries: readonly TocEntry[] }
  | { readonly kind: 'image'; readonly bytes: Uint8Array; readonly width: number; readonly height: number; readonly alt: string; readonly maxWidth: number; readonly maxHeight: number }
  | { readonly kind: 'pageBreak' }
  /** What follows is set on pages of this orientation (a new page unless the current one is empty). */
  | { readonly kind: 'orientation'; readonly orientation: 'portrait' | 'landscape' }
  | { readonly kind: 'section'; readonly blocks: readonly FlowBlock[] };

/** Every size and colour the layout uses; `render-pdf.ts` derives it from the organisation's branding. */
export interface LayoutTheme {
  readonly body: ParagraphStyle;
  readonly linkColor: string;
  readonly mutedColor: string;
  readonly code: { readonly size: number; readonly lineHeight: number; readonly color: string; readonly background: string; readonly padding: number };
  readonly placeholder: { readonly color: string; readonly background: string };
  readonly table: {
    readonly size: number;
    readonly lineHeight: number;
    readonly paddingX: number;
    readonly paddingY: number;
    readonly headerFill: string;
    readonly headerColor: string;
    readonly stripeFill: string;
    readonly ruleColor: string;
    /** Width of the rules between rows, which the rows' height includes. */
    readonly ruleWidth: number;
    readonly spaceBefore: number;
    readonly spaceAfter: number;
  };
  readonly list: { readonly bullets: readonly string[]; readonly gap: number; readonly minIndent: number; readonly itemSpacing: number };
  readonly quote: { readonly indent: number; readonly barColor: string; readonly barWidth: number; readonly color: string };
  readonly toc: { readonly size: number; readonly lineHeight: number; readonly indent: number; readonly leaderColor: string; readonly topSpacing: number };
  readonly badge: { readonly size: number; readonly paddingX: number; readonly paddingY: number; readonly spaceAfter: number };
  readonly furniture: { readonly size: number; readonly color: string; readonly ruleColor: string };
}

/** The running header and footer of one page. */
export interface PageFurniture {
  readonly headerLeft: string;
  readonly headerRight: readonly { readonly text: string; readonly color: string; readonly bold: boolean }[];
  readonly footerLeft: string;
  readonly footerRight: string;
}

/** Page size, fonts, metadata, theme and running header/footer of one document. */
export interface PdfSettings {
  readonly pageSize: PageSize;
  readonly fonts: LayoutFonts;
  readonly lang: string;
  readonly info: {
    readonly title: string;
    readonly author: string;
    readonly subject: string;
    readonly keywords: string;
    readonly creator: string;
    readonly producer: string;
    /** CreationDate and ModDate; pdfkit derives the file id from them, so fixing them fixes the bytes. */
    readonly date: Date;
  };
  readonly theme: LayoutTheme;
  /** Header and footer text for page `page` (1-based) of `total`. */
  readonly furniture: (page: number, total: number) => PageFurniture;
}

/** The page sizes a document can have. */
export type PageSize = 'A4' | 'Letter';

/** Plain text in the style of its paragraph. */
export function textRun(text: string): Run {
  return { kind: 'text', text, bold: false, italic: false, code: false, link: null };
}
