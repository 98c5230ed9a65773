import type { INumberingOptions } from 'docx';
import type { ContentsEntry } from '../document-outline.js';
import type { DocxTheme } from './theme.js';

/** One list's numbering definition, as docx's `Document` takes them. */
export type NumberingDefinition = INumberingOptions['config'][number];

/** What one render accumulates while it walks the model; local, so renders never share state. */
export interface RenderState {
  readonly theme: DocxTheme;
  /** A numbering definition per list, in document order. */
  readonly numbering: NumberingDefinition[];
  /** The bookmark of each heading the contents may link to, by the section or appendix part it heads. */
  readonly bookmarks: Map<ContentsEntry['heading'], string>;
  /** Headings bookmarked so far: bookmarks are `_Toc1`, `_Toc2`, ... in document order. */
  headingCount: number;
  /** The page of each entry of the contents, in its order, from the pagination (see `heading-pages.ts`). */
  readonly pages: readonly (number | undefined)[];
}

/** A fresh state for one render. */
export function createRenderState(theme: DocxTheme, pages: readonly (number | undefined)[] = []): RenderState {
  return { theme, numbering: [], bookmarks: new Map(), headingCount: 0, pages };
}
