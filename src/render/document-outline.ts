import type { AppendixFramework, DocumentModel, FieldText, Inline, PersonRef, RelatedDocument, Section } from '../model/document.js';

/**
 * The parts of a policy document in the order every format shows them, and the fixed wording they
 * carry: the title block, a template's "to complete" checklist, document control, version history,
 * contents, the numbered sections and the control-mapping appendix. Format-free: a renderer maps each
 * part in order, and decides how (or whether) its format shows it; it never re-decides the order.
 */
export type DocumentPart = TitlePart | ToCompletePart | DocumentControlPart | VersionHistoryPart | ContentsPart | SectionsPart | AppendixPart;

/** The title block: the policy's title, a draft's marker and the organisation's legal name. */
export interface TitlePart {
  readonly kind: 'title';
  readonly title: string;
  /** The marker a draft shows under its title; null for a released version. */
  readonly draftMarker: string | null;
  readonly organisation: readonly Inline[];
}

/** A template's checklist: each placeholder once, with the places it appears. */
export interface ToCompletePart {
  readonly kind: 'toComplete';
  readonly title: string;
  readonly intro: string;
  /** The label of the places column ("Appears in"). */
  readonly appearsIn: string;
  readonly items: readonly { readonly placeholder: readonly Inline[]; readonly where: string }[];
}

/** The document control table: a label and a value per row. */
export interface DocumentControlPart {
  readonly kind: 'documentControl';
  readonly title: string;
  readonly header: readonly [string, string];
  readonly rows: readonly { readonly label: string; readonly value: readonly Inline[] }[];
}

/** The version history table: version, date, author, approver and summary per row. */
export interface VersionHistoryPart {
  readonly kind: 'versionHistory';
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly (readonly Inline[])[])[];
}

/** The table of contents: the headings of the parts after it, down to {@link CONTENTS_DEPTH}. */
export interface ContentsPart {
  readonly kind: 'contents';
  readonly title: string;
  readonly entries: readonly ContentsEntry[];
}

/**
 * One line of the contents. `heading` is the very object whose heading the line points to (a section,
 * the appendix, or one of its frameworks): ids are not unique in a redline, where a moved section is
 * there twice, so a renderer links an entry to the anchor it gave that object.
 */
export interface ContentsEntry {
  readonly level: 1 | 2 | 3;
  /** The section number; null for the appendix's unnumbered headings. */
  readonly number: string | null;
  readonly title: string;
  readonly heading: Section | AppendixPart | AppendixTable;
}

/** The numbered sections, as the model holds them. */
export interface SectionsPart {
  readonly kind: 'sections';
  readonly sections: readonly Section[];
}

/** The control-mapping appendix: per framework, each covered control and the sections covering it. */
export interface AppendixPart {
  readonly kind: 'appendix';
  readonly title: string;
  readonly intro: string;
  readonly header: readonly [string, string, string];
  readonly frameworks: readonly AppendixTable[];
}

/** One framework's table of the appendix: control id, control title, covering sections. */
export interface AppendixTable {
  readonly name: string;
  readonly rows: readonly (readonly [string, string, string])[];
  /**
   * The controls this document only supports, after the table as one line ("Supported only: 5.1 (1, 7);
   * 6.3 (6)"), empty where there are none: as a row its long list would size the table's last column.
   */
  readonly supportedOnly: string;
}

/** Headings down to this level are listed in the contents (the sections' own levels; the appendix is level 1). */
export const CONTENTS_DEPTH = 3;

/** The document's parts in order; a part with nothing to show (no checklist, no appendix) is left out. */
export function documentOutline(model: DocumentModel): DocumentPart[] {
  const { labels, policy } = model;
  const appendix = appendixPart(model);
  return [
    {
      kind: 'title',
      title: policy.title,
      draftMarker: policy.status === 'draft' ? labels.draft : null,
      organisation: fieldInlines(model.organisation.legalName),
    },
    ...(model.toComplete
      ? [
          {
            kind: 'toComplete',
            title: labels.toComplete,
            intro: labels.toCompleteIntro,
            appearsIn: labels.appearsIn,
            items: model.toComplete.map((item) => ({ placeholder: [{ type: 'placeholder', label: item.label, ...(item.path !== undefined ? { path: item.path } : {}) }], where: item.where.join('; ') })),
          } satisfies ToCompletePart,
        ]
      : []),
    {
      kind: 'documentControl',
      title: labels.documentControl,
      header: [labels.item, labels.details],
      rows: documentControlRows(model),
    },
    {
      kind: 'versionHistory',
      title: labels.versionHistory,
      header: [labels.version, labels.date, labels.author, labels.approver, labels.summary],
      rows: model.history.map((entry) =>
        [
          entry.date === null && entry.version === 'draft' ? labels.draft : entry.version,
          entry.date ?? '—',
          entry.author,
          entry.approver ?? '—',
          entry.summary,
        ].map((cell) => fieldInlines(cell)),
      ),
    },
    { kind: 'contents', title: labels.contents, entries: contentsEntries(model.sections, appendix) },
    { kind: 'sections', sections: model.sections },
    ...(appendix ? [appendix] : []),
  ];
}

/** A release's signature as the document states it: the key's fingerprint, or "unsigned"; a draft has none yet. */
function signatureText(model: DocumentModel): string {
  const { labels, policy } = model;
  if (policy.status === 'draft') return '—';
  return policy.signature ? `${labels.signedWithKey} ${policy.signature}` : labels.unsigned;
}

