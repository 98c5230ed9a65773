import { diagnostic, type Diagnostic, type Position } from '../../diagnostics/diagnostic.js';
import { positionOf, type YamlSource } from '../../source/yaml-source.js';
import type { Template } from '../../template/template.js';
import type { RuleContext } from '../project.js';
import { pdfFontDraws } from './pdf-font-coverage.js';

/**
 * Code points XML 1.0 cannot hold (so neither can a Word document): C0 controls other than tab, line
 * feed and carriage return, lone surrogates, and the non-characters U+FFFE and U+FFFF.
 */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;
/**
 * What a module's text may not contain besides: control characters (invisible in a document, copied
 * into the Markdown as they are) and the private-use characters policymark reserves for its bookkeeping.
 * A carriage return is allowed only as part of a line break.
 */
// eslint-disable-next-line no-control-regex
const MODULE_INVALID = /[\u0000-\u0008\u000B-\u000C\u000E-\u001F\u007F-\u009F\uE000-\uF8FF]|\r(?!\n)/gu;
/** Characters that draw nothing in any font and are not reported as missing from the PDF font. */
const INVISIBLE = /[\t\n\r\u00AD\u200B-\u200F\u2060\uFE00-\uFE0F\uFEFF]/u;

/** Organisation fields that never reach a document's text: ids, file paths, the Word font's name. */
const NOT_PRINTED: ReadonlySet<string> = new Set(['id', 'library', 'branding', 'country', 'languages', 'frameworks', 'roles']);

/**
 * Every text that reaches a document can be carried by every output format: no code point XML cannot
 * hold, in any field (the Word font's name included, since it is written into the Word styles), and
 * no raw control character in a module's text. Characters the PDF font has no glyph for are a warning
 * at the value: the Markdown and Word documents show them, the PDF would leave them out. (A module body's
 * text is checked when its file is parsed: `moduleBodyText`.)
 */
export function checkDocumentText(context: RuleContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  diagnostics.push(...yamlText(context.organisationSource, (path) => !NOT_PRINTED.has(String(path[0]))));
  for (const entry of [...context.policies.values()].sort((a, b) => (a.file < b.file ? -1 : 1))) {
    diagnostics.push(...yamlText(entry.source, (path) => path[0] === 'title'));
  }
  for (const module of context.modules.values()) {
    for (const variant of module.variants.values()) {
      diagnostics.push(...yamlText(variant.frontMatter, (path) => path[0] === 'title'));
    }
  }
  return diagnostics;
}

type Path = readonly (string | number)[];

/**
 * Every key and string value of a YAML file; `printed` tells which values reach a document's text. Walks
 * the parsed data, so that a file read back from the parse cache is not parsed again; a position is
 * looked up only for a value that is reported.
 */
function yamlText(source: YamlSource, printed: (path: Path) => boolean): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const check = (text: string, path: Path, isKey: boolean): void => {
    const at = (): Position => {
      const { line, column } = positionOf(source, path, { key: isKey });
      return { line, column };
    };
    const field = path.join('.');
    const what = isKey ? `The key \`${field}\`` : field === '' ? 'The value' : `The value of \`${field}\``;
    const invalid = XML_INVALID.exec(text);
    if (invalid) {
      diagnostics.push(
        diagnostic('text/invalid-character', source.file, at(), `${what} contains ${codePoint(invalid[0])}, a code point that XML, and so a Word document, cannot hold.`, {
          ...(isKey ? {} : { fieldPath: field }),
          hint: 'Remove it; such characters are usually left behind by copying from another program or a broken conversion.',
        }),
      );
      return;
    }
    if (!isKey && printed(path)) diagnostics.push(...undrawable(source.file, at, what, text, field));
  };
  const walk = (value: unknown, path: Path): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, [...path, index]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        check(key, [...path, key], true);
        walk(item, [...path, key]);
      }
    } else if (typeof value === 'string') {
      check(value, path, false);
    }
  };
  walk(source.data, []);
  return diagnostics;
}

