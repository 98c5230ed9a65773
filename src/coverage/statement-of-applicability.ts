import type { ControlIndex } from '../catalog/control-index.js';
import { computeCoverage, type CoveringSection, type CoverageSource } from './compute-coverage.js';
import type { Block, Labels, TableCell } from '../model/document.js';
import type { LabelKey } from '../i18n/labels.js';
import type { ImplementationStatus, Organisation } from '../schema/organisation.js';
import type { Language } from '../schema/common.js';

/** Annex A themes in the ISO/IEC 27001:2022 catalog; clauses 4-10 are not part of the statement. */
const ANNEX_A_GROUPS = new Set(['5', '6', '7', '8']);

/** The status of an applicable control: one recorded in the organisation file, or none yet. */
export type SoaStatus = ImplementationStatus | 'not-assessed';

/** A policy the statement cites for a control: its title and the version cited ("draft" for a working copy). */
export interface PolicyCitation {
  readonly policy: string;
  readonly title: string;
  readonly version: string;
}

/** One line of the Statement of Applicability. */
export interface SoaRow {
  readonly id: string;
  readonly title: string;
  readonly applicable: boolean;
  readonly justification: string;
  /** No justification of its own: the default text stands in, which a complete statement may not use. */
  readonly defaultJustification: boolean;
  /** The control's key in `soa.controls` as written ("A.5.1" or "5.1"); undefined when it has no entry. */
  readonly entryKey: string | undefined;
  /** The recorded status of an applicable control, `not-assessed` without one; undefined when excluded. */
  readonly statusKey: SoaStatus | undefined;
  /** Localised status, or "—" for an excluded control. */
  readonly status: string;
  /** Released policies whose text implements the control (latest release of each). */
  readonly implementedIn: readonly PolicyCitation[];
  /** Working drafts, never released, whose text implements the control. */
  readonly draftsImplementing: readonly PolicyCitation[];
  /** Released policies whose text is relevant to the control without fulfilling it. */
  readonly supportedIn: readonly PolicyCitation[];
  /** The "implemented by" cell: released policies by title and version, or why there is none. */
  readonly implementedBy: string;
}

/**
 * The Statement of Applicability (ISO/IEC 27001:2022 clause 6.1.3 d): every Annex A control, whether it
 * is applicable, why it is included or excluded, its implementation status, and the released policies
 * that implement it. Decisions come from the organisation file (`soa.controls`); a control without a
 * decision is applicable, with the default justification, and "not assessed": a statement with such
 * controls is partial, and a release refuses it unless asked for a partial one. A policy that has never
 * been released is not cited: a statement an approver signs points only at approved text.
 */
export function soaRows(organisation: Pick<Organisation, 'soa'>, iso: ControlIndex, policies: readonly CoverageSource[], labels: Labels, lang: Language): SoaRow[] {
  const [coverage] = computeCoverage(policies, new Map([['iso27001', iso]]), ['iso27001'], lang);
  const controls = (coverage?.controls ?? []).filter((c) => ANNEX_A_GROUPS.has(c.group));
  const entries = new Map(Object.entries(organisation.soa.controls).map(([key, decision]) => [iso.resolve(key)?.control.id ?? key, { key, decision }]));
  return controls.map((control): SoaRow => {
    const entry = entries.get(control.id);
    const decision = entry?.decision;
    const applicable = decision?.applicable ?? true;
    const own = decision?.justification?.trim();
    const defaultJustification = applicable && (!own || own === labels.soaDefaultJustification);
    const statusKey: SoaStatus | undefined = applicable ? decision?.status ?? 'not-assessed' : undefined;
    // Only sections that implement a control count for it; those that support it are shown apart.
    const implementedIn = citations(control.coveredBy.filter((s) => s.version !== 'draft'));
    const draftsImplementing = citations(control.coveredBy.filter((s) => s.version === 'draft'));
    const supportedIn = citations(control.supportedBy.filter((s) => s.version !== 'draft' && !implementedIn.some((p) => p.policy === s.policy)));
    return {
      id: control.id,
      title: control.title,
      applicable,
      justification: own && own.length > 0 ? own : labels.soaDefaultJustification,
      defaultJustification,
      entryKey: entry?.key,
      statusKey,
      status: statusKey ? labels[`status.${statusKey}`] : '—',
      implementedIn,
      draftsImplementing,
      supportedIn,
      implementedBy: implementedByText({ applicable, implementedIn, draftsImplementing, supportedIn }, labels),
    };
  });
}

function citations(sections: readonly CoveringSection[]): PolicyCitation[] {
  const seen = new Map<string, PolicyCitation>();
  for (const s of sections) if (!seen.has(s.policy)) seen.set(s.policy, { policy: s.policy, title: s.policyTitle, version: s.version });
  return [...seen.values()].sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
}

