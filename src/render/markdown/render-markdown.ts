import { unified } from 'unified';
import remarkStringify, { type Options } from 'remark-stringify';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import type { Root } from 'mdast';
import type { DocumentModel } from '../../model/document.js';
import { modelToMdast } from './model-to-mdast.js';

/** Serialisation settings; the round-trip test re-stringifies with the same ones. */
export const MARKDOWN_OPTIONS: Options = {
  bullet: '-',
  emphasis: '_',
  strong: '*',
  fences: true,
  rule: '-',
  listItemIndent: 'one',
  incrementListMarker: true,
};

const processor = unified().use(remarkGfm, { tablePipeAlign: false }).use(remarkFrontmatter, ['yaml']).use(remarkStringify, MARKDOWN_OPTIONS);

/** Renders a policy as GitHub-flavoured Markdown with YAML front matter. */
export function renderMarkdown(model: DocumentModel): string {
  return stringifyMarkdown(modelToMdast(model));
}

/** Serialises any Markdown syntax tree with policymark's settings (reports, registers, diffs). */
export function stringifyMarkdown(tree: Root): string {
  return processor.stringify(tree);
}
