import type { DocumentModel, FieldText, Inline, PersonRef } from '../model/document.js';

/**
 * The fixed parts every format shows, as text: the document control rows, the version history rows,
 * the appendix title. Each renderer lays them out its own way; the wording lives here once.
 */
export function documentControlRows(model: DocumentModel): [string, Inline[]][] {
  const { labels, policy } = model;
  const person = (p: PersonRef): Inline[] => fieldInlines(p.name, ', ', p.title);
  return [
    [labels.policyId, fieldInlines(policy.id)],
    [labels.version, fieldInlines(policy.status === 'draft' ? labels.draftStatus : policy.version)],
    [labels.owner, person(policy.owner)],
    [labels.approver, person(policy.approver)],
    [labels.classification, fieldInlines(classificationLabel(model))],
    [labels.effectiveDate, fieldInlines(policy.effectiveDate ?? labels.onApproval)],
    [labels.nextReviewDate, fieldInlines(policy.nextReviewDate ?? labels.notScheduled)],
    [labels.reviewInterval, fieldInlines(`${policy.reviewIntervalMonths} ${labels.months}`)],
  ];
}

export function historyRows(model: DocumentModel): Inline[][][] {
  return model.history.map((entry) =>
    [
      entry.date === null && entry.version === 'draft' ? model.labels.draft : entry.version,
      entry.date ?? '—',
      entry.author,
      entry.approver ?? '—',
      entry.summary,
    ].map((cell) => fieldInlines(cell)),
  );
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
 * Fixed text as inline content: each plain piece as text (adjacent pieces joined into one text node),
 * each placeholder a placeholder, so every format marks it the way it marks placeholders in the sections.
 */
export function fieldInlines(...pieces: readonly FieldText[]): Inline[] {
  const out: Inline[] = [];
  for (const piece of pieces) {
    const last = out[out.length - 1];
    if (typeof piece !== 'string') out.push(piece);
    else if (last?.type === 'text') out[out.length - 1] = { type: 'text', value: last.value + piece };
    else out.push({ type: 'text', value: piece });
  }
  return out;
}

/** The rows of a template's "to complete" checklist: what to fill in, and where it appears. */
export function toCompleteRows(model: DocumentModel): [Inline[], string][] {
  return (model.toComplete ?? []).map((item) => [[{ type: 'placeholder', label: item.label }], item.where.join('; ')]);
}
