import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type YAMLError } from 'yaml';
import { diagnostic, type Diagnostic, type Position } from '../diagnostics/diagnostic.js';
import { cachedByContent } from './parse-cache.js';
import type { SourceFile } from './source-file.js';

/** Aliases a document may expand before it is refused (a "billion laughs" document hits this at once). */
const MAX_ALIAS_COUNT = 100;

/**
 * A parsed YAML text: its data, and the text it came from so that any node's position can be found
 * (see yamlTree). Plain data, so that a parse can be kept in the disk cache and read back.
 */
export interface YamlSource {
  readonly file: string;
  /** The YAML text itself (for front matter: the lines between the `---` lines). */
  readonly text: string;
  /** Lines before the YAML text in its file (front matter starts after the `---` line). */
  readonly lineOffset: number;
  /** The document as plain data, `undefined` when it could not be converted. */
  readonly data: unknown;
}

/** The parser's tree of a source: where every node came from. */
export interface YamlTree {
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
}

/** Trees by source: kept from the parse that made the source, or parsed again from its text when asked. */
const trees = new WeakMap<YamlSource, YamlTree>();

/**
 * The tree of a parsed source, for positions and for edits that keep comments. A source read back
 * from the disk cache has none until a position is asked for; its text was valid YAML, so it parses.
 */
export function yamlTree(source: YamlSource): YamlTree {
  let tree = trees.get(source);
  if (!tree) {
    tree = parseTree(source.text);
    trees.set(source, tree);
  }
  return tree;
}

/** The one way text becomes a tree, so positions read again always match the parse that checked the file. */
function parseTree(text: string): YamlTree {
  const lineCounter = new LineCounter();
  return { document: parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true }), lineCounter };
}

/**
 * A whole YAML file parsed (the organisation file), through the pipeline's parse cache when given one:
 * read for its pointers by the load and then validated, it is parsed once.
 */
export const parseYamlFile = cachedByContent('yaml', (file: SourceFile) => parseYamlSource(file.path, file.text), { durable: true });

/**
 * Parses YAML keeping positions. Syntax errors, duplicate keys and alias bombs come back as
 * positioned diagnostics; `value` is undefined when the text is not usable.
 */
export function parseYamlSource(
  file: string,
  text: string,
  lineOffset = 0,
): { value: YamlSource | undefined; diagnostics: Diagnostic[] } {
  let tree: YamlTree;
  try {
    tree = parseTree(text);
  } catch (error) {
    // The parser recurses per nesting level; thousands of levels exhaust the stack.
    if (error instanceof RangeError) return { value: undefined, diagnostics: [tooDeep(file, lineOffset)] };
    throw error;
  }
  const { document, lineCounter } = tree;
  const diagnostics: Diagnostic[] = [];
  let syntaxReported = false;
  for (const error of document.errors) {
    // One syntax error cascades into others after it (the parser has lost the structure); the first is the cause.
    if (error.code !== 'DUPLICATE_KEY' && syntaxReported) continue;
    const explained = error.code === 'DUPLICATE_KEY' ? undefined : explainSyntaxError(error, text, lineCounter, document);
    const pos = explained?.at ?? lineCounter.linePos(error.pos[0]);
    if (error.code !== 'DUPLICATE_KEY') syntaxReported = true;
    const position = { line: pos.line + lineOffset, column: pos.col };
    if (error.code === 'DUPLICATE_KEY') {
      diagnostics.push(
        diagnostic('yaml/duplicate-key', file, position, 'This mapping has the same key twice, so one of the values would be lost.', {
          hint: 'Remove or rename one of the two keys.',
        }),
      );
    } else {
      diagnostics.push(
        diagnostic('yaml/syntax', file, position, explained?.message ?? `This file could not be parsed: ${firstSentence(error.message)}.`, {
          hint: explained?.hint ?? 'Check the indentation and quoting on this line; values containing ": " or starting with "{", "[", "*", "&" or "#" need quotes.',
        }),
      );
    }
  }
  if (diagnostics.length === 0) diagnostics.push(...commentsAsValues(file, text, lineOffset));
  if (diagnostics.length > 0) {
    // A stack overflow inside the parser is reported as an error at the point it gave up.
    const overflow = document.errors.find((e) => /call stack/i.test(e.message));
    if (overflow) return { value: undefined, diagnostics: [tooDeep(file, lineOffset)] };
    return { value: undefined, diagnostics };
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof RangeError) return { value: undefined, diagnostics: [tooDeep(file, lineOffset)] };
    // yaml throws a ReferenceError for alias expansion past maxAliasCount.
    diagnostics.push(
      diagnostic('yaml/too-complex', file, { line: 1 + lineOffset, column: 1 }, `The YAML expands its aliases too far (${String((error as Error).message)}).`, {
        hint: `Write the values out instead of repeating anchors; at most ${MAX_ALIAS_COUNT} alias expansions are allowed.`,
      }),
    );
    return { value: undefined, diagnostics };
  }
  const source: YamlSource = { file, text, lineOffset, data };
  trees.set(source, tree);
  return { value: source, diagnostics };
}

