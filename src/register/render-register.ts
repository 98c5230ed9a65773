import type { Root } from 'mdast';
import { heading, paragraph, text, textTable } from '../render/markdown/mdast-build.js';
import { stringifyMarkdown } from '../render/markdown/render-markdown.js';
import { toCsv } from '../render/csv/to-csv.js';
import type { RegisterRow, RegisterStatus } from './compute-register.js';

const STATUS: Record<RegisterStatus, string> = {
  draft: 'draft (never released)',
  current: 'current',
  'review-due': 'review due',
  'review-overdue': 'REVIEW OVERDUE',
};

const HEADER = ['Policy', 'Title', 'Owner', 'Version', 'Approved', 'Approver', 'Next review', 'Status'];

function cells(row: RegisterRow): string[] {
  const status = STATUS[row.status] + (row.changedSinceRelease && row.status !== 'draft' ? '; unreleased changes' : '');
  return [row.policy, row.title, row.owner, row.version ?? '—', row.approvedOn ?? '—', row.approver ?? '—', row.nextReview ?? '—', status];
}

export function registerToMarkdown(organisation: string, today: string, rows: readonly RegisterRow[]): string {
  const overdue = rows.filter((r) => r.status === 'review-overdue').length;
  const tree: Root = {
    type: 'root',
    children: [
      heading(1, [text(`Policy register: ${organisation}`)]),
      paragraph([text(`As of ${today}: ${rows.length} policies, ${overdue} with an overdue review.`)]),
      textTable(HEADER, rows.map(cells)),
    ],
  };
  return stringifyMarkdown(tree);
}

export function registerToCsv(rows: readonly RegisterRow[]): string {
  return toCsv(HEADER, rows.map(cells));
}
