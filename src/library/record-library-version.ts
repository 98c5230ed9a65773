import { isMap, isScalar, parseDocument, type Node, type Pair } from 'yaml';

/**
 * The organisation file's text with `libraryVersion:` (and, when the client moves to another library
 * folder or package, `library:`) set: the values are replaced in place, or a missing key is added on
 * its own line after `library:` or `id:`, so every other byte of the file (comments, order, quoting)
 * stays as the client wrote it.
 */
export function recordLibraryVersion(text: string, version: string, library?: string): string {
  let out = setTopLevel(text, 'libraryVersion', version, ['library', 'id']);
  if (library !== undefined) out = setTopLevel(out, 'library', library, ['id']);
  return out;
}

function setTopLevel(text: string, key: string, value: string, after: readonly string[]): string {
  const document = parseDocument(text);
  const contents = document.contents;
  if (!isMap(contents)) return `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${key}: ${scalar(value)}\n`;
  const pairs = contents.items as Pair<Node, Node | null>[];
  const keyOf = (pair: Pair<Node, Node | null>): unknown => (isScalar(pair.key) ? pair.key.value : undefined);
  const existing = pairs.find((pair) => keyOf(pair) === key);
  if (existing && existing.value && isScalar(existing.value) && existing.value.range) {
    const [start, end] = existing.value.range;
    return `${text.slice(0, start)}${scalar(value)}${text.slice(end)}`;
  }
  if (existing?.key && isScalar(existing.key) && existing.key.range) {
    // A key with no value (`libraryVersion:`): the line is rewritten whole.
    const start = existing.key.range[0];
    return `${text.slice(0, start)}${key}: ${scalar(value)}${text.slice(endOfLine(text, start))}`;
  }
  for (const name of after) {
    const anchor = pairs.find((pair) => keyOf(pair) === name);
    const end = anchor?.value?.range?.[1] ?? (anchor?.key && isScalar(anchor.key) ? anchor.key.range?.[1] : undefined);
    if (end === undefined) continue;
    const lineEnd = endOfLine(text, end);
    const indent = /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', end - 1) + 1))?.[0] ?? '';
    return `${text.slice(0, lineEnd)}\n${indent}${key}: ${scalar(value)}${text.slice(lineEnd)}`;
  }
  return `${text}${text.endsWith('\n') ? '' : '\n'}${key}: ${scalar(value)}\n`;
}

function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline;
}

/** A version or path as a YAML scalar: plain where it reads back as the same string, else quoted. */
function scalar(value: string): string {
  const plain = /^[A-Za-z0-9_.@/][\w./@-]*$/.test(value) && !/^\d+(\.\d+)?$/.test(value) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}