function tooDeep(file: string, lineOffset: number): Diagnostic {
  return diagnostic('yaml/too-complex', file, { line: 1 + lineOffset, column: 1 }, 'The YAML is nested too deeply to read.', {
    hint: 'Policy files need only a few levels of nesting; look for runaway brackets.',
  });
}

/** A parser error in words: what the mistake is, where it really is, and how to fix it. */
interface ExplainedError {
  readonly at: { line: number; col: number };
  readonly message: string;
  readonly hint: string;
}

/**
 * The parser's messages name its grammar ("compact mappings", "implicit keys"); these say what the
 * writer did. The position moves to where the mistake is: the over-indented line, not the value before
 * it; the opening quote, not the end of the file where the parser noticed it was never closed.
 */
function explainSyntaxError(error: YAMLError, text: string, lineCounter: LineCounter, document: Document.Parsed): ExplainedError | undefined {
  const at = lineCounter.linePos(error.pos[0]);
  const lines = text.split(/\r?\n/);
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return {
        at,
        message: 'This line is indented with a tab; YAML allows only spaces for indentation.',
        hint: 'Replace the tab with spaces, as many as the lines around it use (two per level in the examples).',
      };
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      const next = nextContentLine(lines, at.line);
      const here = lines[at.line - 1] ?? '';
      if (next !== undefined && indentOf(lines[next - 1] ?? '') > indentOf(here)) {
        return overIndented(lines, next, at.line);
      }
      return {
        at,
        message: 'A value here is itself written as `key: value` on the same line, which YAML does not allow.',
        hint: 'Put quotes around the value if the ": " belongs to it, or move the nested key to its own line, indented under its parent.',
      };
    }
    case 'BAD_INDENT': {
      const bracket = /^Flow (sequence|mapping) in block collection/.exec(error.message);
      if (bracket) {
        const [open, close] = bracket[1] === 'sequence' ? ['[', ']'] : ['{', '}'];
        return {
          at,
          message: `A value opened with "${open}" above is not closed with "${close}" before this line.`,
          hint: `Close it with "${close}" on the line where it starts, or put the value in quotes if the "${open}" belongs to the text.`,
        };
      }
      if (!/same column/.test(error.message)) return undefined;
      const previous = previousContentLine(lines, at.line);
      if (previous !== undefined && indentOf(lines[at.line - 1] ?? '') > indentOf(lines[previous - 1] ?? '')) {
        return overIndented(lines, at.line, previous);
      }
      return {
        at,
        message: 'This key is not indented like the other keys of its mapping.',
        hint: 'Line it up with the keys above it; each nesting level adds the same number of spaces.',
      };
    }
    case 'MISSING_CHAR': {
      if (/without - indicator/.test(error.message)) {
        return {
          at,
          message: 'This line is indented like an item of the list above it, but it does not start with "- ", and it is not indented far enough to belong to the item before it.',
          hint: 'Indent it exactly like the keys of the item above (under the first key after "- "), or start a new item with "- ".',
        };
      }
      const quote = /closing (["'])/.exec(error.message)?.[1];
      if (quote === undefined) return undefined;
      let opening: number | undefined;
      visit(document, {
        Scalar(_, node) {
          const type = quote === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
          if (node.type === type && node.range && node.range[0] <= error.pos[0] && node.range[1] >= error.pos[0]) opening = node.range[0];
        },
      });
      if (opening === undefined) return undefined;
      return {
        at: lineCounter.linePos(opening),
        message: `This quote (${quote}) is never closed, so everything after it, to the end of the file, would be one value.`,
        hint: `Add the closing ${quote} at the end of the value on this line.`,
      };
    }
    default:
      return undefined;
  }
}

function indentOf(line: string): number {
  return /^ */.exec(line)?.[0].length ?? 0;
}

