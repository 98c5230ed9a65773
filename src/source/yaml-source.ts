import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { diagnostic, type Diagnostic, type Position } from '../diagnostics/diagnostic.js';

/** Aliases a document may expand before it is refused (a "billion laughs" document hits this at once). */
const MAX_ALIAS_COUNT = 100;

/** A parsed YAML document that still knows where every node came from. */
export interface YamlSource {
  readonly file: string;
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** Lines before the YAML text in its file (front matter starts after the `---` line). */
  readonly lineOffset: number;
  /** The document as plain data, `undefined` when it could not be converted. */
  readonly data: unknown;
}

/**
 * Parses YAML keeping positions. Syntax errors, duplicate keys and alias bombs come back as
 * positioned diagnostics; `value` is undefined when the text is not usable.
 */
export function parseYamlSource(
  file: string,
  text: string,
  lineOffset = 0,
): { value: YamlSource | undefined; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  let document: Document.Parsed;
  try {
    document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  } catch (error) {
    // The parser recurses per nesting level; thousands of levels exhaust the stack.
    if (error instanceof RangeError) return { value: undefined, diagnostics: [tooDeep(file, lineOffset)] };
    throw error;
  }
  const diagnostics: Diagnostic[] = [];
  const reportedLines = new Set<number>();
  for (const error of document.errors) {
    const pos = lineCounter.linePos(error.pos[0]);
    // One syntax error tends to cascade into several on the same line; the first one is the cause.
    if (reportedLines.has(pos.line)) continue;
    reportedLines.add(pos.line);
    const position = { line: pos.line + lineOffset, column: pos.col };
    if (error.code === 'DUPLICATE_KEY') {
      diagnostics.push(
        diagnostic('yaml/duplicate-key', file, position, 'This mapping has the same key twice, so one of the values would be lost.', {
          hint: 'Remove or rename one of the two keys.',
        }),
      );
    } else {
      diagnostics.push(
        diagnostic('yaml/syntax', file, position, `This file could not be parsed: ${firstSentence(error.message)}.`, {
          hint: 'Check the indentation and quoting on this line; values containing ": " or starting with "{", "[", "*", "&" or "#" need quotes.',
        }),
      );
    }
  }
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
  return { value: { file, document, lineCounter, lineOffset, data }, diagnostics };
}

function tooDeep(file: string, lineOffset: number): Diagnostic {
  return diagnostic('yaml/too-complex', file, { line: 1 + lineOffset, column: 1 }, 'The YAML is nested too deeply to read.', {
    hint: 'Policy files need only a few levels of nesting; look for runaway brackets.',
  });
}

function firstSentence(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}

type PathSegment = string | number;

/**
 * The position of the node at `path`, or of the nearest existing ancestor when the path stops early
 * (a missing field is reported where its parent mapping starts). With `key: true` the position of the
 * mapping key is returned instead of its value (for unknown fields).
 */
export function positionOf(source: YamlSource, path: readonly PathSegment[], options: { key?: boolean } = {}): Position {
  let node: unknown = source.document.contents;
  let last: Node | null = (source.document.contents as Node | null) ?? null;
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
  const pos = source.lineCounter.linePos(node.range[0]);
  const start = { line: pos.line + source.lineOffset, column: pos.col };
  if (!isScalar(node) || node.range[1] <= node.range[0]) return start;
  const end = source.lineCounter.linePos(node.range[1]);
  return { ...start, end: { line: end.line + source.lineOffset, column: end.col } };
}
