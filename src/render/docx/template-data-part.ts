import type { DocumentModel, FieldText, Inline, PlaceholderInline } from '../../model/document.js';
import { inlinesIn, sectionsInOrder } from '../../model/visit.js';

/**
 * The custom XML part of a Word template: one element per organisation field the template marks, named
 * by its field path (src/template/field-paths.ts), holding what the content controls bound to it show.
 * Word keeps every control bound to an element in step with it, so the client types a value once and
 * every occurrence shows it; `policymark import` reads the values back from this part.
 *
 * The part: `customXml/item1.xml` (the data), `customXml/itemProps1.xml` (its datastore id, fixed so that
 * builds are byte-identical), related from `word/document.xml` and from the data item to its properties.
 */

/** Namespace of the data; also the mark by which `import` knows a policymark template. */
export const TEMPLATE_DATA_NAMESPACE = 'urn:policymark:template:1';

/** The datastore id the content controls bind to (fixed: every template has exactly one such part). */
export const TEMPLATE_DATASTORE_ID = '{5C0E6A1B-7D4F-4B8A-9E21-3F6D8C2B1A07}';

/** Where the data lives in the package. */
export const TEMPLATE_DATA_PART = 'customXml/item1.xml';
const PROPS_PART = 'customXml/itemProps1.xml';

/** The XPath of a field's element, as a content control's `w:dataBinding` names it. */
export function fieldXPath(path: string): string {
  return `/pm:organisation[1]/pm:${path}[1]`;
}

/** The prefix mapping that goes with {@link fieldXPath}. */
export const PREFIX_MAPPINGS = `xmlns:pm='${TEMPLATE_DATA_NAMESPACE}'`;

/** What a bound content control shows before the client fills it: the placeholder, or the default's value. */
export function controlText(placeholder: PlaceholderInline): string {
  return placeholder.value ?? `[${placeholder.label}]`;
}

/**
 * Every field the document binds, with the text its controls show, in document order: the fixed
 * fields, the checklist and the sections. Empty when the document has nothing to fill in or adapt.
 */
export function boundFields(model: DocumentModel): Map<string, string> {
  const fields = new Map<string, string>();
  const add = (inline: Inline | FieldText): void => {
    if (typeof inline === 'string' || inline.type !== 'placeholder' || inline.path === undefined) return;
    if (!fields.has(inline.path)) fields.set(inline.path, controlText(inline));
  };
  [model.organisation.legalName, model.organisation.shortName, model.policy.owner.name, model.policy.owner.title, model.policy.approver.name, model.policy.approver.title].forEach(add);
  for (const entry of model.history) add(entry.author);
  for (const item of model.toComplete ?? []) if (item.path !== undefined) add({ type: 'placeholder', label: item.label, path: item.path });
  for (const { section } of sectionsInOrder(model.sections)) inlinesIn(section.blocks).forEach(add);
  return fields;
}

/**
 * Adds the data part to a package's files (template mode only: a document without bound fields is
 * left as it is, byte for byte). The document's language goes on the root, for `import`.
 */
export function addTemplateDataPart(files: Record<string, string | Uint8Array>, model: DocumentModel): Record<string, string | Uint8Array> {
  const fields = boundFields(model);
  if (fields.size === 0) return files;
  const text = (name: string): string => {
    const entry = files[name];
    if (typeof entry === 'string') return entry;
    if (entry === undefined) throw new Error(`addTemplateDataPart: the package has no ${name}`);
    return new TextDecoder().decode(entry);
  };
  const elements = [...fields].map(([path, value]) => `<${path}>${escapeXml(value)}</${path}>`).join('');
  const lang = /^[A-Za-z0-9-]+$/.test(model.lang) ? model.lang : 'und';
  const contentTypes = text('[Content_Types].xml').replace(
    '</Types>',
    `<Override ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml" PartName="/${PROPS_PART}"/></Types>`,
  );
  const documentRels = text('word/_rels/document.xml.rels').replace(
    '</Relationships>',
    `<Relationship Id="rIdTemplateData" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="../${TEMPLATE_DATA_PART}"/></Relationships>`,
  );
  return {
    ...files,
    '[Content_Types].xml': contentTypes,
    'word/_rels/document.xml.rels': documentRels,
    [TEMPLATE_DATA_PART]: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<organisation xmlns="${TEMPLATE_DATA_NAMESPACE}" xml:lang="${lang}">${elements}</organisation>`,
    [PROPS_PART]:
      `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem ds:itemID="${TEMPLATE_DATASTORE_ID}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">` +
      `<ds:schemaRefs><ds:schemaRef ds:uri="${TEMPLATE_DATA_NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>`,
    'customXml/_rels/item1.xml.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps" Target="itemProps1.xml"/></Relationships>',
  };
}

/** Escapes text for element content, dropping what XML 1.0 cannot carry (as inlines-to-docx's xmlText). */
function escapeXml(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
