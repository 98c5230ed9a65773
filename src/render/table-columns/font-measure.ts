import type { TextMeasure } from './column-widths.js';

/** An em's share a character is taken to be without fonts. */
const UNKNOWN_EM = 0.6;

/**
 * A measure without fonts: every character 0.6 em (wider than most text faces' letters), for tests of
 * the width algorithm. Documents are measured in their fonts (`textMeasure` in render/page-layout/).
 */
export const approximateMeasure: TextMeasure = (text, _face, size) => [...text].length * UNKNOWN_EM * size;
