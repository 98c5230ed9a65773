/**
 * The brand colour on the site: WCAG 2.1 contrast (1.4.3, AA: 4.5:1 for text) against white, and the
 * darkest-needed shade of the same hue where the organisation's colour is too light for text.
 */

/** The contrast AA asks of normal text. */
export const AA_TEXT_CONTRAST = 4.5;

/** `#RRGGBB` (or `#RGB`) as red, green, blue in 0-255; undefined for anything else. */
export function parseHexColour(colour: string): readonly [number, number, number] | undefined {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour.trim());
  if (!match) return undefined;
  const hex = match[1]!.length === 3 ? [...match[1]!].map((c) => c + c).join('') : match[1]!;
  return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as unknown as readonly [number, number, number];
}

/** WCAG relative luminance of an sRGB colour. */
export function relativeLuminance([r, g, b]: readonly [number, number, number]): number {
  const channel = (value: number): number => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** The contrast ratio of a colour against white (1 to 21). */
export function contrastOnWhite(rgb: readonly [number, number, number]): number {
  return 1.05 / (relativeLuminance(rgb) + 0.05);
}

function toHex(rgb: readonly number[]): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('').toUpperCase()}`;
}

/**
 * The colours the site uses for the brand: `text` is the brand colour itself when it reaches AA on
 * white, else the lightest shade of it (the colour scaled towards black in 1% steps) that does; links,
 * headings and the header bar (white text on it) use `text`. `ratio` is the brand colour's own contrast.
 */
export function siteBrandColours(colour: string): { readonly brand: string; readonly text: string; readonly ratio: number; readonly passes: boolean } {
  const rgb = parseHexColour(colour) ?? [0x1f, 0x4e, 0x79];
  const ratio = contrastOnWhite(rgb);
  if (ratio >= AA_TEXT_CONTRAST) return { brand: toHex(rgb), text: toHex(rgb), ratio, passes: true };
  for (let step = 1; step <= 100; step++) {
    const shade = rgb.map((c) => Math.floor((c * (100 - step)) / 100));
    if (contrastOnWhite(shade as unknown as readonly [number, number, number]) >= AA_TEXT_CONTRAST) return { brand: toHex(rgb), text: toHex(shade), ratio, passes: false };
  }
  return { brand: toHex(rgb), text: '#000000', ratio, passes: false };
}
