import type { RegisterRow, RegisterStatus } from './compute-register.js';

const STATUS: Record<RegisterStatus, string> = {
  draft: 'draft (never released)',
  current: 'current',
  'review-due': 'review due',
  'review-overdue': 'REVIEW OVERDUE',
};

/** The register's columns, shared by its Markdown and CSV forms. */
export const REGISTER_HEADER = ['Policy', 'Title', 'Owner', 'Version', 'Approved', 'Approver', 'Next review', 'Status', 'Signature', 'Acknowledged'];

/** One register row as the text of its cells. */
export function registerCells(row: RegisterRow): string[] {
  const status = STATUS[row.status] + (row.changedSinceRelease && row.status !== 'draft' ? '; unreleased changes' : '');
  return [row.policy, row.title, row.owner, row.version ?? '—', row.approvedOn ?? '—', row.approver ?? '—', row.nextReview ?? '—', status, row.signature ?? '—', acknowledgedText(row)];
}

/** "3 of 10 (1.0.0)": how many of the staff have acknowledged the current material version. */
function acknowledgedText(row: RegisterRow): string {
  const acks = row.acknowledgements;
  if (!acks) return '—';
  return `${acks.acknowledged.length} of ${acks.acknowledged.length + acks.pending.length} (${acks.version})`;
}
