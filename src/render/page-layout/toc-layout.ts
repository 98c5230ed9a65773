import { fontOf } from './font-metrics.js';
import { textRun, type FlowBlock } from './layout-input.js';
import type { LineBreaker, TextStyle } from './line-breaking.js';
import { baselineOf, type Frame, type PageFlow } from './page-flow.js';

/** Space between the dots of a leader, in points. */
const LEADER_GAP = 3.2;

/**
 * Places the table of contents: per entry its number, title, a dotted leader and the page number
 * (filled in when drawing), all of it one link to the heading.
 */
export function layoutToc(block: Extract<FlowBlock, { kind: 'toc' }>, frame: Frame, flow: PageFlow, lines: LineBreaker): void {
  const { theme, metrics } = flow;
  const t = theme.toc;
  const toc = frame.parent.add('TOC');
  const numberWidth = metrics.measure('0000', 'bold', t.size);
  const labelWidths = new Map<number, number>();
  for (const entry of block.entries) {
    const font = fontOf(entry.depth === 1, false);
    const w = entry.label ? metrics.measure(entry.label, font, t.size) + t.size * 0.9 : 0;
    labelWidths.set(entry.depth, Math.max(labelWidths.get(entry.depth) ?? 0, w));
  }
  const right = frame.x + frame.width;
  for (const entry of block.entries) {
    const top = entry.depth === 1;
    const style: TextStyle = { size: t.size, lineHeight: t.lineHeight, color: theme.body.color, bold: top, italic: false };
    const indent = (entry.depth - 1) * t.indent;
    const labelWidth = labelWidths.get(entry.depth) ?? 0;
    const textX = frame.x + indent + labelWidth;
    const textWidth = right - numberWidth - 14 - textX;
    const entryLines = lines.lines(entry, [textRun(entry.title)], style, textWidth);
    if (top) flow.space(t.topSpacing);
    // A top-level entry keeps with the entry after it, as Word's TOC 1 style keeps it.
    flow.ensure((entryLines.length + (top && entry !== block.entries[block.entries.length - 1] ? 1 : 0)) * t.lineHeight);
    const startY = flow.y;
    const link = toc.add('TOCI').add('Link');
    const font = fontOf(top, false);
    if (entry.label) flow.addLabel({ text: entry.label, x: frame.x + indent, align: 'left', font, color: style.color, node: link });
    entryLines.forEach((line, i) => {
      flow.placeLine(line, textX, textWidth, flow.y, style, link, 'left');
      if (i < entryLines.length - 1) flow.y += t.lineHeight;
    });
    const last = entryLines[entryLines.length - 1];
    const baseline = baselineOf(flow.y, t.size, t.lineHeight);
    const leaderEnd = right - numberWidth - 4;
    const leaderStart = textX + (last?.width ?? 0) + 5;
    // The first dot moves onto the grid of the last, so that the dots of every entry sit in the same columns.
    const snapped = leaderEnd - Math.floor((leaderEnd - leaderStart) / LEADER_GAP) * LEADER_GAP;
    if (leaderEnd - snapped >= LEADER_GAP) {
      flow.push({ kind: 'line', x1: snapped, y1: baseline - 0.6, x2: leaderEnd, y2: baseline - 0.6, color: t.leaderColor, width: 0.9, dotted: LEADER_GAP });
    }
    flow.push({ kind: 'pageRef', anchor: entry.anchor, right, baseline, font, size: t.size, color: style.color, node: link });
    flow.y += t.lineHeight;
    flow.push({ kind: 'link', x: frame.x + indent, y: startY, w: right - frame.x - indent, h: flow.y - startY, url: null, anchor: entry.anchor, description: `${entry.label} ${entry.title}`.trim(), node: link });
  }
}
