/** Terminal styling: see `colourEnabled` for when it is on. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
}

const plain: Style = { bold: (t) => t, dim: (t) => t, red: (t) => t, yellow: (t) => t, green: (t) => t };

/**
 * Whether to colour a stream. NO_COLOR (any non-empty value, no-color.org) turns colour off, whatever
 * else is set; FORCE_COLOR (any value but 0 or false) turns it on, also into a pipe or file (CI logs);
 * otherwise colour only on a terminal whose TERM is not `dumb`.
 */
export function colourEnabled(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force.toLowerCase() !== 'false') return true;
  return isTTY && env.TERM !== 'dumb';
}

/** The style of a stream: colours per `colourEnabled`, plain text otherwise. */
export function styleFor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): Style {
  if (!colourEnabled(isTTY, env)) return plain;
  const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39) };
}