function implementedByText(row: Pick<SoaRow, 'applicable' | 'implementedIn' | 'draftsImplementing' | 'supportedIn'>, labels: Labels): string {
  const cite = (list: readonly PolicyCitation[]): string => list.map((p) => `${p.title} ${p.version}`).join('; ');
  const supported = row.supportedIn.length > 0 ? ` ${labels.soaSupportedBy.replace('{policies}', cite(row.supportedIn))}` : '';
  if (row.implementedIn.length > 0) return `${cite(row.implementedIn)}${supported}`;
  if (!row.applicable) return '—';
  if (row.draftsImplementing.length > 0) return `${labels.soaDraftOnly.replace('{policies}', row.draftsImplementing.map((p) => p.title).join('; '))}${supported}`;
  return `${labels.soaNotDocumented}${supported}`;
}

/** Applicable controls without a recorded status. */
export function notAssessed(rows: readonly SoaRow[]): SoaRow[] {
  return rows.filter((r) => r.statusKey === 'not-assessed');
}

/** Applicable controls that are assessed but have no justification of their own. */
export function withDefaultJustification(rows: readonly SoaRow[]): SoaRow[] {
  return rows.filter((r) => r.defaultJustification && r.statusKey !== 'not-assessed');
}

/** A statement is partial while a control is not assessed or an applicable one lacks its own justification. */
export function isPartial(rows: readonly SoaRow[]): boolean {
  return rows.some((r) => r.statusKey === 'not-assessed' || r.defaultJustification);
}

type PluralKey = 'soaSummaryApplicable' | 'soaSummaryExcluded' | 'soaPartialNotAssessed' | 'soaPartialDefault';

function plural(labels: Labels, key: PluralKey, n: number): string {
  const zero = `${key}.zero` as LabelKey;
  const form = n === 0 && zero in labels ? zero : (`${key}.${n === 1 ? 'one' : 'other'}` as LabelKey);
  return labels[form].replace('{n}', String(n));
}

/** What a partial statement says at its top: that it is partial, and which controls make it so. */
export function partialNotice(rows: readonly SoaRow[], labels: Labels): Block[] {
  if (!isPartial(rows)) return [];
  const unassessed = notAssessed(rows);
  const unjustified = withDefaultJustification(rows);
  const item = (text: string) => ({ children: [{ type: 'paragraph' as const, children: [{ type: 'text' as const, value: text }] }] });
  const ids = (list: readonly SoaRow[]): string => list.map((r) => r.id).join(', ');
  return [
    { type: 'paragraph', children: [{ type: 'strong', children: [{ type: 'text', value: labels.soaPartial }] }] },
    {
      type: 'list',
      ordered: false,
      items: [
        ...(unassessed.length > 0 ? [item(plural(labels, 'soaPartialNotAssessed', unassessed.length).replace('{controls}', ids(unassessed)))] : []),
        ...(unjustified.length > 0 ? [item(plural(labels, 'soaPartialDefault', unjustified.length).replace('{controls}', ids(unjustified)))] : []),
      ],
    },
  ];
}

/** The statement as model blocks: the summary sentences and the table. */
export function statementOfApplicability(rows: readonly SoaRow[], labels: Labels): Block[] {
  const excluded = rows.filter((r) => !r.applicable).length;
  const cell = (value: string): TableCell => ({ children: [{ type: 'text', value }] });
  const total = String(rows.length);
  const summary = [
    plural(labels, 'soaSummaryApplicable', rows.length - excluded).replace('{total}', total),
    plural(labels, 'soaSummaryExcluded', excluded),
    statusTally(rows, labels),
  ].filter((s) => s.length > 0).join(' ');
  return [
    { type: 'paragraph', children: [{ type: 'text', value: summary }] },
    {
      type: 'table',
      align: [null, null, null, null, null, null],
      header: soaHeader(labels).map(cell),
      rows: rows.map((r) => soaCells(r, labels).map(cell)),
      wide: true,
    },
  ];
}

const STATUS_ORDER: readonly SoaStatus[] = ['implemented', 'partially-implemented', 'planned', 'not-implemented', 'not-assessed'];

function statusTally(rows: readonly SoaRow[], labels: Labels): string {
  const counts = STATUS_ORDER.map((status) => [status, rows.filter((r) => r.statusKey === status).length] as const).filter(([, n]) => n > 0);
  if (counts.length === 0) return '';
  const list = counts.map(([status, n]) => `${lowerFirst(labels[`status.${status}`])} ${n}`).join(', ');
  return labels.soaStatusTally.replace('{list}', list);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLocaleLowerCase() + text.slice(1);
}

/** The statement's column headings. */
export function soaHeader(labels: Labels): string[] {
  return [labels.soaControl, labels.controlTitle, labels.soaApplicable, labels.soaJustification, labels.soaStatus, labels.soaImplementedBy];
}

/** One row's cells, in the order of {@link soaHeader}. */
export function soaCells(row: SoaRow, labels: Labels): string[] {
  return [row.id, row.title, row.applicable ? labels.yes : labels.no, row.justification, row.status, row.implementedBy];
}
