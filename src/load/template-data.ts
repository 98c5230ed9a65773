import { unzipSync } from 'fflate';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { decodeText } from '../source/source-file.js';
import { MAX_TEXT_FILE_BYTES } from './load-project.js';
import { readRegularFile } from './read-regular-file.js';

/** The namespace of a policymark template's data (src/render/docx/template-data-part.ts writes it). */
const TEMPLATE_DATA_NAMESPACE = 'urn:policymark:template:1';

/** A Word file policymark accepts for import: templates are a few hundred kilobytes. */
const MAX_DOCX_BYTES = 64 * 1024 * 1024;
/** The largest custom XML part read: one short value per field. */
const MAX_PART_BYTES = 4 * 1024 * 1024;

/** The values a filled-in template carries, as Word saved them. */
export interface TemplateData {
  /** The template's language (`xml:lang` of the data). */
  readonly lang: string;
  /** Field path to the text its content controls hold, in the part's order. */
  readonly fields: ReadonlyMap<string, string>;
}

/**
 * Reads the custom XML part of a template .docx (`customXml/item*.xml` with policymark's namespace).
 * Only the data parts are inflated. The XML is read by a small reader of its own that refuses document
 * type declarations, so no entity is ever defined or expanded; only the five predefined entities and
 * character references are decoded. `value` is undefined, with a diagnostic, when the file cannot be
 * read, is no Word file, or is no policymark template.
 */
export async function loadTemplateData(absolute: string, file: string): Promise<{ value: TemplateData | undefined; diagnostics: Diagnostic[] }> {
  const at = { line: 0, column: 0 };
  const fail = (code: 'load/not-found' | 'load/too-large' | 'load/unreadable-file' | 'import/not-a-template', message: string, hint: string) => ({ value: undefined, diagnostics: [diagnostic(code, file, at, message, { hint })] });
  const read = await readRegularFile(absolute, MAX_DOCX_BYTES, true);
  if ('problem' in read) {
    switch (read.problem) {
      case 'not-found': return fail('load/not-found', 'This file does not exist.', 'Check the path; it is relative to the current folder.');
      case 'not-a-file': return fail('load/not-found', 'This path is not a regular file (it is a folder, a device, a pipe or a link).', 'Name the .docx file of a filled-in template.');
      case 'too-large': return fail('load/too-large', `This file is ${read.size} bytes, more than the ${MAX_DOCX_BYTES} bytes a template may have.`, 'Name the .docx file of a filled-in template.');
      default: return fail('load/unreadable-file', `This file could not be read (${read.code}).`, 'Check its permissions.');
    }
  }
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(read.bytes, { filter: (entry) => /^customXml\/item\d+\.xml$/.test(entry.name) && entry.originalSize <= MAX_PART_BYTES });
  } catch {
    return fail('import/not-a-template', 'This file is not a Word document (.docx): it is not a zip package.', 'Import the .docx of a template built with `policymark build --template`.');
  }
  for (const name of Object.keys(parts).sort()) {
    const text = decodeText(parts[name]!);
    const data = text === undefined ? undefined : readTemplateXml(text);
    if (data) return { value: data, diagnostics: [] };
  }
  return fail(
    'import/not-a-template',
    'This Word document is not a policymark template: it has no custom XML part with policymark\'s fields, so there is nothing to import.',
    'Import the .docx of a template built with `policymark build --template` and filled in by the client.',
  );
}

/** The organisation file's text, for import to edit; a diagnostic when it cannot be read. */
export async function loadOrganisationText(absolute: string, file: string): Promise<{ value: string | undefined; diagnostics: Diagnostic[] }> {
  const at = { line: 0, column: 0 };
  const read = await readRegularFile(absolute, MAX_TEXT_FILE_BYTES, true);
  if ('problem' in read) {
    const message = read.problem === 'not-found' ? 'This file does not exist.' : read.problem === 'not-a-file' ? 'This path is not a regular file.' : read.problem === 'too-large' ? 'This file is too large for an organisation file.' : `This file could not be read (${read.code}).`;
    return { value: undefined, diagnostics: [diagnostic(read.problem === 'too-large' ? 'load/too-large' : read.problem === 'unreadable' ? 'load/unreadable-file' : 'load/not-found', file, at, message, { hint: 'Name the organisation file with --org.' })] };
  }
  const text = decodeText(read.bytes);
  if (text === undefined) return { value: undefined, diagnostics: [diagnostic('load/invalid-utf8', file, at, 'This file is not UTF-8 text.', { hint: 'Save it as UTF-8 text.' })] };
  return { value: text, diagnostics: [] };
}

interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: XmlElement[];
  text: string;
}

/** The data of a policymark template part, or undefined when the XML is another part or is not well formed. */
export function readTemplateXml(xml: string): TemplateData | undefined {
  const root = parseXml(xml);
  if (!root) return undefined;
  const namespaceOf = (element: XmlElement, scope: ReadonlyMap<string, string>): string | undefined => {
    const prefix = element.name.includes(':') ? element.name.slice(0, element.name.indexOf(':')) : '';
    return scope.get(prefix);
  };
  const scopeOf = (element: XmlElement, parent: ReadonlyMap<string, string>): Map<string, string> => {
    const scope = new Map(parent);
    for (const [name, value] of element.attributes) {
      if (name === 'xmlns') scope.set('', value);
      else if (name.startsWith('xmlns:')) scope.set(name.slice(6), value);
    }
    return scope;
  };
  const localName = (name: string): string => name.slice(name.indexOf(':') + 1);
  const rootScope = scopeOf(root, new Map());
  if (localName(root.name) !== 'organisation' || namespaceOf(root, rootScope) !== TEMPLATE_DATA_NAMESPACE) return undefined;
  const fields = new Map<string, string>();
  for (const child of root.children) {
    if (namespaceOf(child, scopeOf(child, rootScope)) !== TEMPLATE_DATA_NAMESPACE) continue;
    fields.set(localName(child.name), child.text);
  }
  return { lang: root.attributes.get('xml:lang') ?? '', fields };
}

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const REFERENCE = /&(#x[0-9A-Fa-f]+|#\d+|[A-Za-z]+);/g;

/** Decodes the predefined entities and character references; undefined for any other `&`. */
function decodeEntities(text: string): string | undefined {
  if (/&(?!(?:#x[0-9A-Fa-f]+|#\d+|[A-Za-z]+);)/.test(text)) return undefined;
  let bad = false;
  const out = text.replace(REFERENCE, (_, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (code > 0x10ffff) bad = true;
      return bad ? '' : String.fromCodePoint(code);
    }
    const value = PREDEFINED[ref];
    if (value === undefined) bad = true;
    return value ?? '';
  });
  return bad ? undefined : out;
}

/**
 * A minimal, non-validating XML reader for one small data part: elements, attributes, text, CDATA,
 * comments and processing instructions. A DOCTYPE (and so any entity definition) is refused.
 */
function parseXml(xml: string): XmlElement | undefined {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let at = 0;
  const appendText = (text: string): boolean => {
    const top = stack[stack.length - 1];
    if (!top) return text.trim() === '';
    top.text += text;
    return true;
  };
  while (at < xml.length) {
    const lt = xml.indexOf('<', at);
    if (lt === -1) return appendText(xml.slice(at)) && stack.length === 0 ? root : undefined;
    if (lt > at) {
      const text = decodeEntities(xml.slice(at, lt));
      if (text === undefined || !appendText(text)) return undefined;
    }
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end === -1) return undefined;
      at = end + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end === -1 || !appendText(xml.slice(lt + 9, end))) return undefined;
      at = end + 3;
    } else if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt + 2);
      if (end === -1) return undefined;
      at = end + 2;
    } else if (xml.startsWith('<!', lt)) {
      // <!DOCTYPE ...>: entity definitions are never read, so never expanded.
      return undefined;
    } else if (xml.startsWith('</', lt)) {
      const end = xml.indexOf('>', lt);
      const open = stack.pop();
      if (end === -1 || !open || xml.slice(lt + 2, end).trim() !== open.name) return undefined;
      at = end + 1;
    } else {
      const tag = /^<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(xml.slice(lt, lt + 65536));
      if (!tag) return undefined;
      const attributes = new Map<string, string>();
      for (const [, name, double, single] of tag[2]!.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        const value = decodeEntities(double ?? single ?? '');
        if (value === undefined || attributes.has(name!)) return undefined;
        attributes.set(name!, value);
      }
      const element: XmlElement = { name: tag[1]!, attributes, children: [], text: '' };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root) return undefined;
      else root = element;
      if (tag[3] !== '/') stack.push(element);
      at = lt + tag[0].length;
    }
  }
  return stack.length === 0 ? root : undefined;
}
