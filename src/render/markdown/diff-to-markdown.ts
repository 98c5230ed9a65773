import type { PhrasingContent, Root, RootContent } from 'mdast';
import { bulletList, heading, paragraph, strong, text, textTable } from './mdast-build.js';
import { stringifyMarkdown } from './render-markdown.js';
import type { PolicyDiff, SectionChange, WordChange } from '../../diff/diff-models.js';

/** Words of unchanged text shown around each change. */
const CONTEXT_WORDS = 8;

/** A reviewer's summary of a diff, grouped by section, as Markdown. */
export function diffToMarkdown(diff: PolicyDiff, title: string): string {
  const children: RootContent[] = [heading(1, [text(`Changes to ${title}: ${diff.from} → ${diff.to}`)])];
  const total = diff.metadata.length + diff.variables.length + diff.sections.length;
  if (total === 0) {
    children.push(paragraph([text('No changes: the two versions are the same.')]));
    return stringifyMarkdown({ type: 'root', children });
  }
  children.push(heading(2, [text('Summary')]), bulletList(summaryLines(diff).map((line) => [text(line)])));
  if (diff.metadata.length > 0) {
    children.push(heading(2, [text('Policy details')]), textTable(['Field', diff.from, diff.to], diff.metadata.map((c) => [c.field, c.from ?? '—', c.to ?? '—'])));
  }
  if (diff.variables.length > 0) {
    children.push(heading(2, [text('Organisation variables')]), textTable(['Variable', diff.from, diff.to], diff.variables.map((c) => [c.field, c.from ?? '—', c.to ?? '—'])));
  }
  if (diff.sections.length > 0) {
    children.push(heading(2, [text('Sections')]));
    for (const change of diff.sections) children.push(...sectionChange(change));
  }
  const tree: Root = { type: 'root', children };
  return stringifyMarkdown(tree);
}

function summaryLines(diff: PolicyDiff): string[] {
  const count = (kind: SectionChange['kind']): number => diff.sections.filter((c) => c.kind === kind).length;
  const lines: string[] = [];
  const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  if (count('text') > 0) lines.push(`${plural(count('text'), 'section', 'sections')} with changed text`);
  if (count('added') > 0) lines.push(`${plural(count('added'), 'section', 'sections')} added`);
  if (count('removed') > 0) lines.push(`${plural(count('removed'), 'section', 'sections')} removed`);
  if (count('moved') > 0) lines.push(`${plural(count('moved'), 'section', 'sections')} moved`);
  if (count('renamed') > 0) lines.push(`${plural(count('renamed'), 'section', 'sections')} renamed`);
  const added = diff.sections.reduce((n, c) => n + (c.kind === 'controls' ? c.added.length : 0), 0);
  const removed = diff.sections.reduce((n, c) => n + (c.kind === 'controls' ? c.removed.length : 0), 0);
  if (added + removed > 0) lines.push(`control mappings: ${added} added, ${removed} removed`);
  if (diff.variables.length > 0) lines.push(plural(diff.variables.length, 'organisation variable changed', 'organisation variables changed'));
  if (diff.metadata.length > 0) lines.push(`policy details changed: ${diff.metadata.map((m) => m.field).join(', ')}`);
  return lines;
}

function sectionChange(change: SectionChange): RootContent[] {
  switch (change.kind) {
    case 'added': return [paragraph([strong('Added'), text(`: ${change.number} ${change.title}`)])];
    case 'removed': return [paragraph([strong('Removed'), text(`: ${change.number} ${change.title}`)])];
    case 'moved': return [paragraph([strong('Moved'), text(`: ${change.title} from ${change.fromNumber} to ${change.toNumber}`)])];
    case 'renamed': return [paragraph([strong('Renamed'), text(`: ${change.number} "${change.fromTitle}" is now "${change.toTitle}"`)])];
    case 'controls': {
      const parts: string[] = [];
      if (change.added.length > 0) parts.push(`added ${change.added.join(', ')}`);
      if (change.removed.length > 0) parts.push(`removed ${change.removed.join(', ')}`);
      return [paragraph([strong('Control mappings'), text(` of ${change.number} ${change.title}: ${parts.join('; ')}`)])];
    }
    case 'text':
      return [heading(3, [text(`${change.number} ${change.title}`)]), ...hunks(change.words).map((hunk) => paragraph(hunk))];
  }
}

/** Each change with a few words of context on both sides; deletions struck through, insertions bold. */
function hunks(changes: readonly WordChange[]): PhrasingContent[][] {
  const words = trimChangedRuns(changes);
  const out: PhrasingContent[][] = [];
  let current: PhrasingContent[] | undefined;
  words.forEach((part, index) => {
    if (part.op === 'equal') {
      const tokens = part.text.split(/(\s+)/);
      const wordsOnly = tokens.filter((t) => t.trim() !== '');
      const isLast = index === words.length - 1;
      const isFirst = index === 0;
      if (current) {
        if (wordsOnly.length <= CONTEXT_WORDS * 2 && !isLast) {
          current.push(text(part.text));
          return;
        }
        current.push(text(takeWords(part.text, CONTEXT_WORDS, 'start') + (wordsOnly.length > CONTEXT_WORDS ? ' …' : '')));
        out.push(current);
        current = undefined;
      }
      if (!isLast) current = [text((wordsOnly.length > CONTEXT_WORDS && !isFirst) || (isFirst && wordsOnly.length > CONTEXT_WORDS) ? `… ${takeWords(part.text, CONTEXT_WORDS, 'end')}` : part.text)];
      return;
    }
    current ??= [];
    current.push(part.op === 'insert' ? { type: 'strong', children: [text(part.text)] } : { type: 'delete', children: [text(part.text)] });
  });
  if (current && current.some((node) => node.type !== 'text')) out.push(current);
  return out;
}

/**
 * Moves white space at the edges of inserted and deleted runs into the unchanged text beside them, so
 * that the markers hug the words: "~~old~~ **new** text", not "~~old ~~**new **text".
 */
function trimChangedRuns(changes: readonly WordChange[]): WordChange[] {
  const out: WordChange[] = [];
  const pushEqual = (value: string): void => {
    if (value === '') return;
    const last = out[out.length - 1];
    if (last?.op === 'equal') out[out.length - 1] = { op: 'equal', text: last.text + value };
    else out.push({ op: 'equal', text: value });
  };
  for (const change of changes) {
    if (change.op === 'equal') {
      pushEqual(change.text);
      continue;
    }
    const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(change.text)!;
    pushEqual(match[1] ?? '');
    if (match[2]) out.push({ op: change.op, text: match[2] });
    pushEqual(match[3] ?? '');
  }
  return out;
}

function takeWords(value: string, count: number, from: 'start' | 'end'): string {
  const words = value.trim().split(/\s+/);
  const slice = from === 'start' ? words.slice(0, count) : words.slice(-count);
  const joined = slice.join(' ');
  return from === 'start' ? (/^\s/.test(value) ? ` ${joined}` : joined) : /\s$/.test(value) ? `${joined} ` : joined;
}
