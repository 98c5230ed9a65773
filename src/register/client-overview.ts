import type { RegisterRow } from './compute-register.js';

/** One client of a consultant at a glance: its library, its releases, its reviews and acknowledgements. */
export interface ClientOverviewRow {
  readonly organisation: string;
  /** The organisation file, relative to where policymark ran. */
  readonly file: string;
  /** `ok`, or `failed` when the client's files have errors (its diagnostics are reported). */
  readonly status: 'ok' | 'failed';
  /** The library version the organisation file records (`libraryVersion:`), or null. */
  readonly libraryVersion: string | null;
  /** The version the library it builds from declares now, or null. */
  readonly libraryDeclared: string | null;
  /** The latest release of each released policy. */
  readonly latestReleases: readonly { readonly policy: string; readonly version: string; readonly date: string; readonly libraryVersion: string | null }[];
  readonly overdueReviews: readonly string[];
  readonly dueReviews: readonly string[];
  /** Released policies whose working copy differs from the latest release. */
  readonly unreleasedChanges: readonly string[];
  /** Policies never released. */
  readonly drafts: readonly string[];
  /** Acknowledgements of the current material versions over all released policies: done of expected, and their share (null when none is expected). */
  readonly acknowledgements: { readonly acknowledged: number; readonly expected: number; readonly share: number | null };
}

/**
 * The overview row of one client from its policy register; `releaseLibrary` gives the library version
 * each policy's latest release records (null for releases made before releases recorded it: unknown).
 */
export function clientOverviewRow(
  client: { organisation: string; file: string; libraryVersion: string | null; libraryDeclared: string | null },
  register: readonly RegisterRow[],
  releaseLibrary: (policy: string) => string | null = () => null,
): ClientOverviewRow {
  const released = register.filter((r) => r.version !== null);
  const acknowledged = released.reduce((sum, r) => sum + (r.acknowledgements?.acknowledged.length ?? 0), 0);
  const expected = released.reduce((sum, r) => sum + (r.acknowledgements ? r.acknowledgements.acknowledged.length + r.acknowledgements.pending.length : 0), 0);
  const byPolicy = (rows: readonly RegisterRow[]): string[] => rows.map((r) => r.policy).sort();
  return {
    ...client,
    status: 'ok',
    latestReleases: released.map((r) => ({ policy: r.policy, version: r.version!, date: r.approvedOn!, libraryVersion: releaseLibrary(r.policy) })).sort((a, b) => a.policy.localeCompare(b.policy)),
    overdueReviews: byPolicy(register.filter((r) => r.status === 'review-overdue')),
    dueReviews: byPolicy(register.filter((r) => r.status === 'review-due')),
    unreleasedChanges: byPolicy(released.filter((r) => r.changedSinceRelease)),
    drafts: byPolicy(register.filter((r) => r.status === 'draft')),
    acknowledgements: { acknowledged, expected, share: expected === 0 ? null : acknowledged / expected },
  };
}

/** The overview's columns, shared by its Markdown and CSV forms. */
export const CLIENT_OVERVIEW_HEADER = ['Client', 'Organisation file', 'Library (recorded)', 'Library (now)', 'Released', 'Latest release', 'Overdue reviews', 'Reviews due', 'Unreleased changes', 'Drafts', 'Acknowledged'];

/** One overview row as the text of its cells. */
export function clientOverviewCells(row: ClientOverviewRow): string[] {
  if (row.status === 'failed') return [row.organisation, row.file, row.libraryVersion ?? '—', row.libraryDeclared ?? '—', 'FAILED (see diagnostics)', '—', '—', '—', '—', '—', '—'];
  const latest = [...row.latestReleases].sort((a, b) => b.date.localeCompare(a.date) || a.policy.localeCompare(b.policy))[0];
  const list = (items: readonly string[]): string => (items.length === 0 ? '—' : items.join(', '));
  const acks = row.acknowledgements;
  return [
    row.organisation,
    row.file,
    row.libraryVersion ?? 'unknown',
    row.libraryDeclared ?? 'unknown',
    String(row.latestReleases.length),
    latest ? `${latest.policy} ${latest.version} (${latest.date}, library ${latest.libraryVersion ?? 'unknown'})` : '—',
    list(row.overdueReviews),
    list(row.dueReviews),
    list(row.unreleasedChanges),
    String(row.drafts.length),
    acks.share === null ? '—' : `${Math.round(acks.share * 100)}% (${acks.acknowledged} of ${acks.expected})`,
  ];
}
