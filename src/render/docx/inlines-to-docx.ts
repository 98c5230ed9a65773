import { DeletedTextRun, ExternalHyperlink, InsertedTextRun, NextAttributeComponent, Tab, TextRun, XmlComponent, type ParagraphChild } from 'docx';
import type { Inline, PlaceholderInline } from '../../model/document.js';
import { controlText, fieldXPath, PREFIX_MAPPINGS, TEMPLATE_DATASTORE_ID } from './template-data-part.js';
import { LINK_COLOR, PLACEHOLDER_COLOR, STYLE } from './theme.js';

/** Character formatting inherited from enclosing strong and emphasis. */
export interface RunStyle {
  readonly bold?: boolean;
  readonly italics?: boolean;
}

/** Inline content as Word runs: placeholders marked, links as hyperlinks, tracked changes as revisions. */
export function inlines(children: readonly Inline[], style: RunStyle): ParagraphChild[] {
  return children.flatMap((child) => inline(child, style));
}

function inline(node: Inline, style: RunStyle): ParagraphChild[] {
  switch (node.type) {
    case 'text':
      // A newline inside Markdown text is a soft break: a space.
      return runs(node.value.replace(/[ \t]*\r?\n[ \t]*/g, ' '), style);
    case 'strong':
      return inlines(node.children, { ...style, bold: true });
    case 'emphasis':
      return inlines(node.children, { ...style, italics: true });
    case 'code':
      return [new TextRun({ ...style, style: STYLE.verbatimChar, text: xmlText(node.value) })];
    case 'break':
      return [new TextRun({ break: 1 })];
    case 'placeholder':
      return [placeholderControl(node, style)];
    case 'link':
      return [
        new ExternalHyperlink({
          link: xmlText(node.url),
          children: linkRuns(node.children, style),
        }),
      ];
    case 'revision':
      return revisionRuns(node, style);
  }
}

/**
 * A tracked change as Word revision runs (`w:ins`, `w:del`) that Word and LibreOffice can accept or
 * reject one by one. Ids are placeholders here; packing numbers them in document order.
 */
function revisionRuns(node: Extract<Inline, { type: 'revision' }>, style: RunStyle): ParagraphChild[] {
  const mark = { id: 0, author: xmlText(node.author), date: `${node.date}T00:00:00Z` };
  const flat = (children: readonly Inline[], inner: RunStyle): { text: string; style: RunStyle }[] =>
    children.flatMap((child) => {
      switch (child.type) {
        case 'text': return [{ text: child.value.replace(/[ \t]*\r?\n[ \t]*/g, ' '), style: inner }];
        case 'code': return [{ text: child.value, style: inner }];
        case 'break': return [{ text: ' ', style: inner }];
        case 'placeholder': return [{ text: controlText(child), style: inner }];
        case 'strong': return flat(child.children, { ...inner, bold: true });
        case 'emphasis': return flat(child.children, { ...inner, italics: true });
        case 'link': case 'revision': return flat(child.children, inner);
      }
    });
  return flat(node.children, style).map(({ text, style: runStyle }) =>
    node.change === 'insert'
      ? new InsertedTextRun({ ...runStyle, ...mark, children: tabbed(text) })
      : new DeletedTextRun({ ...runStyle, ...mark, children: tabbed(text) }));
}

/** A link's text as plain runs in the Hyperlink style (a link cannot hold another link). */
function linkRuns(children: readonly Inline[], style: RunStyle): TextRun[] {
  return children.flatMap((child): TextRun[] => {
    switch (child.type) {
      case 'text':
        return [new TextRun({ ...style, style: STYLE.hyperlink, children: tabbed(child.value.replace(/[ \t]*\r?\n[ \t]*/g, ' ')) })];
      case 'code':
        return [new TextRun({ ...style, style: STYLE.verbatimChar, color: LINK_COLOR, underline: { type: 'single' }, text: xmlText(child.value) })];
      case 'strong':
        return linkRuns(child.children, { ...style, bold: true });
      case 'emphasis':
        return linkRuns(child.children, { ...style, italics: true });
      case 'break':
        return [new TextRun({ break: 1 })];
      case 'placeholder':
        return [placeholderRun(child, style)];
      case 'link':
      case 'revision':
        return linkRuns(child.children, style);
    }
  });
}

