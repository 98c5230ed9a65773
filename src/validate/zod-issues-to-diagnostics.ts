import type { z } from 'zod';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { positionOf, type YamlSource } from '../source/yaml-source.js';
import { closest } from '../diagnostics/suggest.js';

type Schema = z.ZodType;

/** Validates YAML data against a zod schema; every issue becomes a positioned diagnostic. */
export function validateYaml<S extends Schema>(
  source: YamlSource,
  schema: S,
  what: string,
): { value: z.infer<S> | undefined; diagnostics: Diagnostic[] } {
  const parsed = schema.safeParse(source.data, { reportInput: true });
  if (parsed.success) return { value: parsed.data, diagnostics: [] };
  const diagnostics = parsed.error.issues.flatMap((issue) => issueToDiagnostics(source, issue, schema, what));
  return { value: undefined, diagnostics };
}

function issueToDiagnostics(source: YamlSource, issue: z.core.$ZodIssue, schema: Schema, what: string): Diagnostic[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const fieldPath = path.join('.');
  const field = path.length > 0 ? `\`${fieldPath}\`` : `the ${what}`;
  const at = positionOf(source, path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) {
        return [
          diagnostic('schema/missing-field', source.file, at, `The required field ${field} is missing from the ${what}.`, {
            fieldPath,
            hint: `Add \`${String(path[path.length - 1])}:\` with ${article(issue.expected)}.`,
          }),
        ];
      }
      return [
        diagnostic('schema/invalid-type', source.file, at, `Unexpected ${describe(input)} for ${field}, expected ${article(issue.expected)}.`, {
          fieldPath,
          ...(issue.expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')
            ? { hint: 'Put the value in quotes to make it text.' }
            : {}),
        }),
      ];
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const known = knownKeys(schema, path);
        const suggestion = closest(key, known);
        return diagnostic('schema/unknown-field', source.file, positionOf(source, [...path, key], { key: true }),
          `The field \`${[...path, key].join('.')}\` is not part of the ${what} format.`, {
            fieldPath: [...path, key].join('.'),
            hint: suggestion ? `Did you mean \`${suggestion}\`?` : known.length > 0 ? `Allowed here: ${known.join(', ')}.` : 'Remove it.',
          });
      });
    case 'invalid_value':
      return [
        diagnostic('schema/invalid-value', source.file, at, `The value ${JSON.stringify(input)} is not allowed for ${field}.`, {
          fieldPath,
          hint: `Use one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}.`,
        }),
      ];
    case 'invalid_key': {
      const inner = issue.issues[0];
      const detail = inner && /^(must|is|contains|role keys)\b/.test(inner.message) ? inner.message : 'is not an allowed key';
      return [
        diagnostic('schema/invalid-value', source.file, positionOf(source, path, { key: true }), `The key \`${String(path[path.length - 1])}\` ${path.length > 1 ? `under \`${path.slice(0, -1).join('.')}\` ` : ''}is not valid: ${detail.replace(/^role keys are/, 'role keys must be')}.`, { fieldPath }),
      ];
    }
    case 'invalid_union':
      if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
        // A per-language map with a wrong key or value: report what the map allows.
        return [
          diagnostic('schema/invalid-type', source.file, at, `Unexpected mapping for ${field}: a text value is either one text or a map of languages to texts.`, {
            fieldPath,
            hint: 'Write `field: text`, or `field: { en: text, sv: text }`.',
          }),
        ];
      }
      return [
        diagnostic('schema/invalid-type', source.file, at, `Unexpected ${describe(input)} for ${field}.`, {
          fieldPath,
          hint: `Expected ${unionExpectations(issue).join(' or ')}.`,
        }),
      ];
    case 'custom': {
      const lang = (issue.params as { missingTranslation?: string } | undefined)?.missingTranslation;
      if (lang) {
        return [
          diagnostic('organisation/missing-translation', source.file, at, `${field} is given per language but has no "${lang}" text, and "${lang}" is one of the organisation's languages.`, {
            fieldPath,
            hint: `Add \`${lang}: ...\` to the value, or give one text for all languages.`,
          }),
        ];
      }
      return [diagnostic('schema/invalid-value', source.file, at, `The value of ${field} ${customMessage(issue)}.`, { fieldPath })];
    }
    case 'too_small':
    case 'too_big':
    case 'invalid_format':
    case 'not_multiple_of':
    default:
      return [
        diagnostic('schema/invalid-value', source.file, at, `The value of ${field} ${customMessage(issue)}.`, { fieldPath }),
      ];
  }
}

function customMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_small') {
    if (issue.origin === 'array') return `must have at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`;
    if (issue.origin === 'string') return `must have at least ${String(issue.minimum)} character${issue.minimum === 1 ? '' : 's'}`;
    return `must be at least ${String(issue.minimum)}`;
  }
  if (issue.code === 'too_big') {
    if (issue.origin === 'array') return `must have at most ${String(issue.maximum)} items`;
    if (issue.origin === 'string') return `must have at most ${String(issue.maximum)} characters`;
    return `must be at most ${String(issue.maximum)}`;
  }
  // Our own schema messages are written as predicates ("must be ..."); zod's defaults are not.
  return /^(must|is|contains|role keys)\b/.test(issue.message) ? issue.message : `is invalid (${issue.message})`;
}

function unionExpectations(issue: z.core.$ZodIssueInvalidUnion): string[] {
  const expected = new Set<string>();
  for (const branch of issue.errors) {
    for (const inner of branch) {
      if (inner.code === 'invalid_type') expected.add(article(inner.expected));
    }
  }
  return expected.size > 0 ? [...expected] : ['a different value'];
}

function describe(value: unknown): string {
  if (value === null) return 'empty value';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  if (typeof value === 'string') return `text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function article(expected: string): string {
  switch (expected) {
    case 'string': return 'text';
    case 'number': return 'a number';
    case 'boolean': return 'true or false';
    case 'array': return 'a list';
    case 'object': case 'record': return 'a mapping';
    default: return expected;
  }
}

/** Keys an object schema accepts at `path` (for "did you mean" hints). */
function knownKeys(schema: Schema, path: readonly (string | number)[]): string[] {
  let current: unknown = schema;
  for (const segment of path) {
    current = unwrap(current);
    const def = (current as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown; valueType?: unknown } }).def;
    if (!def) return [];
    if (def.type === 'object' && def.shape && typeof segment === 'string') current = def.shape[segment];
    else if (def.type === 'array' && typeof segment === 'number') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else return [];
  }
  current = unwrap(current);
  const def = (current as { def?: { type?: string; shape?: Record<string, unknown>; keyType?: unknown; options?: unknown[] } }).def;
  if (def?.type === 'object' && def.shape) return Object.keys(def.shape);
  if (def?.type === 'union') return unionKeys(def);
  if (def?.type === 'record') {
    const keyDef = (unwrap(def.keyType) as { def?: { entries?: Record<string, string> } }).def;
    if (keyDef?.entries) return Object.values(keyDef.entries);
  }
  return [];
}

/** Keys of every object or enum-keyed record among a union's options. */
function unionKeys(def: { options?: unknown[] }): string[] {
  return (def.options ?? []).flatMap((option) => {
    const inner = (unwrap(option) as { def?: { type?: string; shape?: Record<string, unknown>; keyType?: unknown } }).def;
    if (inner?.type === 'object' && inner.shape) return Object.keys(inner.shape);
    const keys = (unwrap(inner?.keyType) as { def?: { entries?: Record<string, string> } } | undefined)?.def?.entries;
    return inner?.type === 'record' && keys ? Object.values(keys) : [];
  });
}

function unwrap(schema: unknown): unknown {
  let current = schema;
  for (;;) {
    const def = (current as { def?: { type?: string; innerType?: unknown } } | undefined)?.def;
    if (def && (def.type === 'optional' || def.type === 'default' || def.type === 'prefault' || def.type === 'nullable') && def.innerType) {
      current = def.innerType;
    } else {
      return current;
    }
  }
}
