import { composeDocument } from '../compose/compose-document.js';
import { addMonths } from '../model/version.js';
import { fieldToText, type DocumentModel } from '../model/document.js';
import { canonicalJson } from '../release/release-hash.js';
import { releasedDocument } from '../model/version.js';
import type { ReleaseRecord } from '../schema/release.js';
import type { ValidatedProject } from '../validate/project.js';

export type RegisterStatus = 'draft' | 'current' | 'review-due' | 'review-overdue';

/** One line of the policy register. */
export interface RegisterRow {
  readonly policy: string;
  readonly title: string;
  readonly owner: string;
  readonly version: string | null;
  readonly approvedOn: string | null;
  readonly approver: string | null;
  readonly nextReview: string | null;
  readonly status: RegisterStatus;
  /** The working copy differs from the latest release: a new release is needed to publish it. */
  readonly changedSinceRelease: boolean;
}

/** Days before the next review date from which a policy is reported as due. */
export const REVIEW_DUE_DAYS = 30;

/**
 * Every policy of the organisation with its current release, approval and next review date, sorted by
 * urgency: overdue first, then due, then by next review date; drafts last.
 */
export function computeRegister(project: ValidatedProject, today: string): RegisterRow[] {
  const lang = project.organisation.languages[0]!;
  const rows: RegisterRow[] = [];
  for (const { manifest } of project.policies.values()) {
    const releases = project.releases.get(manifest.id) ?? [];
    const latest = releases.at(-1);
    const model = latest ? releasedDocument(latest, lang) : undefined;
    const draft = composeDocument(project, { policyId: manifest.id, lang, version: { version: 'draft', status: 'draft', date: null, history: [] } }).value;
    const title = model?.policy.title ?? draft?.policy.title ?? manifest.id;
    const owner = fieldToText(model?.policy.owner.name ?? draft?.policy.owner.name ?? manifest.owner);
    if (!latest || !model) {
      rows.push({ policy: manifest.id, title, owner, version: null, approvedOn: null, approver: null, nextReview: null, status: 'draft', changedSinceRelease: true });
      continue;
    }
    const nextReview = model.policy.nextReviewDate ?? addMonths(latest.date, model.policy.reviewIntervalMonths);
    rows.push({
      policy: manifest.id,
      title,
      owner,
      version: latest.version,
      approvedOn: latest.date,
      approver: latest.approver,
      nextReview,
      status: nextReview < today ? 'review-overdue' : nextReview <= addDays(today, REVIEW_DUE_DAYS) ? 'review-due' : 'current',
      changedSinceRelease: changedSince(project, latest, model, lang),
    });
  }
  const rank: Record<RegisterStatus, number> = { 'review-overdue': 0, 'review-due': 1, current: 2, draft: 3 };
  return rows.sort((a, b) => rank[a.status] - rank[b.status] || (a.nextReview ?? '') .localeCompare(b.nextReview ?? '') || a.policy.localeCompare(b.policy));
}

/** Recomposes the working copy as if it were that release and compares the two documents. */
function changedSince(project: ValidatedProject, release: ReleaseRecord, model: DocumentModel, lang: DocumentModel['lang']): boolean {
  const recomposed = composeDocument(project, {
    policyId: release.policy,
    lang: lang as 'en' | 'sv',
    version: { version: release.version, status: 'released', date: release.date, history: model.history },
  }).value;
  return !recomposed || canonicalJson(recomposed) !== canonicalJson(model);
}

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
