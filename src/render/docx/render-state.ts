import type { INumberingOptions } from 'docx';
import type { ContentsEntry } from '../document-outline.js';
import type { TextMeasure } from '../table-columns/column-widths.js';
import { planTable, type TableBlock, type TablePlan } from '../table-columns/table-plan.js';
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
  /** The measure of table text, in points. */
  readonly measure: TextMeasure;
  /** Each model table's orientation and abbreviation, decided once (the PDF decides the same). */
  readonly plan: (table: TableBlock) => TablePlan;
  /** The page of each entry of the contents, in its order, from the pagination (see `heading-pages.ts`). */
  readonly pages: readonly (number | undefined)[];
}

/** A fresh state for one render. */
export function createRenderState(theme: DocxTheme, measure: TextMeasure, pageSize: 'A4' | 'Letter', pages: readonly (number | undefined)[] = []): RenderState {
  const plans = new WeakMap<TableBlock, TablePlan>();
  const plan = (table: TableBlock): TablePlan => {
    let found = plans.get(table);
    if (!found) {
      found = planTable(table, measure, pageSize);
      plans.set(table, found);
    }
    return found;
  };
  return { theme, numbering: [], bookmarks: new Map(), headingCount: 0, measure, plan, pages };
}
