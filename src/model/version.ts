import type { DocumentModel, VersionEntry } from './document.js';
import type { ReleaseRecord } from '../schema/release.js';
import { labelsFor } from '../i18n/labels.js';
import type { Language } from '../schema/common.js';

/** The version history rows of a policy's releases, oldest first; with `lang`, each summary in that language where the release gives one. */
export function historyOf(releases: readonly ReleaseRecord[], lang?: Language): VersionEntry[] {
  return releases.map((r) => ({ version: r.version, date: r.date, author: r.author, approver: r.approver, summary: (lang && r.summaries?.[lang]) ?? r.summary }));
}

/** The working copy in one language: every release so far in its history, then itself as a draft. */
export function draftVersion(releases: readonly ReleaseRecord[], lang?: Language): VersionContext {
  return { version: 'draft', status: 'draft', date: null, history: historyOf(releases, lang) };
}

/** A stored release's document in one language, or undefined when it was not released in that language. */
export function releasedDocument(release: ReleaseRecord, lang: string): DocumentModel | undefined {
  const document = release.documents[lang as keyof ReleaseRecord['documents']];
  // The seal guarantees these are the bytes policymark stored; the version field guards the model shape.
  if (!document || document.modelVersion !== 1) return undefined;
  const model = document as unknown as DocumentModel;
  // Labels added to policymark after the release fill in; the released text itself never changes.
  return { ...model, labels: { ...labelsFor(model.lang as Language), ...model.labels } };
}

/** Which version of a policy is being composed, and the history its document shows. */
export interface VersionContext {
  /** A semantic version for a release, `draft` for the working copy. */
  readonly version: string;
  readonly status: 'draft' | 'released';
  /** Release date (YYYY-MM-DD); null for a draft. */
  readonly date: string | null;
  /** Released versions, oldest first; a draft adds its own row. */
  readonly history: readonly VersionEntry[];
  /** A release's approval: who approved (a person id) and the signing key's fingerprint, null when unsigned. */
  readonly approval?: { readonly approverId: string; readonly signature: string | null } | undefined;
}

/** The version context a stored release was composed with, for recomposing it (the register's comparison). */
export function releaseVersion(release: ReleaseRecord, history: readonly VersionEntry[]): VersionContext {
  return {
    version: release.version,
    status: 'released',
    date: release.date,
    history,
    approval: release.approverId ? { approverId: release.approverId, signature: release.signer?.fingerprint ?? null } : undefined,
  };
}

/** The working copy of a policy with no release history. */
export const WORKING_DRAFT: VersionContext = { version: 'draft', status: 'draft', date: null, history: [] };

/** Adds calendar months to an ISO date, clamping to the month's last day (2025-01-31 + 1 = 2025-02-28). */
export function addMonths(isoDate: string, months: number): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}
