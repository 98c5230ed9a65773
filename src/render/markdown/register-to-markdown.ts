import type { Root } from 'mdast';
import type { RegisterRow } from '../../register/compute-register.js';
import { REGISTER_HEADER, registerCells } from '../../register/register-table.js';
import { heading, paragraph, text, textTable } from './mdast-build.js';
import { stringifyMarkdown } from './render-markdown.js';

/** The policy register as a Markdown report. */
export function registerToMarkdown(organisation: string, today: string, rows: readonly RegisterRow[]): string {
  const overdue = rows.filter((r) => r.status === 'review-overdue').length;
  const tree: Root = {
    type: 'root',
    children: [
      heading(1, [text(`Policy register: ${organisation}`)]),
      paragraph([text(`As of ${today}: ${rows.length} policies, ${overdue} with an overdue review.`)]),
      textTable(REGISTER_HEADER, rows.map(registerCells)),
    ],
  };
  return stringifyMarkdown(tree);
}
