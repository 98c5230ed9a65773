import { isMap, isScalar, isSeq, type Document } from 'yaml';
import { z } from 'zod';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { loadOrganisationText, loadTemplateData } from '../load/template-data.js';
import { OrganisationSchema } from '../schema/organisation.js';
import { LanguageSchema } from '../schema/common.js';
import { displayPath } from '../source/display-path.js';
import { parseYamlSource, yamlTree } from '../source/yaml-source.js';
import { fieldPathSegments, isFieldPath } from '../template/field-paths.js';
import { placeholderLabel } from '../template/placeholders.js';
import { validateYaml } from '../validate/zod-issues-to-diagnostics.js';
import { writeOrganisationFile } from '../write/organisation-file.js';

/** What `policymark import` reads and where it writes. */
export interface ImportRequest {
  /** Folder that paths in diagnostics are relative to. */
  readonly root: string;
  /** Absolute path of the filled-in template .docx. */
  readonly docxFile: string;
  /** Absolute path of the organisation file to write the values into. */
  readonly organisationFile: string;
}

/** A value taken from the template into the organisation file. */
export interface ImportedValue {
  /** The template's field path (src/template/field-paths.ts). */
  readonly field: string;
  readonly value: string;
  /** Where it went in the organisation file, as its keys. */
  readonly yamlPath: string;
}

/** Why a value of the template was left out. */
export type SkipReason = 'unknown-field' | 'empty' | 'placeholder' | 'unchanged';

export interface SkippedValue {
  readonly field: string;
  readonly value: string;
  readonly reason: SkipReason;
}

