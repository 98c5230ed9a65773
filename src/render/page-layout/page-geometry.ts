import type { PageSize } from './layout-input.js';

/**
 * Width and height of each page size, in points: Word's page sizes in twips (A4 11906 × 16838), so
 * that the text column the pagination fills is the one Word's tables are sized to.
 */
export const PAGE_SIZES: Readonly<Record<PageSize, readonly [number, number]>> = { A4: [595.3, 841.9], Letter: [612, 792] };

/** Page margins in points; the running header and footer sit inside them. */
export const MARGIN = { top: 78, bottom: 74, left: 64, right: 64 } as const;

/** Tolerance when comparing positions and widths, so that rounding never moves a line or a page. */
export const FIT = 0.01;
