import type { Inline } from './document.js';

/** The text of inline content, without formatting (for headings and cross-references). */
export function inlineText(inlines: readonly Inline[]): string {
  return inlines
    .map((inline) => {
      switch (inline.type) {
        case 'text': case 'code': return inline.value;
        case 'break': return ' ';
        case 'placeholder': return inline.value ?? `[${inline.label}]`;
        // The text as it reads with every tracked change accepted.
        case 'revision': return inline.change === 'delete' ? '' : inlineText(inline.children);
        default: return inlineText(inline.children);
      }
    })
    .join('');
}
