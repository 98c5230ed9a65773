import type { BlockContent, Heading, Paragraph, PhrasingContent, Table, TableRow } from 'mdast';

/** Small constructors for Markdown syntax trees, so that no Markdown is ever built by string concatenation. */
export function text(value: string): PhrasingContent {
  return { type: 'text', value };
}

export function strong(value: string): PhrasingContent {
  return { type: 'strong', children: [text(value)] };
}

export function paragraph(children: PhrasingContent[]): Paragraph {
  return { type: 'paragraph', children };
}

export function heading(depth: 1 | 2 | 3 | 4 | 5 | 6, children: PhrasingContent[]): Heading {
  return { type: 'heading', depth, children };
}

export function bulletList(items: PhrasingContent[][]): BlockContent {
  return { type: 'list', ordered: false, spread: false, children: items.map((item) => ({ type: 'listItem', spread: false, children: [paragraph(item)] })) };
}

/** A GFM table: a header row of labels and rows of cells, each cell a run of inline content. */
export function table(header: readonly string[], rows: readonly (readonly PhrasingContent[][])[]): Table {
  return {
    type: 'table',
    align: header.map(() => null),
    children: [
      { type: 'tableRow', children: header.map((label) => ({ type: 'tableCell', children: [text(label)] })) },
      ...rows.map((cells): TableRow => ({ type: 'tableRow', children: cells.map((cell) => ({ type: 'tableCell', children: [...cell] })) })),
    ],
  };
}

/** A table whose cells are plain text. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): Table {
  return table(header, rows.map((row) => row.map((cell) => [text(cell)])));
}
