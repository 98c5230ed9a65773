import type { FontKey, FontMetrics } from '../page-layout/font-metrics.js';
import type { PageFurniture, PdfSettings } from '../page-layout/layout-input.js';
import type { LaidOutPages, Mark } from '../page-layout/marks.js';
import { MARGIN, PAGE_SIZES } from '../page-layout/page-geometry.js';
import type { PdfFontSelection } from './font-selection.js';
import { pdfString, pointOutlineAt } from './pdfkit-internals.js';
import type { StructNode } from '../page-layout/struct-node.js';
import { createElements, elementOf } from './struct-tree.js';

/**
 * Draws every recorded page: running header and footer first (artifacts), then the content, each
 * piece in the marked-content sequence of its tag-tree node.
 */
export function drawPages(doc: PDFKit.PDFDocument, laidOut: LaidOutPages, metrics: FontMetrics, fonts: PdfFontSelection, settings: PdfSettings): void {
  new PageDrawer(doc, laidOut.anchors, metrics, fonts, settings).draw(laidOut.pages, laidOut.sizes, laidOut.root);
}

class PageDrawer {
  private pageWidth: number;
  private pageHeight: number;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly anchors: ReadonlyMap<string, number>,
    private readonly metrics: FontMetrics,
    private readonly fonts: PdfFontSelection,
    private readonly settings: PdfSettings,
  ) {
    [this.pageWidth, this.pageHeight] = PAGE_SIZES[settings.pageSize];
  }

  /** Draws the pages, then makes the elements of the tag-tree nodes still without one (those that got no content). */
  draw(pages: readonly (readonly Mark[])[], sizes: readonly (readonly [number, number])[], root: StructNode): void {
    const doc = this.doc;
    doc.addStructure(elementOf(doc, root));
    const total = pages.length;
    const outlineStack: { depth: number; item: PDFKit.PDFOutline }[] = [];
    pages.forEach((marks, index) => {
      [this.pageWidth, this.pageHeight] = sizes[index] ?? PAGE_SIZES[this.settings.pageSize];
      doc.addPage({ size: [this.pageWidth, this.pageHeight], margin: 0 });
      this.fonts.reset();
      this.furniture(this.settings.furniture(index + 1, total));
      // What the open marked-content sequence belongs to: a tag-tree node or an artifact type.
      let open: StructNode | 'Layout' | 'Pagination' | null = null;
      const close = (): void => {
        if (open !== null) doc.endMarkedContent();
        open = null;
      };
      const openFor = (node: StructNode | null, artifactType: 'Layout' | 'Pagination'): void => {
        const key = node ?? artifactType;
        if (open === key) return;
        close();
        if (node === null) doc.markContent('Artifact', { type: artifactType });
        else elementOf(doc, node).add(doc.markStructureContent(node.tag));
        open = key;
      };
      for (const mark of marks) {
        switch (mark.kind) {
          case 'text':
            openFor(mark.node, 'Pagination');
            this.text(mark.text, mark.x, mark.baseline, mark.font, mark.size, mark.color);
            break;
          case 'pageRef': {
            openFor(mark.node, 'Layout');
            const label = String(this.anchors.get(mark.anchor) ?? '');
            this.text(label, mark.right - this.metrics.measure(label, mark.font, mark.size), mark.baseline, mark.font, mark.size, mark.color);
            break;
          }
          case 'fill':
            openFor(null, 'Layout');
            doc.rect(mark.x, mark.y, mark.w, mark.h).fill(mark.color);
            break;
          case 'frame':
            openFor(null, 'Layout');
            doc.lineWidth(mark.width).rect(mark.x, mark.y, mark.w, mark.h).stroke(mark.color);
            break;
          case 'line':
            openFor(null, 'Layout');
            doc.save().lineWidth(mark.width);
            if (mark.dotted > 0) doc.lineCap('round').dash(0.01, { space: mark.dotted });
            doc.moveTo(mark.x1, mark.y1).lineTo(mark.x2, mark.y2).stroke(mark.color);
            doc.restore();
            break;
          case 'image':
            close();
            elementOf(doc, mark.node).add(doc.markStructureContent('Figure'));
            doc.image(Buffer.from(mark.bytes), mark.x, mark.y, { width: mark.w, height: mark.h });
            doc.endMarkedContent();
            break;
          case 'link': {
            close();
            const element = elementOf(doc, mark.node);
            const options = { structParent: element, Contents: pdfString(mark.description) };
            if (mark.url !== null) doc.link(mark.x, mark.y, mark.w, mark.h, mark.url, options);
            else doc.goTo(mark.x, mark.y, mark.w, mark.h, mark.anchor ?? '', options);
            // Ended here, on its page: pdfkit takes the annotation's page from the current page.
            element.end();
            break;
          }
          case 'anchor':
            doc.addNamedDestination(mark.name, 'XYZ', null, mark.y, null);
            break;
          case 'outline': {
            while ((outlineStack[outlineStack.length - 1]?.depth ?? 0) >= mark.depth) outlineStack.pop();
            const item = (outlineStack[outlineStack.length - 1]?.item ?? doc.outline).addItem(mark.title);
            pointOutlineAt(item, mark.anchor);
            outlineStack.push({ depth: mark.depth, item });
            break;
          }
        }
      }
      close();
    });
    createElements(doc, root);
  }

  private furniture(furniture: PageFurniture): void {
    const doc = this.doc;
    const f = this.settings.theme.furniture;
    const left = MARGIN.left;
    const right = this.pageWidth - MARGIN.right;
    const headerBaseline = MARGIN.top - 30;
    const footerBaseline = this.pageHeight - MARGIN.bottom + 40;
    doc.markContent('Artifact', { type: 'Pagination' });
    let x = right;
    for (const part of [...furniture.headerRight].reverse()) {
      const font: FontKey = part.bold ? 'bold' : 'regular';
      x -= this.metrics.measure(part.text, font, f.size);
      this.text(part.text, x, headerBaseline, font, f.size, part.color);
      x -= f.size * 0.8;
    }
    this.text(this.fitText(furniture.headerLeft, x - f.size - left, 'regular', f.size), left, headerBaseline, 'regular', f.size, f.color);
    doc.save().lineWidth(0.5);
    doc.moveTo(left, headerBaseline + 7).lineTo(right, headerBaseline + 7).stroke(f.ruleColor);
    doc.moveTo(left, footerBaseline - 12).lineTo(right, footerBaseline - 12).stroke(f.ruleColor);
    doc.restore();
    this.text(furniture.footerLeft, left, footerBaseline, 'regular', f.size, f.color);
    this.text(furniture.footerRight, right - this.metrics.measure(furniture.footerRight, 'regular', f.size), footerBaseline, 'regular', f.size, f.color);
    doc.endMarkedContent();
  }

  /** Shortens text with an ellipsis until it fits `width`. */
  private fitText(text: string, width: number, font: FontKey, size: number): string {
    if (this.metrics.measure(text, font, size) <= width) return text;
    const chars = [...text];
    while (chars.length > 0 && this.metrics.measure(`${chars.join('').trimEnd()}…`, font, size) > width) chars.pop();
    return `${chars.join('').trimEnd()}…`;
  }

  /** Draws text in the branding font, and each stretch of characters it lacks in the fallback font. */
  private text(text: string, x: number, baseline: number, font: FontKey, size: number, color: string): void {
    this.doc.fillColor(color);
    let at = x;
    for (const run of this.metrics.runs(text, font)) {
      this.fonts.select(font, run.fallback, size);
      this.doc.text(run.text, at, baseline, { lineBreak: false, baseline: 'alphabetic' });
      at += this.metrics.measure(run.text, font, size);
    }
  }
}
