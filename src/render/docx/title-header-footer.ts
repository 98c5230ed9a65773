import { BorderStyle, Footer, Header, ImageRun, PageNumber, Paragraph, Tab, TabStopType, TextRun } from 'docx';
import type { DocumentModel } from '../../model/document.js';
import { classificationLabel, pageLabel, versionText, type TitlePart } from '../document-outline.js';
import type { RenderContext } from '../render-context.js';
import { inlines, runs, xmlText } from './inlines-to-docx.js';
import { STYLE, type DocxTheme } from './theme.js';

/** The title block: the logo, the title, a draft's marker and the organisation's name over a rule. */
export function titleBlock(part: TitlePart, logo: RenderContext['logo'], theme: DocxTheme): Paragraph[] {
  const out: Paragraph[] = [];
  const image = logo ? logoRun(logo, theme) : undefined;
  if (image) out.push(new Paragraph({ spacing: { after: 240 }, children: [image] }));
  out.push(new Paragraph({ style: STYLE.title, children: runs(part.title) }));
  if (part.draftMarker !== null) out.push(new Paragraph({ style: STYLE.draftMarker, children: runs(part.draftMarker) }));
  out.push(
    new Paragraph({
      style: STYLE.subtitle,
      border: { bottom: { style: BorderStyle.SINGLE, size: 8, color: theme.colors.primary, space: 8 } },
      children: inlines(part.organisation, {}),
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

/**
 * Paragraph tab stops for a running header or footer on a page of another text width (landscape):
 * the style's right tab cleared, one at `width` instead.
 */
function rightTabAt(theme: DocxTheme, width: number | undefined): { tabStops?: { type: (typeof TabStopType)[keyof typeof TabStopType]; position: number }[] } {
  if (width === undefined || width === theme.textWidth) return {};
  return { tabStops: [{ type: TabStopType.CLEAR, position: theme.textWidth }, { type: TabStopType.RIGHT, position: width }] };
}

/**
 * The running header: organisation and title on the left, classification (and a draft's marker) on
 * the right, at the text width (`width` twips for a landscape section).
 */
export function pageHeader(model: DocumentModel, theme: DocxTheme, width?: number): Header {
  const right: TextRun[] = [new TextRun({ text: xmlText(classificationLabel(model)) })];
  if (model.policy.status === 'draft') {
    right.push(new TextRun({ text: '  \u00B7  ' }), new TextRun({ text: xmlText(model.labels.draft), bold: true, color: theme.colors.draft }));
  }
  return new Header({
    children: [
      new Paragraph({
        style: STYLE.header,
        ...rightTabAt(theme, width),
        children: [
          // A template's unset name is its bound placeholder, as everywhere else in the document.
          ...(typeof model.organisation.shortName === 'string'
            ? [new TextRun({ text: xmlText(model.organisation.shortName), bold: true, color: theme.colors.primary })]
            : inlines([model.organisation.shortName], { bold: true })),
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

/** The running footer: the version on the left, "Page N of M" on the right with the numbers as fields. */
export function pageFooter(model: DocumentModel, theme: DocxTheme, width?: number): Footer {
  // The label's wording and word order come from the outline; only the numbers become fields.
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
        ...rightTabAt(theme, width),
        children: [
          new TextRun({ text: xmlText(`${model.labels.version}: ${versionText(model)}`) }),
          new TextRun({ children: [new Tab()] }),
          ...page,
        ],
      }),
    ],
  });
}
