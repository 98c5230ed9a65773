import type { Block, Inline, Section } from './document.js';

/**
 * The one walker over the document model: every section depth first in document order (with its
 * parent's id), and every inline inside a list of blocks. Stages that need to find something in a model
 * (placeholders, moved sections, headings) go through these instead of writing their own recursion.
 */

/** Every section and sub-section in document order, each with the id of the section it is in. */
export function sectionsInOrder(sections: readonly Section[], parent: string | null = null): { section: Section; parent: string | null }[] {
  return sections.flatMap((section) => [{ section, parent }, ...sectionsInOrder(section.sections, section.id)]);
}

/** Every inline in the blocks, depth first: inside paragraphs, list items, quotes, table cells and other inlines. */
export function inlinesIn(blocks: readonly Block[]): Inline[] {
  return blocks.flatMap((block): Inline[] => {
    switch (block.type) {
      case 'paragraph': return withChildren(block.children);
      case 'list': return block.items.flatMap((item) => inlinesIn(item.children));
      case 'quote': return inlinesIn(block.children);
      case 'table': return [block.header, ...block.rows].flatMap((row) => row.flatMap((cell) => withChildren(cell.children)));
      default: return [];
    }
  });
}

function withChildren(inlines: readonly Inline[]): Inline[] {
  return inlines.flatMap((inline) => ('children' in inline ? [inline, ...withChildren(inline.children)] : [inline]));
}
