import { BlockLayout } from './block-layout.js';
import { FontMetrics, type LayoutFonts } from './font-metrics.js';
import type { FlowBlock, LayoutTheme, PageSize } from './layout-input.js';
import { LineBreaker } from './line-breaking.js';
import type { LaidOutPages } from './marks.js';
import { PageFlow } from './page-flow.js';
import { MARGIN, PAGE_SIZES } from './page-geometry.js';
import { StructNode } from './struct-node.js';

/** What pagination needs: the page size, the fonts text is measured in, and every size and spacing. */
export interface PageLayoutSettings {
  readonly pageSize: PageSize;
  readonly fonts: LayoutFonts;
  readonly theme: LayoutTheme;
}

/**
 * Lays a flow of blocks out on pages, drawing nothing: the marks of every page, the page of every
 * anchor (heading) and the tag tree. The PDF draws the result; the Word renderer reads the page of
 * each heading from it for its table of contents.
 */
export function layoutPages(blocks: readonly FlowBlock[], settings: PageLayoutSettings): { laidOut: LaidOutPages; metrics: FontMetrics } {
  const [pageWidth, pageHeight] = PAGE_SIZES[settings.pageSize];
  const metrics = new FontMetrics(settings.fonts);
  const flow = new PageFlow(metrics, settings.theme, [pageWidth, pageHeight]);
  const root = new StructNode('Document', null);
  const column = { x: MARGIN.left, width: pageWidth - MARGIN.left - MARGIN.right, parent: root, listDepth: 0, tight: false, quoted: false };
  new BlockLayout(flow, new LineBreaker(metrics, settings.theme)).blocks(blocks, column, undefined);
  return { laidOut: { pages: flow.pages, sizes: flow.sizes, anchors: flow.anchors, root }, metrics };
}