export interface ImportResult {
  readonly ok: boolean;
  /** Whether the organisation file was rewritten. */
  readonly written: boolean;
  readonly imported: readonly ImportedValue[];
  readonly skipped: readonly SkippedValue[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * `import`: reads the values a client filled into a template .docx (its custom XML part) and writes
 * them into the organisation file, keeping the file's comments, key order and layout (yaml's Document
 * API). Nothing is written unless the result is a valid organisation file: a value that does not fit
 * is a diagnostic naming its field. Values that cannot be mapped (an unknown field, an empty value, a
 * placeholder or default left as it was) are listed, never guessed.
 */
export async function importTemplate(request: ImportRequest): Promise<ImportResult> {
  const docx = displayPath(request.root, request.docxFile);
  const orgFile = displayPath(request.root, request.organisationFile);
  const failed = (diagnostics: readonly Diagnostic[]): ImportResult => ({ ok: false, written: false, imported: [], skipped: [], diagnostics });

  const data = await loadTemplateData(request.docxFile, docx);
  if (!data.value) return failed(data.diagnostics);
  const text = await loadOrganisationText(request.organisationFile, orgFile);
  if (text.value === undefined) return failed(text.diagnostics);
  const source = parseYamlSource(orgFile, text.value);
  if (!source.value) return failed(source.diagnostics);
  const before = validateYaml(source.value, OrganisationSchema, 'organisation file');
  if (!before.value) return failed(before.diagnostics);

  const { document } = yamlTree(source.value);
  const organisation = before.value;
  const lang = LanguageSchema.safeParse(data.value.lang).success ? data.value.lang : undefined;
  const imported: ImportedValue[] = [];
  const skipped: SkippedValue[] = [];
  /** Fields of people to create, by the role they hold. */
  const newPeople = new Map<string, Map<string, string>>();

  for (const [field, raw] of data.value.fields) {
    const value = raw.replace(/\s+/g, ' ').trim();
    const segments = isFieldPath(field) ? fieldPathSegments(field) : [];
    const kind = segments.length > 0 ? fieldKind(segments) : undefined;
    const skip = (reason: SkipReason): void => void skipped.push({ field, value: raw, reason });
    if (!kind) { skip('unknown-field'); continue; }
    if (value === '') { skip('empty'); continue; }
    if (LanguageSchema.options.some((language) => value === `[${placeholderLabel(['org', ...segments], language)}]`)) { skip('placeholder'); continue; }
    const existing = valueAt(organisation, segments, lang);
    if (existing !== null && existing !== undefined && typeof existing !== 'object' && String(existing) === value) { skip('unchanged'); continue; }

    if (segments[0] === 'roles' && segments.length === 3) {
      const [, role, personField] = segments as [string, string, string];
      const holder: unknown = document.getIn(['roles', role]);
      const index = typeof holder === 'string' ? organisation.people.findIndex((person) => person.id === holder) : -1;
      if (index >= 0) {
        setValue(document, ['people', index, personField], value, kind, lang);
        imported.push({ field, value, yamlPath: `people.${index}.${personField}` });
      } else {
        const fields = newPeople.get(role) ?? new Map<string, string>();
        fields.set(personField, value);
        newPeople.set(role, fields);
      }
      continue;
    }
    const path = segments.map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
    materialiseDefault(document, organisation, path);
    const at = setValue(document, path, value, kind, lang);
    imported.push({ field, value, yamlPath: at.join('.') });
  }

  // A role held by nobody gets the person the client named; roles given the same name share one person.
  const ids = new Set(organisation.people.map((person) => person.id));
  const byName = new Map<string, string>();
  for (const [role, fields] of newPeople) {
    const name = fields.get('name');
    let id = name !== undefined ? byName.get(name) : undefined;
    if (id === undefined) {
      id = uniqueId(personId(name ?? role), ids);
      const person: Record<string, string> = { id };
      for (const key of ['name', 'title', ...[...fields.keys()].filter((key) => key !== 'name' && key !== 'title')]) {
        const value = fields.get(key);
        if (value !== undefined) person[key] = value;
      }
      appendPerson(document, person);
      if (name !== undefined) byName.set(name, id);
    }
    setKeepingLayout(document, ['roles', role], id);
    for (const [key, value] of fields) imported.push({ field: `roles.${role}.${key}`, value, yamlPath: `roles.${role} → people (${id}).${key}` });
  }

  const unmapped = skipped.filter((entry) => entry.reason !== 'unchanged').map((entry) => unmappedDiagnostic(docx, entry));
  if (imported.length === 0) return { ok: true, written: false, imported, skipped, diagnostics: unmapped };

  const updated = document.toString({ flowCollectionPadding: false, lineWidth: 0 });
  const after = parseYamlSource(orgFile, updated);
  const check = after.value ? validateYaml(after.value, OrganisationSchema, 'organisation file') : { value: undefined, diagnostics: after.diagnostics };
  if (!check.value) {
    const problems = check.diagnostics.map((problem) => invalidValueDiagnostic(docx, problem, imported));
    return { ok: false, written: false, imported: [], skipped, diagnostics: [...problems, ...unmapped] };
  }
  await writeOrganisationFile(request.organisationFile, updated);
  return { ok: !hasErrors(unmapped), written: true, imported, skipped, diagnostics: unmapped };
}

function unmappedDiagnostic(docx: string, entry: SkippedValue): Diagnostic {
  const why: Record<SkipReason, string> = {
    'unknown-field': 'the organisation file has no such field',
    empty: 'it is empty',
    placeholder: 'it still holds the placeholder text',
    unchanged: 'it is unchanged',
  };
  return diagnostic('import/unmapped-value', docx, { line: 0, column: 0 }, `The value of \`${entry.field}\` was not imported: ${why[entry.reason]}.`, {
    severity: 'warning',
    fieldPath: entry.field,
    hint: entry.reason === 'unknown-field' ? 'Add it to the organisation file by hand, if it belongs there.' : 'Fill it in the template and import again, or set it in the organisation file.',
  });
}

/** A schema problem of the would-be file, told as a problem of the value filled in the template. */
function invalidValueDiagnostic(docx: string, problem: Diagnostic, imported: readonly ImportedValue[]): Diagnostic {
  const entry = imported.find((value) => problem.fieldPath !== undefined && (problem.fieldPath === value.yamlPath || problem.fieldPath.startsWith(`${value.yamlPath}.`) || value.yamlPath.startsWith(`${problem.fieldPath}.`)));
  const field = entry?.field ?? problem.fieldPath ?? '';
  const what = entry ? `The value "${entry.value}" filled in for \`${entry.field}\`` : `The imported values`;
  return diagnostic('import/invalid-value', docx, { line: 0, column: 0 }, `${what} does not fit the organisation file: ${problem.message} Nothing was written.`, {
    fieldPath: field,
    hint: 'Correct the value in the template (or in the organisation file) and import again.',
  });
}

/** The value at a field path in the organisation as a template of `lang` shows it: roles as their people, prose in that language. */
function valueAt(organisation: z.infer<typeof OrganisationSchema>, segments: readonly string[], lang: string | undefined): unknown {
  let current: unknown = organisation;
  let rest = segments;
  if (segments[0] === 'roles' && segments.length === 3) {
    current = organisation.people.find((person) => person.id === organisation.roles[segments[1]!]);
    rest = segments.slice(2);
  }
  for (const segment of rest) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  if (lang !== undefined && current !== null && typeof current === 'object' && !Array.isArray(current)) return (current as Record<string, unknown>)[lang];
  return current;
}

/** A single value; or `list`, a list of text that a template shows as one value to fill in. */
type FieldKind = 'text' | 'number' | 'boolean' | 'list';

/**
 * Sets a value in the YAML document, creating the groups on the way where they are empty (`~`), as the
 * field's type reads it. A field the file gives per language gets the template language's entry.
 * Returns where it went.
 */
function setValue(document: Document.Parsed, path: readonly (string | number)[], value: string, kind: FieldKind, lang: string | undefined): (string | number)[] {
  for (let i = 1; i < path.length; i++) {
    const prefix = path.slice(0, i);
    const node = document.getIn(prefix, true);
    if (node === undefined || (isScalar(node) && node.value === null)) document.setIn(prefix, document.createNode(typeof path[i] === 'number' ? [] : {}));
  }
  const target = [...path];
  const node = document.getIn(path, true);
  if (lang !== undefined && isMap(node) && node.items.length > 0 && node.items.every((pair) => isScalar(pair.key) && LanguageSchema.safeParse(pair.key.value).success)) target.push(lang);
  const typed = kind === 'number' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : kind === 'boolean' && /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : value;
  setKeepingLayout(document, target, kind === 'list' ? [typed] : typed);
  return target;
}

/**
 * Sets a value, keeping what the file has around it: an existing scalar (`name:` left empty) takes the
 * value in place, so its comment stays; the blank line yaml counts to an empty value (the one before
 * the next key) moves to that next key, where it was in the text.
 */
function setKeepingLayout(document: Document.Parsed, path: readonly (string | number)[], value: unknown): void {
  const node = document.getIn(path, true);
  if (!isScalar(node) || (value !== null && typeof value === 'object')) {
    const spaced = isScalar(node) && node.spaceBefore === true;
    document.setIn(path, value);
    if (spaced) moveBlankLineToNextKey(document, path);
    return;
  }
  node.value = value;
  if (node.spaceBefore === true) {
    delete node.spaceBefore;
    moveBlankLineToNextKey(document, path);
  }
}

function moveBlankLineToNextKey(document: Document.Parsed, path: readonly (string | number)[]): void {
  for (let level = path.length - 1; level >= 0; level--) {
    const parent = level === 0 ? document.contents : document.getIn(path.slice(0, level), true);
    if (!isMap(parent)) continue;
    const index = parent.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === path[level]);
    const next = parent.items[index + 1];
    if (index >= 0 && next && isScalar(next.key)) {
      next.key.spaceBefore = true;
      return;
    }
  }
}

