import type { DocumentModel, Inline } from '../model/document.js';

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

/**
 * A fixed part's text (a document control or version history cell) as inline content: in a template,
 * the "[label]" of each placeholder the model lists becomes a placeholder, so every format marks it the
 * way it marks placeholders in the sections.
 */
export function cellInlines(model: DocumentModel, value: string): Inline[] {
  const labels = model.toComplete?.map((item) => item.label) ?? [];
  if (labels.length === 0 || !value.includes('[')) return [{ type: 'text', value }];
  const out: Inline[] = [];
  let rest = value;
  while (rest !== '') {
    const found = labels
      .map((label) => ({ label, index: rest.indexOf(`[${label}]`) }))
      .filter((hit) => hit.index >= 0)
      .sort((a, b) => a.index - b.index)[0];
    if (!found) {
      out.push({ type: 'text', value: rest });
      break;
    }
    if (found.index > 0) out.push({ type: 'text', value: rest.slice(0, found.index) });
    out.push({ type: 'placeholder', label: found.label });
    rest = rest.slice(found.index + found.label.length + 2);
  }
  return out;
}

/** The rows of a template's "to complete" checklist: what to fill in, and where it appears. */
export function toCompleteRows(model: DocumentModel): [Inline[], string][] {
  return (model.toComplete ?? []).map((item) => [[{ type: 'placeholder', label: item.label }], item.where.join('; ')]);
}
