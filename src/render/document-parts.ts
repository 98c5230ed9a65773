import type { DocumentModel } from '../model/document.js';

/**
 * The fixed parts every format shows, as text: the document control rows, the version history rows,
 * the appendix title. Each renderer lays them out its own way; the wording lives here once.
 */
export function documentControlRows(model: DocumentModel): [string, string][] {
  const { labels, policy } = model;
  const person = (p: { name: string; title: string }): string => `${p.name}, ${p.title}`;
  return [
    [labels.policyId, policy.id],
    [labels.version, policy.status === 'draft' ? labels.draftStatus : policy.version],
    [labels.owner, person(policy.owner)],
    [labels.approver, person(policy.approver)],
    [labels.classification, classificationLabel(model)],
    [labels.effectiveDate, policy.effectiveDate ?? labels.onApproval],
    [labels.nextReviewDate, policy.nextReviewDate ?? labels.notScheduled],
    [labels.reviewInterval, `${policy.reviewIntervalMonths} ${labels.months}`],
  ];
}

export function historyRows(model: DocumentModel): [string, string, string, string, string][] {
  return model.history.map((entry) => [
    entry.date === null && entry.version === 'draft' ? model.labels.draft : entry.version,
    entry.date ?? '—',
    entry.author,
    entry.approver ?? '—',
    entry.summary,
  ]);
}

export function classificationLabel(model: DocumentModel): string {
  const key = `classification.${model.policy.classification}` as const;
  return key in model.labels ? model.labels[key as keyof DocumentModel['labels']] : model.policy.classification;
}

export function appendixTitle(model: DocumentModel): string {
  return `${model.labels.appendix} A: ${model.labels.controlMapping}`;
}

/** "Page {n} of {total}" with the numbers filled in. */
export function pageLabel(model: DocumentModel, n: number | string, total: number | string): string {
  return model.labels.page.replace('{n}', String(n)).replace('{total}', String(total));
}
