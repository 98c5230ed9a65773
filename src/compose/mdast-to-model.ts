import { inlineText } from '../model/inline-text.js';
import type { Nodes, Root, RootContent, PhrasingContent, ListItem as MdastListItem, Table } from 'mdast';
import type { Block, Inline, ListItem, TableCell } from '../model/document.js';

/** A heading met in a module body, with the blocks that follow it up to the next heading. */
export interface BodyHeading {
  readonly depth: number;
  readonly title: string;
}

/** A module body as a flat run of blocks interleaved with headings; `compose` nests them into sections. */
export type BodyPart = { readonly kind: 'block'; readonly block: Block } | { readonly kind: 'heading'; readonly heading: BodyHeading };

/** Converts a parsed, filled module body (values already restored) into model blocks. */
export function mdastToBodyParts(tree: Root): BodyPart[] {
  const parts: BodyPart[] = [];
  for (const node of tree.children) {
    if (node.type === 'heading') {
      parts.push({ kind: 'heading', heading: { depth: node.depth, title: inlineText(toInlines(node.children)) } });
      continue;
    }
    const block = toBlock(node);
    if (block) parts.push({ kind: 'block', block });
  }
  return parts;
}

function toBlocks(nodes: readonly RootContent[]): Block[] {
  return nodes.flatMap((node) => {
    const block = toBlock(node);
    return block ? [block] : [];
  });
}

function toBlock(node: RootContent): Block | undefined {
  switch (node.type) {
    case 'paragraph': {
      const children = toInlines(node.children);
      return isBlank(children) ? undefined : { type: 'paragraph', children };
    }
    case 'list':
      return {
        type: 'list',
        ordered: node.ordered === true,
        ...(node.ordered && typeof node.start === 'number' && node.start !== 1 ? { start: node.start } : {}),
        items: node.children.map((item: MdastListItem): ListItem => ({ children: toBlocks(item.children) })),
      };
    case 'table':
      return toTable(node);
    case 'blockquote':
      return { type: 'quote', children: toBlocks(node.children) };
    case 'code':
      return { type: 'codeBlock', value: node.value };
    case 'thematicBreak':
      return { type: 'rule' };
    case 'html':
      // Raw HTML in a module is shown as the text it is; it is never passed through to an output.
      return { type: 'paragraph', children: [{ type: 'text', value: node.value }] };
    case 'heading':
      return { type: 'paragraph', children: [{ type: 'strong', children: toInlines(node.children) }] };
    default:
      // Definitions, footnotes and front matter carry no visible content of their own.
      return undefined;
  }
}

function toTable(node: Table): Block {
  const [head, ...body] = node.children;
  const cells = (row: Table['children'][number] | undefined): TableCell[] =>
    (row?.children ?? []).map((cell) => ({ children: toInlines(cell.children) }));
  return {
    type: 'table',
    align: (node.align ?? []).map((a) => a ?? null),
    header: cells(head),
    rows: body.map((row) => cells(row)),
  };
}

function toInlines(nodes: readonly PhrasingContent[]): Inline[] {
  const out: Inline[] = [];
  const pushText = (value: string): void => {
    if (value === '') return;
    const last = out[out.length - 1];
    if (last?.type === 'text') out[out.length - 1] = { type: 'text', value: last.value + value };
    else out.push({ type: 'text', value });
  };
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        pushText(node.value);
        break;
      case 'strong':
        out.push({ type: 'strong', children: toInlines(node.children) });
        break;
      case 'emphasis':
        out.push({ type: 'emphasis', children: toInlines(node.children) });
        break;
      case 'delete':
        out.push(...toInlines(node.children));
        break;
      case 'inlineCode':
        out.push({ type: 'code', value: node.value });
        break;
      case 'link':
        out.push({ type: 'link', url: node.url, children: toInlines(node.children) });
        break;
      case 'break':
        out.push({ type: 'break' });
        break;
      case 'html':
        pushText(node.value);
        break;
      case 'image':
        pushText(node.alt ?? '');
        break;
      case 'placeholder':
        out.push({ type: 'placeholder', label: node.label, ...(node.path !== undefined ? { path: node.path } : {}), ...(node.value !== undefined ? { value: node.value } : {}) });
        break;
      default:
        pushText(plainText(node));
    }
  }
  return out;
}

function plainText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(plainText).join('');
  return '';
}

function isBlank(inlines: readonly Inline[]): boolean {
  return inlines.every((inline) => (inline.type === 'text' ? inline.value.trim() === '' : inline.type === 'break'));
}
