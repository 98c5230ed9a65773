import { addMonths } from '../model/version.js';
import { fieldToText, type DocumentModel } from '../model/document.js';
import { canonicalJson } from '../release/release-hash.js';

export type RegisterStatus = 'draft' | 'current' | 'review-due' | 'review-overdue';

/** One line of the policy register. */
export interface RegisterRow {
  readonly policy: string;
  readonly title: string;
  readonly owner: string;
  readonly version: string | null;
  readonly approvedOn: string | null;
  readonly approver: string | null;
  /** The release's signing key fingerprint (`SHA256:...`), `unsigned`, or null for a draft. */
  readonly signature: string | null;
  readonly nextReview: string | null;
  readonly status: RegisterStatus;
  /** The working copy differs from the latest release: a new release is needed to publish it. */
  readonly changedSinceRelease: boolean;
  /**
   * Who of the staff (the organisation file's people, by name) has and has not acknowledged the current
   * material version (Implementing Regulation (EU) 2024/2690, Annex I 1.1.1 (f)); null for a draft.
   */
  readonly acknowledgements: { readonly version: string; readonly acknowledged: readonly string[]; readonly pending: readonly string[] } | null;
}

/** Days before the next review date from which a policy is reported as due. */
export const REVIEW_DUE_DAYS = 30;

/** What the register needs to know of one policy; the pipeline gathers it. */
export interface RegisterInput {
  readonly policy: string;
  readonly title: string;
  /** The owner's name as the documents print it. */
  readonly owner: string;
  /** The latest release and its document, when the policy has been released. */
  readonly latest?: { readonly version: string; readonly date: string; readonly approver: string; readonly signature: string | null; readonly model: DocumentModel };
  /** The working copy composed as if it were that release: equal to its document when nothing changed. */
  readonly recomposed?: DocumentModel;
  readonly acknowledgements?: RegisterRow['acknowledgements'];
}

/**
 * Every policy of the organisation with its current release, approval and next review date, sorted by
 * urgency: overdue first, then due, then by next review date; drafts last.
 */
export function computeRegister(inputs: readonly RegisterInput[], today: string): RegisterRow[] {
  const rows: RegisterRow[] = [];
  for (const { policy, title, owner, latest, recomposed, acknowledgements = null } of inputs) {
    if (!latest) {
      rows.push({ policy, title, owner, version: null, approvedOn: null, approver: null, signature: null, nextReview: null, status: 'draft', changedSinceRelease: true, acknowledgements: null });
      continue;
    }
    const { model } = latest;
    const nextReview = model.policy.nextReviewDate ?? addMonths(latest.date, model.policy.reviewIntervalMonths);
    rows.push({
      policy,
      title: model.policy.title,
      owner: fieldToText(model.policy.owner.name),
      version: latest.version,
      approvedOn: latest.date,
      approver: latest.approver,
      signature: latest.signature ?? 'unsigned',
      nextReview,
      status: nextReview < today ? 'review-overdue' : nextReview <= addDays(today, REVIEW_DUE_DAYS) ? 'review-due' : 'current',
      changedSinceRelease: !recomposed || modelJson(recomposed) !== modelJson(model),
      acknowledgements,
    });
  }
  const rank: Record<RegisterStatus, number> = { 'review-overdue': 0, 'review-due': 1, current: 2, draft: 3 };
  return rows.sort((a, b) => rank[a.status] - rank[b.status] || (a.nextReview ?? '') .localeCompare(b.nextReview ?? '') || a.policy.localeCompare(b.policy));
}

/**
 * A document model as canonical JSON, worked out once per model: models are never changed once made, and
 * a preview's rebuilds compare the same release documents (and the drafts they carry over) each time.
 */
function modelJson(model: DocumentModel): string {
  let json = modelJsons.get(model);
  if (json === undefined) {
    json = canonicalJson(model);
    modelJsons.set(model, json);
  }
  return json;
}
const modelJsons = new WeakMap<DocumentModel, string>();

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