function appendPerson(document: Document.Parsed, person: Record<string, string>): void {
  const people = document.get('people', true);
  // An empty `people: []` becomes a block list, as people are written in organisation files.
  if (!isSeq(people) || (people.flow === true && people.items.length === 0)) {
    const list = document.createNode([person]);
    list.flow = false;
    document.set('people', list);
    return;
  }
  const node = document.createNode(person);
  people.items.push(node);
}

function personId(name: string): string {
  const id = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^[.0-9]+|\.+$/g, '');
  return id === '' ? 'person' : id.slice(0, 60).replace(/\.+$/, '');
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}.${n}`;
  used.add(id);
  return id;
}

/**
 * What the organisation schema says a field path holds: text, a number or a yes/no; undefined where
 * the schema has no such field or it is a group. A role's fields are a person's (templates see roles
 * resolved to people).
 */
function fieldKind(segments: readonly string[]): FieldKind | undefined {
  const root = organisationJsonSchema();
  let node: unknown = root;
  let rest = [...segments];
  if (segments[0] === 'roles') {
    if (segments.length !== 3) return undefined;
    node = child(child(root, 'people'), '0');
    rest = segments.slice(2);
  }
  for (const segment of rest) node = child(node, segment);
  return leafKind(node);
}

function options(node: unknown): Record<string, unknown>[] {
  if (node === null || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  const union = (record.anyOf ?? record.oneOf) as unknown[] | undefined;
  return Array.isArray(union) ? union.flatMap(options) : [record];
}

function child(node: unknown, segment: string): unknown {
  for (const option of options(node)) {
    if (option.type === 'object') {
      const properties = option.properties as Record<string, unknown> | undefined;
      if (properties && Object.hasOwn(properties, segment)) return properties[segment];
      if (option.additionalProperties && typeof option.additionalProperties === 'object') return option.additionalProperties;
    }
    if (option.type === 'array' && /^\d+$/.test(segment)) return option.items;
  }
  return undefined;
}

function leafKind(node: unknown): FieldKind | undefined {
  const types = new Set(options(node).map((option) => option.type));
  if (types.has('array') && !types.has('string')) return leafKind(child(node, '0')) === 'text' ? 'list' : undefined;
  if (types.has('string')) return 'text';
  if (types.has('integer') || types.has('number')) return 'number';
  if (types.has('boolean')) return 'boolean';
  return undefined;
}

function organisationJsonSchema(): unknown {
  cachedJsonSchema ??= z.toJSONSchema(OrganisationSchema, { io: 'input', unrepresentable: 'any' });
  return cachedJsonSchema;
}
let cachedJsonSchema: unknown;

/**
 * A value inside a list or map that the file leaves to its default (`continuity.recoveryTiers.0.rto`):
 * the whole default is written into the file first, so that the one value the client changed sits
 * beside the others it keeps, and the result is still a complete entry.
 */
function materialiseDefault(document: Document, organisation: unknown, path: readonly (string | number)[]): void {
  for (let depth = 1; depth < path.length; depth++) {
    const ancestor = path.slice(0, depth);
    if (document.hasIn(ancestor)) continue;
    let value: unknown = organisation;
    for (const key of ancestor) value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;
    if (value !== null && typeof value === 'object') document.setIn(ancestor, document.createNode(value));
    return;
  }
}

