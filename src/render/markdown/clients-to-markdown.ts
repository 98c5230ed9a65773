import type { Root } from 'mdast';
import { CLIENT_OVERVIEW_HEADER, clientOverviewCells, type ClientOverviewRow } from '../../register/client-overview.js';
import { heading, paragraph, text, textTable } from './mdast-build.js';
import { stringifyMarkdown } from './render-markdown.js';

/** The client overview as a Markdown report, one row per client. */
export function clientsToMarkdown(today: string, rows: readonly ClientOverviewRow[]): string {
  const overdue = rows.filter((r) => r.overdueReviews.length > 0).length;
  const failed = rows.filter((r) => r.status === 'failed').length;
  const tree: Root = {
    type: 'root',
    children: [
      heading(1, [text('Clients')]),
      paragraph([text(`As of ${today}: ${rows.length} client${rows.length === 1 ? '' : 's'}, ${overdue} with an overdue review${failed > 0 ? `, ${failed} whose files have errors` : ''}.`)]),
      textTable(CLIENT_OVERVIEW_HEADER, rows.map(clientOverviewCells)),
    ],
  };
  return stringifyMarkdown(tree);
}