/**
 * The text of a module body outside its expressions, checked character by character with exact
 * positions. It depends on the file alone, so it is checked when the file is parsed (and cached with
 * the parse, see validate-project.ts), not once per project.
 */
export function moduleBodyText(template: Template): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const walk = (program: hbs.AST.Program | undefined): void => {
    for (const statement of program?.body ?? []) {
      if (statement.type === 'ContentStatement') {
        const content = statement as hbs.AST.ContentStatement;
        // `original` is the text as written (`value` may have whitespace stripped around blocks).
        const text = typeof content.original === 'string' ? (content.original as string) : content.value;
        diagnostics.push(...contentText(template, text, content.loc.start));
      } else if (statement.type === 'BlockStatement') {
        const block = statement as hbs.AST.BlockStatement;
        walk(block.program);
        walk(block.inverse);
      }
    }
  };
  walk(template.ast);
  return diagnostics;
}

function contentText(template: Template, text: string, start: { line: number; column: number }): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const at = (index: number): Position => {
    const before = text.slice(0, index);
    const lines = before.split('\n');
    const line = template.bodyLine + start.line - 1 + lines.length - 1;
    const column = lines.length === 1 ? start.column + index + 1 : (lines[lines.length - 1]?.length ?? 0) + 1;
    return { line, column };
  };
  for (const match of text.matchAll(MODULE_INVALID)) {
    diagnostics.push(
      diagnostic('text/invalid-character', template.file, at(match.index), `The module text contains ${codePoint(match[0])}, a control or reserved character that no document can show.`, {
        hint: 'Remove it; it is invisible in an editor but would be copied into the Markdown and refused by Word.',
      }),
    );
  }
  for (const match of text.matchAll(/[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu)) {
    diagnostics.push(
      diagnostic('text/invalid-character', template.file, at(match.index), `The module text contains ${codePoint(match[0])}, a code point that XML, and so a Word document, cannot hold.`, {
        hint: 'Remove it; such characters are usually left behind by copying from another program or a broken conversion.',
      }),
    );
  }
  // One warning per line, at the first character the PDF font cannot draw.
  let reportedLine = -1;
  let index = 0;
  for (const character of text) {
    const position = index;
    index += character.length;
    if (!missingFromPdf(character)) continue;
    const where = at(position);
    if (where.line === reportedLine) continue;
    reportedLine = where.line;
    const lineEnd = text.indexOf('\n', position);
    diagnostics.push(...undrawable(template.file, () => where, 'The module text', text.slice(position, lineEnd < 0 ? undefined : lineEnd)));
  }
  return diagnostics;
}

function missingFromPdf(character: string): boolean {
  // Controls, surrogates and non-characters are refused as invalid, not reported twice.
  return !INVISIBLE.test(character) && !/[\p{Cc}\p{Cs}\uFFFE\uFFFF]/u.test(character) && !pdfFontDraws(character.codePointAt(0) ?? 0);
}

/** A warning naming the characters of `text` that the PDF font has no glyph for, if there are any. */
/** `at` is asked for only when something is missing, since finding a position can cost a parse. */
function undrawable(file: string, at: () => Position, what: string, text: string, field?: string): Diagnostic[] {
  const missing = [...new Set([...text].filter(missingFromPdf))];
  if (missing.length === 0) return [];
  const named = missing.slice(0, 5).map(codePoint).join(', ');
  return [
    diagnostic('text/undrawable-character', file, at(), `${what} contains ${named}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}, which the PDF font cannot draw: ${missing.length === 1 ? 'it is' : 'they are'} missing from the PDF, though the Markdown and Word documents show ${missing.length === 1 ? 'it' : 'them'}.`, {
      severity: 'warning',
      ...(field !== undefined && field !== '' ? { fieldPath: field } : {}),
      hint: 'The PDF font covers Latin, Greek and Cyrillic scripts; not Chinese, Japanese, Korean or emoji. Spell the value in a script it covers, or publish that document as Word.',
    }),
  ];
}

/** `"株" (U+682A)`; an invisible character by its code only. */
function codePoint(character: string): string {
  const code = `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(character) ? `"${character}" (${code})` : code;
}
