import { fontOf } from './font-metrics.js';
import { textRun, type FlowBlock, type ParagraphStyle } from './layout-input.js';
import type { Line, LineBreaker, TextStyle } from './line-breaking.js';
import { baselineOf, type Frame, type PageFlow } from './page-flow.js';
import { TableLayout } from './table-layout.js';
import { layoutToc } from './toc-layout.js';

type BlockOf<K extends FlowBlock['kind']> = Extract<FlowBlock, { kind: K }>;

/**
 * Lays out blocks in reading order onto the page flow: spacing, keep-with-next for headings, list
 * markers and indents, quote bars, code backgrounds, images. Tables and the table of contents have
 * modules of their own.
 */
export class BlockLayout {
  private readonly tables: TableLayout;

  constructor(
    private readonly flow: PageFlow,
    private readonly lines: LineBreaker,
  ) {
    this.tables = new TableLayout(flow, lines);
  }

  /** Lays out `blocks` in `frame`; `after` is what follows them, for keep-with-next. */
  blocks(blocks: readonly FlowBlock[], frame: Frame, after: FlowBlock | undefined): void {
    // The page's text column, which a turn to landscape pages widens, for blocks outside lists and quotes.
    const column = (): Frame => (frame.listDepth === 0 && !frame.quoted ? { ...frame, width: this.flow.textWidth } : frame);
    blocks.forEach((block, i) => this.block(block, column(), blocks[i + 1] ?? after));
  }

  private block(block: FlowBlock, frame: Frame, next: FlowBlock | undefined): void {
    const flow = this.flow;
    switch (block.kind) {
      case 'heading':
        return this.heading(block, frame, next);
      case 'paragraph': {
        const style = this.paragraphStyle(block, frame);
        flow.space(style.spaceBefore);
        const lines = this.lines.lines(block, block.runs, style, frame.width);
        flow.placeLines(lines, frame.x, frame.width, style, frame.parent.add('P'), 'left');
        flow.spaceAfter(style.spaceAfter);
        return;
      }
      case 'badge':
        return this.badge(block, frame);
      case 'list':
        return this.list(block, frame, next);
      case 'table':
        return this.tables.layout(block, frame, block.keepWithNext ? this.lead(next, frame) : 0);
      case 'quote':
        return this.quote(block, frame, next);
      case 'code':
        return this.code(block, frame);
      case 'rule':
        flow.space(4);
        flow.ensure(block.width + 8);
        flow.rule(frame.x, frame.x + frame.width, flow.y, block.color, block.width);
        flow.y += block.width + 10;
        return;
      case 'toc':
        return layoutToc(block, frame, flow, this.lines);
      case 'image':
        return this.image(block, frame);
      case 'pageBreak':
        flow.pageBreak();
        return;
      case 'orientation':
        flow.turn(block.orientation);
        return;
      case 'section':
        return this.blocks(block.blocks, { ...frame, parent: frame.parent.add('Sect') }, next);
    }
  }

  private paragraphStyle(block: BlockOf<'paragraph'>, frame: Frame): ParagraphStyle {
    const theme = this.flow.theme;
    const base = block.style ?? theme.body;
    const style = frame.quoted ? { ...base, color: theme.quote.color } : base;
    return frame.tight ? { ...style, spaceBefore: 0, spaceAfter: theme.list.itemSpacing } : style;
  }

  /** Height of the first piece of a block: what a heading before it must keep on its page. */
  private lead(block: FlowBlock | undefined, frame: Frame): number {
    if (!block) return 0;
    const theme = this.flow.theme;
    switch (block.kind) {
      case 'paragraph': {
        const style = this.paragraphStyle(block, frame);
        const lines = this.lines.lines(block, block.runs, style, frame.width);
        // Two lines, or all of a paragraph of three: its third alone would be a widow, so it moves whole.
        return (lines.length <= 3 ? lines.length : 2) * style.lineHeight;
      }
      case 'heading': {
        const lines = this.headingLines(block, frame);
        return block.style.spaceBefore + lines.length * block.style.lineHeight + block.style.spaceAfter + theme.body.lineHeight;
      }
      case 'list': {
        const first = block.items[0];
        return first ? this.lead(first[0], { ...frame, tight: true }) : 0;
      }
      case 'table':
        return this.tables.lead(block, frame.width);
      case 'quote':
        return this.lead(block.blocks[0], { ...frame, width: frame.width - theme.quote.indent });
      case 'code':
        return 2 * theme.code.lineHeight + 2 * theme.code.padding;
      case 'section':
        return this.lead(block.blocks[0], frame);
      case 'toc':
        return 2 * theme.toc.lineHeight;
      case 'image':
        return block.maxHeight;
      default:
        return 0;
    }
  }

  /** Width of a heading's hanging section number. */
  private labelWidth(block: BlockOf<'heading'>): number {
    if (!block.label) return 0;
    const font = fontOf(block.style.bold, block.style.italic);
    // A hanging indent, kept narrow: a wide gap makes text extraction split the number from its title.
    return Math.max(block.style.size * 1.2, this.flow.metrics.measure(`${block.label} `, font, block.style.size) + block.style.size * 0.3);
  }

  private headingLines(block: BlockOf<'heading'>, frame: Frame): Line[] {
    return this.lines.lines(block, [textRun(block.text)], block.style, frame.width - this.labelWidth(block));
  }

