import { describe, expect, it } from 'vitest';
import { labelsFor } from '../../../src/i18n/labels.js';
import type { DocumentModel, Inline, PlaceholderInline, Section } from '../../../src/model/document.js';
import { documentOutline, fieldInlines, type DocumentPart } from '../../../src/render/document-outline.js';

const labels = labelsFor('en');

function section(id: string, number: string, title: string, sections: Section[] = []): Section {
  const level = number.split('.').length as Section['level'];
  return { id, number, level, title, module: id.split('/')[0]!, controls: [], blocks: [], sections };
}

const SECTIONS: Section[] = [
  section('purpose', '1', 'Purpose', [section('purpose/scope', '1.1', 'Scope', [section('purpose/scope/people', '1.1.1', 'People', [section('purpose/scope/people/staff', '1.1.1.1', 'Staff')])])]),
  section('roles', '2', 'Roles'),
];

const released: DocumentModel = {
  modelVersion: 1,
  lang: 'en',
  labels,
  organisation: { id: 'acme', legalName: 'Acme Widgets Ltd', shortName: 'Acme', branding: { primaryColor: '#1F4E79', font: 'Carlito', pageSize: 'A4', logo: null } },
  policy: {
    id: 'incident-management',
    title: 'Incident Management Policy',
    version: '1.1.0',
    status: 'released',
    classification: 'internal',
    owner: { name: 'Ada Lovelace', title: 'CISO', role: 'ciso' },
    approver: { name: 'Bob Hope', title: 'CEO', role: 'ceo' },
    reviewIntervalMonths: 12,
    effectiveDate: '2025-03-01',
    nextReviewDate: '2026-03-01',
  },
  history: [
    { version: '1.0.0', date: '2024-01-10', author: 'Ada Lovelace', approver: 'Bob Hope', summary: 'First release' },
    { version: '1.1.0', date: '2025-03-01', author: 'Ada Lovelace', approver: 'Bob Hope', summary: 'NIS2 deadlines' },
  ],
  sections: SECTIONS,
  appendix: [{ framework: 'iso27001', name: 'ISO/IEC 27001:2022', controls: [{ id: '5.24', title: 'Incident planning', sections: [{ number: '1', title: 'Purpose' }, { number: '2', title: 'Roles' }] }] }],
};

const draft: DocumentModel = {
  ...released,
  policy: { ...released.policy, version: 'draft', status: 'draft', effectiveDate: null, nextReviewDate: null },
  history: [...released.history, { version: 'draft', date: null, author: 'Ada Lovelace', approver: null, summary: labels.workingDraft }],
  appendix: [],
};

const placeholder = (label: string): PlaceholderInline => ({ type: 'placeholder', label });
const template: DocumentModel = {
  ...draft,
  organisation: { ...draft.organisation, legalName: placeholder('Legal name of the organisation'), shortName: placeholder('Name of the organisation') },
  policy: {
    ...draft.policy,
    owner: { name: placeholder('Name of the information security manager'), title: 'Information Security Manager', role: 'ciso' },
    approver: { name: placeholder('Name of the chief executive officer'), title: placeholder('Job title of the chief executive officer'), role: 'ceo' },
  },
  history: [{ version: 'draft', date: null, author: placeholder('Name of the information security manager'), approver: null, summary: labels.workingDraft }],
  toComplete: [
    { label: 'Legal name of the organisation', where: [labels.titleAndHeader] },
    { label: 'Name of the information security manager', where: [labels.documentControl, '2 Roles'] },
  ],
};

function part<K extends DocumentPart['kind']>(outline: readonly DocumentPart[], kind: K): Extract<DocumentPart, { kind: K }> {
  const found = outline.find((p): p is Extract<DocumentPart, { kind: K }> => p.kind === kind);
  if (!found) throw new Error(`no ${kind} part`);
  return found;
}

const text = (value: string): Inline => ({ type: 'text', value });

