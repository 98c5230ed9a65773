/**
 * A small HTML builder: every text and attribute value is escaped here, once, so no page is ever put
 * together from unescaped strings (a value from the organisation file is data, never markup).
 */

/** Markup that is already safe to emit. */
export interface Html {
  readonly html: string;
}

/** What an element may hold: markup, text (escaped), or nothing. Arrays are flattened. */
export type HtmlChild = Html | string | null | undefined | false | readonly HtmlChild[];

/** Attribute values; `true` writes a bare attribute, `false`, null and undefined leave it out. */
export type HtmlAttributes = Readonly<Record<string, string | number | boolean | null | undefined>>;

const VOID = new Set(['meta', 'link', 'img', 'br', 'input', 'hr']);

/** Elements after which a line break is written, so the source reads (and diffs) by block. */
const BLOCK = new Set(['html', 'head', 'body', 'header', 'nav', 'main', 'footer', 'section', 'article', 'div', 'p', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'caption', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'meta', 'link', 'title', 'script', 'blockquote', 'pre', 'form', 'dl', 'dt', 'dd', 'hr', 'style']);

/** Escapes text for element content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);
}

/** Markup that is trusted as it is (the builder's own output, a script or style of the site's own). */
export function raw(html: string): Html {
  return { html };
}

/** One element with its attributes (in the order given) and children. */
export function h(tag: string, attributes: HtmlAttributes = {}, ...children: HtmlChild[]): Html {
  let open = `<${tag}`;
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    open += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  open += '>';
  const end = BLOCK.has(tag) ? '\n' : '';
  if (VOID.has(tag)) return { html: open + end };
  return { html: `${open}${serialise(children)}</${tag}>${end}` };
}

/** Children as one run of markup, without an element around them. */
export function fragment(...children: HtmlChild[]): Html {
  return { html: serialise(children) };
}

function serialise(children: readonly HtmlChild[]): string {
  let out = '';
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (typeof child === 'string') out += escapeHtml(child);
    else if (Array.isArray(child)) out += serialise(child as readonly HtmlChild[]);
    else out += (child as Html).html;
  }
  return out;
}