function documentControlRows(model: DocumentModel): DocumentControlPart['rows'] {
  const { labels, policy } = model;
  const person = (p: PersonRef): Inline[] => fieldInlines(p.name, ', ', p.title);
  return [
    { label: labels.policyId, value: fieldInlines(policy.id) },
    // Documents released before tiers existed carry no tier; their rows stay as they were released.
    ...(policy.tier ? [{ label: labels.documentType, value: fieldInlines(labels[`tier.${policy.tier}`]) }] : []),
    { label: labels.version, value: fieldInlines(versionText(model)) },
    ...(policy.implements ? [{ label: labels.implementsDocument, value: fieldInlines(relatedText(policy.implements, labels)) }] : []),
    ...(policy.implementedBy ? [{ label: labels.implementedByDocuments, value: fieldInlines(policy.implementedBy.map((d) => relatedText(d, labels)).join('; ')) }] : []),
    { label: labels.owner, value: person(policy.owner) },
    { label: labels.approver, value: person(policy.approver) },
    { label: labels.classification, value: fieldInlines(classificationLabel(model)) },
    { label: labels.status, value: fieldInlines(policy.status === 'released' ? labels.statusApproved : labels.statusDraft) },
    { label: labels.approvalDate, value: fieldInlines(policy.status === 'released' ? model.history.at(-1)?.date ?? policy.effectiveDate ?? '—' : labels.notApproved) },
    { label: labels.signature, value: fieldInlines(signatureText(model)) },
    { label: labels.effectiveDate, value: fieldInlines(policy.effectiveDate ?? labels.onApproval) },
    { label: labels.nextReviewDate, value: fieldInlines(policy.nextReviewDate ?? labels.notScheduled) },
    { label: labels.reviewInterval, value: fieldInlines(`${policy.reviewIntervalMonths} ${labels.months}`) },
  ];
}

function appendixPart(model: DocumentModel): AppendixPart | undefined {
  const { labels } = model;
  if (model.appendix.length === 0) return undefined;
  return {
    kind: 'appendix',
    title: `${labels.appendix} A: ${labels.controlMapping}`,
    intro: labels.controlMappingIntro,
    header: [labels.control, labels.controlTitle, labels.coveredBy],
    frameworks: model.appendix.map((framework) => {
      // A control id ("Clause 4.3", "Art. 33(1)") is one term: it wraps as a whole, never between its words.
      // A clause of a management-system standard is named as the document's language names it ("Avsnitt 5.3").
      const id = (control: { id: string }): string => control.id.replace(/^Clause /, `${labels.clause} `).replace(/ /g, '\u00A0');
      const implemented = framework.controls.filter((control) => control.sections.length > 0);
      // Controls this document only supports are listed apart, in one row, by id and section number: an
      // auditor samples what a document implements, and a supporting mention must not read like a claim.
      const supported = framework.controls.filter((control) => control.sections.length === 0 && control.supportedBy);
      const supportedOnly = supported.length === 0 ? '' : `${labels.supportedOnlyRow}: ${supported.map((control) => `${id(control)}\u00A0(${(control.supportedBy ?? []).map((s) => s.number).join(',\u00A0')})`).join('; ')}.`;
      return {
        name: framework.name,
        rows: implemented.map((control) => [id(control), control.title, appendixCell(control, labels)] as const),
        supportedOnly,
      };
    }),
  };
}

/**
 * Implementing sections by number, then the supporting ones after a label: "4, 7; supported by: 6". The
 * contents gives each number's title; repeating titles in every row made each row two or three lines
 * and the appendix of the top policy longer than its body.
 */
function appendixCell(control: AppendixFramework['controls'][number], labels: DocumentModel['labels']): string {
  const list = (sections: readonly { number: string }[]): string => sections.map((s) => s.number).join(', ');
  const implemented = list(control.sections);
  if (!control.supportedBy) return implemented;
  const supported = `${labels.supportsOnly}: ${list(control.supportedBy)}`;
  return implemented ? `${implemented}; ${supported}` : supported;
}

function contentsEntries(sections: readonly Section[], appendix: AppendixPart | undefined): ContentsEntry[] {
  const out: ContentsEntry[] = [];
  const visit = (section: Section): void => {
    if (section.level > CONTENTS_DEPTH) return;
    out.push({ level: section.level as ContentsEntry['level'], number: section.number, title: section.title, heading: section });
    section.sections.forEach(visit);
  };
  sections.forEach(visit);
  if (appendix) {
    out.push({ level: 1, number: null, title: appendix.title, heading: appendix });
    for (const framework of appendix.frameworks) out.push({ level: 2, number: null, title: framework.name, heading: framework });
  }
  return out;
}

/**
 * Fixed text as inline content: each plain piece as text (adjacent pieces joined into one text node),
 * each placeholder as a placeholder, so every format marks it the way it marks placeholders in sections.
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

/** The version as a document prints it: the draft status for the working draft. */
/** "Incident Management Policy, version 2.0.0", or "..., draft, not yet released". */
function relatedText(document: RelatedDocument, labels: DocumentModel['labels']): string {
  if (document.version === undefined) return document.title;
  return `${document.title}, ${document.version === 'draft' ? labels.relatedDraft : labels.relatedVersion.replace('{version}', document.version)}`;
}

export function versionText(model: DocumentModel): string {
  return model.policy.status === 'draft' ? model.labels.draftStatus : model.policy.version;
}

/** The classification in the document's language, or its key where no label exists. */
export function classificationLabel(model: DocumentModel): string {
  const key = `classification.${model.policy.classification}` as const;
  return key in model.labels ? model.labels[key as keyof DocumentModel['labels']] : model.policy.classification;
}

/** "Page {n} of {total}" with the numbers filled in. */
export function pageLabel(model: DocumentModel, n: number | string, total: number | string): string {
  return model.labels.page.replace('{n}', String(n)).replace('{total}', String(total));
}
