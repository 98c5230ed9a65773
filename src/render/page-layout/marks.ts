import type { FontKey } from './font-metrics.js';
import type { StructNode } from './struct-node.js';

/**
 * One thing to draw on a page, recorded by layout. A `pageRef` is the page number of an anchor, known
 * only once layout has placed every heading; `anchor` and `outline` draw nothing visible.
 */
export type Mark =
  | { kind: 'text'; x: number; baseline: number; text: string; font: FontKey; size: number; color: string; node: StructNode | null }
  | { kind: 'pageRef'; anchor: string; right: number; baseline: number; font: FontKey; size: number; color: string; node: StructNode }
  | { kind: 'fill'; x: number; y: number; w: number; h: number; color: string }
  | { kind: 'frame'; x: number; y: number; w: number; h: number; color: string; width: number }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; color: string; width: number; dotted: number }
  | { kind: 'image'; x: number; y: number; w: number; h: number; bytes: Uint8Array; node: StructNode }
  | { kind: 'link'; x: number; y: number; w: number; h: number; url: string | null; anchor: string | null; description: string; node: StructNode }
  | { kind: 'anchor'; name: string; y: number }
  | { kind: 'outline'; title: string; depth: number; anchor: string };

/** What layout recorded: the marks of every page, the page (1-based) of every anchor, the tag tree. */
export interface LaidOutPages {
  readonly pages: readonly (readonly Mark[])[];
  /** Width and height of every page (a landscape page is turned). */
  readonly sizes: readonly (readonly [number, number])[];
  readonly anchors: ReadonlyMap<string, number>;
  readonly root: StructNode;
}
