import type { ControlIndex } from '../catalog/control-index.js';
import { computeCoverage, type CoverageSource } from './compute-coverage.js';
import type { Block, Labels, TableCell } from '../model/document.js';
import type { Organisation } from '../schema/organisation.js';
import type { Language } from '../schema/common.js';

/** Annex A themes in the ISO/IEC 27001:2022 catalog; clauses 4-10 are not part of the statement. */
const ANNEX_A_GROUPS = new Set(['5', '6', '7', '8']);

/** One line of the Statement of Applicability. */
export interface SoaRow {
  readonly id: string;
  readonly title: string;
  readonly applicable: boolean;
  readonly justification: string;
  /** Localised status, or "—" for an excluded control. */
  readonly status: string;
  readonly implementedBy: string;
}

/**
 * The Statement of Applicability (ISO/IEC 27001:2022 clause 6.1.3 d): every Annex A control, whether it
 * is applicable, why it is included or excluded, its implementation status, and the policy sections
 * that implement it. Decisions come from the organisation file (`soa.controls`); a control without a
 * decision is applicable, with the default justification, and "not assessed".
 */
export function soaRows(organisation: Organisation, iso: ControlIndex, policies: readonly CoverageSource[], labels: Labels, lang: Language): SoaRow[] {
  const [coverage] = computeCoverage(policies, new Map([['iso27001', iso]]), ['iso27001'], lang);
  const controls = (coverage?.controls ?? []).filter((c) => ANNEX_A_GROUPS.has(c.group));
  const decisions = new Map(Object.entries(organisation.soa.controls).map(([id, decision]) => [iso.resolve(id)?.control.id ?? id, decision]));
  return controls.map((control) => {
    const decision = decisions.get(control.id);
    const applicable = decision?.applicable ?? true;
    return {
      id: control.id,
      title: control.title,
      applicable,
      justification: decision?.justification ?? labels.soaDefaultJustification,
      status: applicable ? labels[`status.${decision?.status ?? 'not-assessed'}`] : '—',
      implementedBy: control.coveredBy.length > 0
        ? control.coveredBy.map((s) => `${s.policyTitle} § ${s.number}`).join('; ')
        : applicable ? labels.soaNotDocumented : '—',
    };
  });
}

/** The statement as model blocks: a summary sentence and the table. */
export function statementOfApplicability(rows: readonly SoaRow[], labels: Labels): Block[] {
  const excluded = rows.filter((r) => !r.applicable).length;
  const cell = (value: string): TableCell => ({ children: [{ type: 'text', value }] });
  const summary = labels.soaSummary
    .replace('{applicable}', String(rows.length - excluded))
    .replace('{total}', String(rows.length))
    .replace('{excluded}', String(excluded));
  return [
    { type: 'paragraph', children: [{ type: 'text', value: summary }] },
    {
      type: 'table',
      align: [null, null, null, null, null, null],
      header: soaHeader(labels).map(cell),
      rows: rows.map((r) => [r.id, r.title, r.applicable ? labels.yes : labels.no, r.justification, r.status, r.implementedBy].map(cell)),
      wide: true,
    },
  ];
}

export function soaHeader(labels: Labels): string[] {
  return [labels.control, labels.controlTitle, labels.soaApplicable, labels.soaJustification, labels.soaStatus, labels.soaImplementedBy];
}
