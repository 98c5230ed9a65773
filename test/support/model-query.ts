import type { Block, DocumentModel, Inline, Section } from '../../src/model/document.js';

/** Every section of a model, depth first in document order. */
export function allSections(model: Pick<DocumentModel, 'sections'>): Section[] {
  const walk = (sections: readonly Section[]): Section[] => sections.flatMap((section) => [section, ...walk(section.sections)]);
  return walk(model.sections);
}

/** One line per section: `<number> <title> [level <n>, <id>]`, the shape a reader checks numbering by. */
export function outline(model: Pick<DocumentModel, 'sections'>): string[] {
  return allSections(model).map((s) => `${s.number} ${s.title} [level ${s.level}, ${s.id}]`);
}

/** The section with this number; throws when there is none, so a test cannot pass on `undefined`. */
export function sectionNumbered(model: Pick<DocumentModel, 'sections'>, number: string): Section {
  const section = allSections(model).find((s) => s.number === number);
  if (!section) throw new Error(`no section ${number}; the outline is:\n${outline(model).join('\n')}`);
  return section;
}

/** The text of inline content, placeholders as `[label]`. */
export function inlineText(inlines: readonly Inline[]): string {
  return inlines
    .map((inline) => {
      switch (inline.type) {
        case 'text':
        case 'code':
          return inline.value;
        case 'break':
          return '\n';
        case 'placeholder':
          return `[${inline.label}]`;
        default:
          return inlineText(inline.children);
      }
    })
    .join('');
}

/** The text of blocks, one line per paragraph, list item paragraph or table row (cells joined by " | "). */
export function blockText(blocks: readonly Block[]): string[] {
  return blocks.flatMap((block): string[] => {
    switch (block.type) {
      case 'paragraph':
        return [inlineText(block.children)];
      case 'list':
        return block.items.flatMap((item) => blockText(item.children));
      case 'quote':
        return blockText(block.children);
      case 'table':
        return [block.header, ...block.rows].map((row) => row.map((cell) => inlineText(cell.children)).join(' | '));
      case 'codeBlock':
        return [block.value];
      case 'rule':
        return ['---'];
    }
  });
}

/** Every inline node of the given type in a model's sections, in document order. */
export function inlinesOfType<T extends Inline['type']>(model: Pick<DocumentModel, 'sections'>, type: T): Extract<Inline, { type: T }>[] {
  const out: Extract<Inline, { type: T }>[] = [];
  const visitInlines = (inlines: readonly Inline[]): void => {
    for (const inline of inlines) {
      if (inline.type === type) out.push(inline as Extract<Inline, { type: T }>);
      if ('children' in inline) visitInlines(inline.children);
    }
  };
  const visitBlocks = (blocks: readonly Block[]): void => {
    for (const block of blocks) {
      if (block.type === 'paragraph') visitInlines(block.children);
      else if (block.type === 'list') block.items.forEach((item) => visitBlocks(item.children));
      else if (block.type === 'quote') visitBlocks(block.children);
      else if (block.type === 'table') [block.header, ...block.rows].forEach((row) => row.forEach((cell) => visitInlines(cell.children)));
    }
  };
  allSections(model).forEach((section) => visitBlocks(section.blocks));
  return out;
}