describe('documentOutline', () => {
  it('orders a released policy: title, document control, history, contents, sections, appendix', () => {
    const outline = documentOutline(released);
    expect(outline.map((p) => p.kind)).toEqual(['title', 'documentControl', 'versionHistory', 'contents', 'sections', 'appendix']);
    expect(part(outline, 'title')).toEqual({ kind: 'title', title: 'Incident Management Policy', draftMarker: null, organisation: [text('Acme Widgets Ltd')] });
    expect(part(outline, 'documentControl').rows.map((row) => [row.label, row.value])).toEqual([
      [labels.policyId, [text('incident-management')]],
      [labels.version, [text('1.1.0')]],
      [labels.owner, [text('Ada Lovelace, CISO')]],
      [labels.approver, [text('Bob Hope, CEO')]],
      [labels.classification, [text(labels['classification.internal'])]],
      [labels.status, [text(labels.statusApproved)]],
      [labels.approvalDate, [text(released.history.at(-1)!.date!)]],
      [labels.signature, [text(labels.unsigned)]],
      [labels.effectiveDate, [text('2025-03-01')]],
      [labels.nextReviewDate, [text('2026-03-01')]],
      [labels.reviewInterval, [text(`12 ${labels.months}`)]],
    ]);
    const appendix = part(outline, 'appendix');
    expect(appendix.title).toBe(`${labels.appendix} A: ${labels.controlMapping}`);
    expect(appendix.frameworks).toEqual([{ name: 'ISO/IEC 27001:2022', rows: [['5.24', 'Incident planning', '1, 2']], supportedOnly: '' }]);
  });

  it('lists in the contents the sections down to level 3, then the appendix and its frameworks, each tied to what it heads', () => {
    const outline = documentOutline(released);
    const entries = part(outline, 'contents').entries;
    expect(entries.map((e) => [e.level, e.number, e.title])).toEqual([
      [1, '1', 'Purpose'],
      [2, '1.1', 'Scope'],
      [3, '1.1.1', 'People'],
      [1, '2', 'Roles'],
      [1, null, part(outline, 'appendix').title],
      [2, null, 'ISO/IEC 27001:2022'],
    ]);
    expect(entries[0]!.heading).toBe(released.sections[0]);
    expect(entries[4]!.heading).toBe(part(outline, 'appendix'));
    expect(entries[5]!.heading).toBe(part(outline, 'appendix').frameworks[0]);
    expect(part(outline, 'sections').sections).toBe(released.sections);
  });

  it('marks a draft, shows its working row in the history, and leaves out an empty appendix', () => {
    const outline = documentOutline(draft);
    expect(outline.map((p) => p.kind)).toEqual(['title', 'documentControl', 'versionHistory', 'contents', 'sections']);
    expect(part(outline, 'title').draftMarker).toBe(labels.draft);
    const control = part(outline, 'documentControl').rows;
    expect(control.find((row) => row.label === labels.version)?.value).toEqual([text(labels.draftStatus)]);
    expect(control.find((row) => row.label === labels.effectiveDate)?.value).toEqual([text(labels.onApproval)]);
    expect(part(outline, 'versionHistory').rows.at(-1)).toEqual([[text(labels.draft)], [text('—')], [text('Ada Lovelace')], [text('—')], [text(labels.workingDraft)]]);
    expect(part(outline, 'contents').entries.map((e) => e.title)).toEqual(['Purpose', 'Scope', 'People', 'Roles']);
  });

  it('puts a template checklist after the title block and carries placeholders as typed inlines, never "[label]" text', () => {
    const outline = documentOutline(template);
    expect(outline.map((p) => p.kind)).toEqual(['title', 'toComplete', 'documentControl', 'versionHistory', 'contents', 'sections']);
    expect(part(outline, 'toComplete').items).toEqual([
      { placeholder: [placeholder('Legal name of the organisation')], where: labels.titleAndHeader },
      { placeholder: [placeholder('Name of the information security manager')], where: `${labels.documentControl}; 2 Roles` },
    ]);
    expect(part(outline, 'title').organisation).toEqual([placeholder('Legal name of the organisation')]);
    const control = part(outline, 'documentControl').rows;
    expect(control.find((row) => row.label === labels.owner)?.value).toEqual([placeholder('Name of the information security manager'), text(', Information Security Manager')]);
    expect(control.find((row) => row.label === labels.approver)?.value).toEqual([placeholder('Name of the chief executive officer'), text(', '), placeholder('Job title of the chief executive officer')]);
    expect(part(outline, 'versionHistory').rows[0]![2]).toEqual([placeholder('Name of the information security manager')]);
    expect(JSON.stringify(outline.filter((p) => p.kind !== 'sections'))).not.toMatch(/"value":"[^"]*\[/);
  });
});

describe('fieldInlines', () => {
  it('joins adjacent text into one node and keeps an empty value as one empty text', () => {
    expect(fieldInlines('Ada', ', ', 'CISO')).toEqual([text('Ada, CISO')]);
    expect(fieldInlines('')).toEqual([text('')]);
    expect(fieldInlines(placeholder('Name'), ', ', 'CISO')).toEqual([placeholder('Name'), text(', CISO')]);
  });
});