/** Text colour of a default to adapt: dark blue on turquoise, apart from the red of what is missing. */
const ADAPT_COLOR = '1F3864';

/**
 * A template's placeholder: red on yellow, like the fill-in fields of commercial templates; a default
 * to adapt shows its value, dark blue on turquoise.
 */
function placeholderRun(placeholder: PlaceholderInline, style: RunStyle): TextRun {
  const adapt = placeholder.value !== undefined;
  return new TextRun({ ...style, text: xmlText(controlText(placeholder)), color: adapt ? ADAPT_COLOR : PLACEHOLDER_COLOR, highlight: adapt ? 'cyan' : 'yellow' });
}

/** A Word element with attributes and children, for the content-control markup docx has no class for. */
class WordElement extends XmlComponent {
  constructor(name: string, attributes: Readonly<Record<string, string>>, children: readonly (XmlComponent | string)[] = []) {
    super(name);
    const entries = Object.entries(attributes);
    if (entries.length > 0) this.root.push(new NextAttributeComponent(Object.fromEntries(entries.map(([key, value]) => [key, { key, value }]))));
    this.root.push(...children);
  }
}

/**
 * A placeholder as a plain-text content control (`w:sdt`) named after its field and bound to the
 * field's element of the template's custom XML part (template-data-part.ts), so that the client types
 * a value once and every control bound to the field shows it. A placeholder that names no field is a
 * marked run only.
 */
function placeholderControl(placeholder: PlaceholderInline, style: RunStyle): ParagraphChild {
  const run = placeholderRun(placeholder, style);
  if (placeholder.path === undefined) return run;
  const adapt = placeholder.value !== undefined;
  const control = new WordElement('w:sdt', {}, [
    new WordElement('w:sdtPr', {}, [
      new WordElement('w:alias', { 'w:val': xmlText(adapt ? `${placeholder.label} (adapt)` : placeholder.label) }),
      new WordElement('w:tag', { 'w:val': `${adapt ? 'policymark-adapt' : 'policymark'}:${placeholder.path}` }),
      new WordElement('w:dataBinding', { 'w:prefixMappings': PREFIX_MAPPINGS, 'w:xpath': fieldXPath(placeholder.path), 'w:storeItemID': TEMPLATE_DATASTORE_ID }),
      new WordElement('w:text', {}),
    ]),
    new WordElement('w:sdtContent', {}, [run]),
  ]);
  // docx types a paragraph's children as a closed union of its own classes; a content control is
  // XML it serializes like any of them.
  return control as unknown as ParagraphChild;
}

/** Text as runs; tabs become Word tabs. */
export function runs(value: string, style: RunStyle = {}): TextRun[] {
  return [new TextRun({ ...style, children: tabbed(value) })];
}

function tabbed(value: string): (string | Tab)[] {
  const parts = xmlText(value).split('\t');
  return parts.flatMap((part, i) => (i === 0 ? [part] : [new Tab(), part])).filter((part) => part !== '');
}

/** A code block's lines as runs separated by line breaks. */
export function codeRuns(value: string): TextRun[] {
  return value.split(/\r?\n/).map((line, i) => new TextRun({ children: tabbed(line), ...(i > 0 ? { break: 1 } : {}) }));
}

/** Inline content as the text it shows, placeholders as "[label]" (for sizing table columns). */
export function plainText(children: readonly Inline[]): string {
  return children.map((child) => ('value' in child ? child.value : 'children' in child ? plainText(child.children) : child.type === 'placeholder' ? `[${child.label}]` : ' ')).join('');
}

/**
 * Drops the characters XML 1.0 cannot carry at all (C0 controls other than tab and newline, lone
 * surrogates, U+FFFE/U+FFFF). Everything else is text: docx escapes `<`, `&` and quotes, and nothing
 * is ever interpreted as markup.
 */
export function xmlText(value: string): string {
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

