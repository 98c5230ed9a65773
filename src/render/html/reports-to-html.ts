import { coveredByText, coveredViaText, supportedByText, type FrameworkCoverage } from '../../coverage/compute-coverage.js';
import type { PolicyDiff, SectionChange, WordChange } from '../../diff/diff-models.js';
import { siteText, type SiteLabels } from '../../i18n/site-labels.js';
import type { RegisterRow } from '../../register/compute-register.js';
import { h, type Html, type HtmlChild } from './html-build.js';
import { tableFrame } from './model-to-html.js';

/** One register line as the site shows it: the row, the document's tier, and links to its pages. */
export interface RegisterEntry {
  readonly row: RegisterRow;
  readonly tier: string;
  /** Link to the document's page in this language. */
  readonly href: string;
  /** Link to the current version's page; absent for a draft. */
  readonly versionHref?: string;
}

/** The register as a table: document, type, version, owner, effective, next review, status, acknowledged. */
export function registerToHtml(entries: readonly RegisterEntry[], labels: SiteLabels): Html {
  const header = [labels.document, labels.tier, labels.version, labels.owner, labels.effectiveDate, labels.nextReview, labels.status, labels.acknowledged];
  return tableFrame(labels.registerCaption, h('table', { class: 'register' },
    h('caption', { class: 'visually-hidden' }, labels.registerCaption),
    h('thead', {}, h('tr', {}, header.map((label) => h('th', { scope: 'col' }, label)))),
    h('tbody', {}, entries.map(({ row, tier, href, versionHref }) => {
      const acks = row.acknowledgements;
      return h('tr', {},
        h('th', { scope: 'row' }, h('a', { href }, row.title)),
        h('td', {}, tier),
        h('td', {}, row.version === null ? '—' : versionHref ? h('a', { href: versionHref }, row.version) : row.version),
        h('td', {}, row.owner),
        h('td', {}, row.approvedOn ?? '—'),
        h('td', {}, row.nextReview ?? '—'),
        h('td', {},
          h('span', { class: `status status-${row.status}` }, labels[`status.${row.status}`]),
          row.changedSinceRelease && row.status !== 'draft' ? h('span', { class: 'changes' }, ` (${labels.unreleasedChanges})`) : null,
        ),
        h('td', {}, acks ? `${siteText(labels, 'ofStaff', { n: acks.acknowledged.length, total: acks.acknowledged.length + acks.pending.length })} (${acks.version})` : '—'),
      );
    })),
  ));
}

/** The coverage page's body: totals per framework, then each framework's counted controls and gaps. */
export function coverageToHtml(coverage: readonly FrameworkCoverage[], labels: SiteLabels): Html[] {
  const percent = (value: number): string => `${value.toFixed(1)}%`;
  return [
    h('p', { class: 'lead' }, labels.coverageIntro),
    tableFrame(labels.coverageCaption, h('table', {},
      h('caption', { class: 'visible' }, labels.coverageCaption),
      h('thead', {}, h('tr', {}, [labels.framework, labels.requirements, labels.implemented, labels.supportedOnly, labels.gaps, labels.coveragePercent].map((label) => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, coverage.map((f, index) => h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: `#framework-${index + 1}` }, f.name)),
        h('td', {}, String(f.total)), h('td', {}, String(f.covered)), h('td', {}, String(f.supportedOnly)), h('td', {}, String(f.total - f.covered)), h('td', {}, percent(f.percent)),
      ))),
    )),
    ...coverage.map((framework, index) => {
      const counted = framework.controls.filter((c) => c.counted);
      const heading = siteText(labels, 'frameworkHeading', { name: framework.name, covered: framework.covered, total: framework.total, percent: percent(framework.percent) });
      return h('section', { 'aria-labelledby': `framework-${index + 1}` },
        h('h2', { id: `framework-${index + 1}` }, heading),
        tableFrame(framework.name, h('table', {},
          h('caption', { class: 'visually-hidden' }, heading),
          h('thead', {}, h('tr', {}, [labels.control, labels.controlTitle, labels.implementedBy, labels.supportedBy].map((label) => h('th', { scope: 'col' }, label)))),
          h('tbody', {}, counted.map((c) => {
            const via = coveredViaText(c);
            return h('tr', { class: c.covered ? undefined : 'gap' },
              h('th', { scope: 'row' }, c.id),
              h('td', {}, c.title),
              h('td', {}, c.covered ? coveredByText(c) : h('strong', {}, via ? siteText(labels, 'gapVia', { via }) : labels.gap)),
              h('td', {}, supportedByText(c) || '—'),
            );
          })),
        )),
      );
    }),
  ];
}

/** Words of unchanged text shown around each change. */
const CONTEXT_WORDS = 8;

