import type { Root, RootContent } from 'mdast';
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
      ...acknowledgementLines(rows),
    ],
  };
  return stringifyMarkdown(tree);
}

/** Per released policy, who has not yet acknowledged its current material version. */
function acknowledgementLines(rows: readonly RegisterRow[]): RootContent[] {
  const released = rows.filter((r) => r.acknowledgements);
  if (released.length === 0) return [];
  return [
    heading(2, [text('Acknowledgements')]),
    ...released.map((r) => {
      const acks = r.acknowledgements!;
      const total = acks.acknowledged.length + acks.pending.length;
      const who = acks.pending.length === 0 ? `all ${total} staff have acknowledged it.` : `${acks.acknowledged.length} of ${total} staff have acknowledged it; not yet: ${acks.pending.join(', ')}.`;
      return paragraph([text(`${r.policy} ${acks.version} (the current material version): ${who}`)]);
    }),
  ];
}