  private heading(block: BlockOf<'heading'>, frame: Frame, next: FlowBlock | undefined): void {
    const flow = this.flow;
    const style = block.style;
    const labelWidth = this.labelWidth(block);
    const lines = this.headingLines(block, frame);
    const height = lines.length * style.lineHeight;
    const spaceBefore = flow.atTop() ? 0 : style.spaceBefore;
    // Keep with next: the heading moves to the next page unless the start of what follows fits too.
    if (flow.y + spaceBefore + height + style.spaceAfter + this.lead(next, frame) > flow.bottom && !flow.atTop()) flow.newPage();
    flow.space(style.spaceBefore);
    const node = frame.parent.add(`H${block.level}`);
    flow.anchor(block.anchor);
    if (block.outline) flow.push({ kind: 'outline', title: block.outline.title, depth: block.outline.depth, anchor: block.anchor });
    if (block.label) flow.addLabel({ text: block.label, x: frame.x, align: 'left', font: fontOf(style.bold, style.italic), color: style.color, node });
    flow.placeLines(lines, frame.x + labelWidth, frame.width - labelWidth, style, node, 'left');
    flow.spaceAfter(style.spaceAfter);
  }

  private badge(block: BlockOf<'badge'>, frame: Frame): void {
    const flow = this.flow;
    const { size, paddingX, paddingY, spaceAfter } = flow.theme.badge;
    const width = flow.metrics.measure(block.text, 'bold', size) + 2 * paddingX;
    const height = size * 1.2 + 2 * paddingY;
    flow.ensure(height);
    flow.push({ kind: 'frame', x: frame.x, y: flow.y, w: width, h: height, color: block.color, width: 1.2 });
    flow.push({ kind: 'text', x: frame.x + paddingX, baseline: baselineOf(flow.y, size, height), text: block.text, font: 'bold', size, color: block.color, node: frame.parent.add('P') });
    flow.y += height;
    flow.spaceAfter(spaceAfter);
  }

  private list(block: BlockOf<'list'>, frame: Frame, next: FlowBlock | undefined): void {
    const flow = this.flow;
    const body = flow.theme.body;
    const { bullets, gap, minIndent } = flow.theme.list;
    const markers = block.items.map((_, i) => (block.ordered ? `${block.start + i}.` : bullets[frame.listDepth % bullets.length]!));
    const markerWidth = Math.max(0, ...markers.map((m) => flow.metrics.measure(m, 'regular', body.size)));
    const indent = Math.max(minIndent, markerWidth + gap);
    if (!frame.tight) flow.space(body.spaceBefore);
    const list = frame.parent.add('L');
    block.items.forEach((item, i) => {
      const li = list.add('LI');
      const label = li.add('Lbl');
      const itemFrame: Frame = { ...frame, x: frame.x + indent, width: frame.width - indent, parent: li.add('LBody'), listDepth: frame.listDepth + 1, tight: true };
      flow.addLabel({ text: markers[i]!, x: frame.x + indent - gap, align: 'right', font: 'regular', color: block.ordered ? body.color : flow.theme.mutedColor, node: label });
      this.blocks(item, itemFrame, block.items[i + 1]?.[0] ?? next);
      if (flow.hasLabels) {
        // An empty item still shows its marker.
        flow.ensure(body.lineHeight);
        flow.placeLabels(baselineOf(flow.y, body.size, body.lineHeight), body.size);
        flow.y += body.lineHeight;
      }
    });
    if (!frame.tight) flow.spaceAfter(body.spaceAfter);
  }

  private quote(block: BlockOf<'quote'>, frame: Frame, next: FlowBlock | undefined): void {
    const flow = this.flow;
    const { indent, barColor, barWidth } = flow.theme.quote;
    flow.space(flow.theme.body.spaceBefore);
    const startPage = flow.pageNumber;
    const startY = flow.y;
    const inner: Frame = { ...frame, x: frame.x + indent, width: frame.width - indent, parent: frame.parent.add('BlockQuote'), quoted: true };
    this.blocks(block.blocks, inner, next);
    const endY = flow.y - flow.theme.body.spaceAfter;
    const endPage = flow.pageNumber;
    for (let p = startPage; p <= endPage; p++) {
      const y1 = p === startPage ? startY : flow.top;
      const y2 = p === endPage ? endY : flow.bottom;
      if (y2 > y1) flow.push({ kind: 'fill', x: frame.x + 2, y: y1, w: barWidth, h: y2 - y1, color: barColor }, p);
    }
  }

  private code(block: BlockOf<'code'>, frame: Frame): void {
    const flow = this.flow;
    const { size, lineHeight, color, background, padding } = flow.theme.code;
    const style: TextStyle = { size, lineHeight, color, bold: false, italic: false };
    const innerWidth = frame.width - 2 * padding;
    const lines = this.lines.codeLines(block.text, innerWidth, size, color);
    flow.space(flow.theme.body.spaceBefore);
    const node = frame.parent.add('Code');
    const count = lines.length;
    flow.y += padding;
    flow.placeLines(lines, frame.x + padding, innerWidth, style, node, 'left', (top, index) => {
      const first = index === 0;
      const last = index === count - 1;
      const y = first ? top - padding : top;
      const h = lineHeight + (first ? padding : 0) + (last ? padding : 0);
      flow.push({ kind: 'fill', x: frame.x, y, w: frame.width, h, color: background });
    });
    flow.y += padding + flow.theme.body.spaceAfter;
  }

  private image(block: BlockOf<'image'>, frame: Frame): void {
    const flow = this.flow;
    const scale = Math.min(block.maxWidth / block.width, block.maxHeight / block.height);
    const w = block.width * scale;
    const h = block.height * scale;
    flow.ensure(h);
    flow.push({ kind: 'image', x: frame.x, y: flow.y, w, h, bytes: block.bytes, node: frame.parent.add('Figure', block.alt) });
    flow.y += h + 10;
  }
}