/** A reviewer's summary of what changed between two versions, grouped by section (the diff page's body). */
export function diffToHtml(diff: PolicyDiff, labels: SiteLabels): Html[] {
  const total = diff.metadata.length + diff.variables.length + diff.sections.length;
  if (total === 0) return [h('p', {}, labels.diffNone)];
  const out: Html[] = [h('h2', { id: 'summary' }, labels.diffSummary), h('ul', {}, summaryLines(diff, labels).map((line) => h('li', {}, line)))];
  const valueTable = (id: string, title: string, first: string, rows: PolicyDiff['metadata']): Html[] => [
    h('h2', { id }, title),
    tableFrame(title, h('table', {},
      h('caption', { class: 'visually-hidden' }, title),
      h('thead', {}, h('tr', {}, [first, diff.from, diff.to].map((label) => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, rows.map((c) => h('tr', {}, h('th', { scope: 'row' }, c.field), h('td', {}, c.from ?? '—'), h('td', {}, c.to ?? '—')))),
    )),
  ];
  if (diff.metadata.length > 0) out.push(...valueTable('details', labels.diffDetails, labels.field, diff.metadata));
  if (diff.variables.length > 0) out.push(...valueTable('variables', labels.diffVariables, labels.variable, diff.variables));
  if (diff.sections.length > 0) {
    out.push(h('h2', { id: 'sections' }, labels.diffSections));
    for (const change of diff.sections) out.push(...sectionChange(change, labels));
  }
  return out;
}

function summaryLines(diff: PolicyDiff, labels: SiteLabels): string[] {
  const count = (kind: SectionChange['kind']): number => diff.sections.filter((c) => c.kind === kind).length;
  const lines: string[] = [];
  for (const kind of ['text', 'added', 'removed', 'moved', 'renamed'] as const) {
    if (count(kind) > 0) lines.push(siteText(labels, `diff.${kind}`, { n: count(kind) }));
  }
  const added = diff.sections.reduce((n, c) => n + (c.kind === 'controls' ? c.added.length : 0), 0);
  const removed = diff.sections.reduce((n, c) => n + (c.kind === 'controls' ? c.removed.length : 0), 0);
  if (added + removed > 0) lines.push(siteText(labels, 'diff.controls', { added, removed }));
  if (diff.variables.length > 0) lines.push(siteText(labels, 'diff.variablesChanged', { n: diff.variables.length }));
  if (diff.metadata.length > 0) lines.push(siteText(labels, 'diff.detailsChanged', { fields: diff.metadata.map((m) => m.field).join(', ') }));
  return lines;
}

function sectionChange(change: SectionChange, labels: SiteLabels): Html[] {
  const line = (label: string, rest: string): Html => h('p', {}, h('strong', {}, label), `: ${rest}`);
  switch (change.kind) {
    case 'added': return [line(labels.added, `${change.number} ${change.title}`)];
    case 'removed': return [line(labels.removed, `${change.number} ${change.title}`)];
    case 'moved': return [line(labels.moved, siteText(labels, 'movedText', { title: change.title, from: change.fromNumber, to: change.toNumber }))];
    case 'renamed': return [line(labels.renamed, siteText(labels, 'renamedText', { number: change.number, from: change.fromTitle, to: change.toTitle }))];
    case 'controls': {
      const parts: string[] = [];
      if (change.added.length > 0) parts.push(siteText(labels, 'controlsAdded', { ids: change.added.join(', ') }));
      if (change.removed.length > 0) parts.push(siteText(labels, 'controlsRemoved', { ids: change.removed.join(', ') }));
      return [line(labels.controlMappings, `${change.number} ${change.title}: ${parts.join('; ')}`)];
    }
    case 'text':
      return [h('h3', {}, `${change.number} ${change.title}`), ...hunks(change.words, labels).map((hunk) => h('p', { class: 'hunk' }, hunk))];
  }
}

/**
 * Each change with a few words of unchanged text on both sides: inserted words marked as insertions,
 * deleted ones as deletions (named for screen readers too, since colour alone would not say it).
 */
function hunks(changes: readonly WordChange[], labels: SiteLabels): HtmlChild[][] {
  const out: HtmlChild[][] = [];
  let current: HtmlChild[] = [];
  const words = (text: string): string[] => text.split(/\s+/).filter((w) => w !== '');
  changes.forEach((change, index) => {
    if (change.op !== 'equal') {
      const tag = change.op === 'insert' ? 'ins' : 'del';
      current.push(h(tag, {}, h('span', { class: 'visually-hidden' }, `[${change.op === 'insert' ? labels.insertedText : labels.deletedText}: `), change.text, h('span', { class: 'visually-hidden' }, ']')));
      return;
    }
    const all = words(change.text);
    const lead = /^\s/.test(change.text) ? ' ' : '';
    const trail = /\s$/.test(change.text) ? ' ' : '';
    const first = index === 0;
    const last = index === changes.length - 1;
    if (first && last) return;
    if (first) {
      current.push(`${all.length > CONTEXT_WORDS ? '… ' : ''}${all.slice(-CONTEXT_WORDS).join(' ')}${trail}`);
    } else if (last) {
      current.push(`${lead}${all.slice(0, CONTEXT_WORDS).join(' ')}${all.length > CONTEXT_WORDS ? ' …' : ''}`);
    } else if (all.length > CONTEXT_WORDS * 2) {
      current.push(`${lead}${all.slice(0, CONTEXT_WORDS).join(' ')} …`);
      out.push(current);
      current = [`… ${all.slice(-CONTEXT_WORDS).join(' ')}${trail}`];
    } else {
      current.push(change.text);
    }
  });
  if (current.some((part) => typeof part !== 'string')) out.push(current);
  return out;
}