/** The 1-based number of the last line before `line` that is neither blank nor a comment. */
function previousContentLine(lines: readonly string[], line: number): number | undefined {
  for (let i = line - 2; i >= 0; i--) {
    const trimmed = (lines[i] ?? '').trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) return i + 1;
  }
  return undefined;
}

/** The 1-based number of the first line after `line` that is neither blank nor a comment. */
function nextContentLine(lines: readonly string[], line: number): number | undefined {
  for (let i = line; i < lines.length; i++) {
    const trimmed = (lines[i] ?? '').trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) return i + 1;
  }
  return undefined;
}

/**
 * `primaryColor: #1F4E79` is valid YAML: `#` after a space starts a comment, so the value is empty. A
 * comment glued to its `#` right after a key's colon is almost always a value that needed quotes (a
 * colour, an anchor of a web address); a comment meant as one has a space after `#`.
 */
function commentsAsValues(file: string, text: string, lineOffset: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const match = /^(\s*(?:-\s+)?)([A-Za-z_][\w.-]*):[ \t]+#(\S+)/.exec(line);
    if (!match) return;
    const [, lead = '', key = '', rest = ''] = match;
    const column = line.indexOf('#', lead.length + key.length) + 1;
    out.push(diagnostic('yaml/comment-as-value', file, { line: index + 1 + lineOffset, column }, `The value of \`${key}\` starts with "#", which in YAML begins a comment, so \`${key}\` is left empty.`, {
      hint: `Put the value in quotes: ${key}: "#${rest}"`,
    }));
  });
  return out;
}

function firstSentence(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}

type PathSegment = string | number;

/** Whether the data has a value at `path` (a key present with any value, null included). */
export function hasPath(source: YamlSource, path: readonly PathSegment[]): boolean {
  let node: unknown = source.data;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number') {
      if (segment < 0 || segment >= node.length) return false;
      node = node[segment];
    } else if (node !== null && typeof node === 'object' && !Array.isArray(node) && Object.hasOwn(node, String(segment))) {
      node = (node as Record<string, unknown>)[String(segment)];
    } else {
      return false;
    }
  }
  return true;
}

/**
 * The position of the node at `path`, or of the nearest existing ancestor when the path stops early
 * (a missing field is reported where its parent mapping starts). With `key: true` the position of the
 * mapping key is returned instead of its value (for unknown fields).
 */
export function positionOf(source: YamlSource, path: readonly PathSegment[], options: { key?: boolean } = {}): Position {
  const { document } = yamlTree(source);
  let node: unknown = document.contents;
  let last: Node | null = (document.contents as Node | null) ?? null;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      if (options.key && i === path.length - 1 && isScalar(pair.key)) {
        last = pair.key;
        break;
      }
      node = pair.value;
      if (node && typeof node === 'object' && 'range' in node) last = node as Node;
      else {
        last = isScalar(pair.key) ? pair.key : last;
        break;
      }
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (!item) break;
      node = item;
      last = item as Node;
    } else {
      break;
    }
  }
  return rangeStart(source, last);
}

/**
 * Where a node starts and, for a scalar (a value or a key), where its text ends: the end of a mapping
 * or a list would mark the whole block, which helps no one find the mistake.
 */
function rangeStart(source: YamlSource, node: Node | null): Position {
  if (!node?.range) return { line: 1 + source.lineOffset, column: 1 };
  const { lineCounter } = yamlTree(source);
  const pos = lineCounter.linePos(node.range[0]);
  const start = { line: pos.line + source.lineOffset, column: pos.col };
  if (!isScalar(node) || node.range[1] <= node.range[0]) return start;
  const end = lineCounter.linePos(node.range[1]);
  return { ...start, end: { line: end.line + source.lineOffset, column: end.col } };
}

/** A line indented under a key that already has a value on its own line: said at the over-indented line. */
function overIndented(lines: readonly string[], line: number, keyLine: number): { at: { line: number; col: number }; message: string; hint: string } {
  const key = (lines[keyLine - 1] ?? '').trim().split(':')[0] ?? '';
  return {
    at: { line, col: indentOf(lines[line - 1] ?? '') + 1 },
    message: `This line is indented further than the line above it, but \`${key}\` there already has a value, so nothing can be nested under it.`,
    hint: `Indent this line exactly like \`${key}\` to make it a key of the same mapping, or, to nest it, leave \`${key}:\` without a value on its own line.`,
  };
}
