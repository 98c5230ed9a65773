import { diagnostic, type Diagnostic, type Position } from '../../diagnostics/diagnostic.js';
import { hasPath, positionOf } from '../../source/yaml-source.js';
import { notAssessed, soaRows, withDefaultJustification, type SoaRow } from '../../coverage/statement-of-applicability.js';
import { labelsFor } from '../../i18n/labels.js';
import type { RuleContext } from '../project.js';

/** What the statement's checks read; both a rule context and a validated project have it. */
type SoaInputs = Pick<RuleContext, 'organisation' | 'organisations' | 'organisationFile' | 'organisationSource' | 'catalogs' | 'mappings' | 'policies' | 'modules'>;

/** The codes that say the statement is incomplete: warnings in `check`, refusals in a release of it. */
export const SOA_ASSESSMENT_CODES: ReadonlySet<string> = new Set(['soa/not-assessed', 'soa/default-justification']);

/**
 * Statement of Applicability decisions name real Annex A controls, and every exclusion is justified
 * (ISO/IEC 27001:2022 clause 6.1.3 d requires the justification). Where the policy set has a statement,
 * it also warns about what a release of it would refuse: controls not assessed and controls without a
 * justification of their own.
 */
export function checkStatementOfApplicability(context: RuleContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const iso = context.catalogs.get('iso27001');
  for (const [id, decision] of Object.entries(context.organisation.soa.controls)) {
    const path = ['soa', 'controls', id];
    const resolved = iso?.resolve(id);
    if (iso && (!resolved || resolved.control.id.startsWith('Clause') || resolved.id !== resolved.control.id)) {
      const suggestions = iso.suggest(id).filter((s) => !s.startsWith('Clause'));
      diagnostics.push(
        diagnostic('catalog/unknown-control', context.organisationFile, positionOf(context.organisationSource, path, { key: true }), `"${id}" is not an Annex A control of ISO/IEC 27001:2022.`, {
          fieldPath: path.join('.'),
          hint: suggestions.length > 0 ? `Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : 'Annex A controls run from 5.1 to 8.34.',
        }),
      );
      continue;
    }
    if (!decision.applicable && !decision.justification?.trim()) {
      diagnostics.push(
        diagnostic('soa/missing-justification', context.organisationFile, positionOf(context.organisationSource, path, { key: true }), `Control ${id} is excluded without a justification.`, {
          fieldPath: path.join('.'),
          hint: 'Add `justification:` saying why the control is not needed (ISO/IEC 27001:2022 clause 6.1.3 d).',
        }),
      );
    }
  }
  const rows = statementRows(context);
  if (!rows) return diagnostics;
  diagnostics.push(...excludedButImplemented(context, rows));
  diagnostics.push(...assessmentDiagnostics(context, rows, { severity: 'warning', partial: false }));
  return diagnostics;
}

/**
 * Why a release of `policy` is refused when it is the Statement of Applicability: one error per control
 * not assessed or without a justification of its own (unless `partial`), and per control stated as
 * implemented where only an unreleased draft implements it (always: a partial statement may leave
 * controls open, but may not claim what no approved policy says). Empty for any other policy.
 */
export function soaReleaseRefusals(project: SoaInputs, policy: string, options: { readonly partial: boolean }): Diagnostic[] {
  const entry = project.policies.get(policy);
  if (!entry || !entry.manifest.sections.some((id) => project.modules.get(id)?.generated === 'statement-of-applicability')) return [];
  const rows = statementRows(project, true);
  return rows ? assessmentDiagnostics(project, rows, { severity: 'error', partial: options.partial }) : [];
}

/** The statement's rows in the first language, where the policy set has a statement (or `always`). */
function statementRows(context: SoaInputs, always = false): SoaRow[] | undefined {
  const iso = context.catalogs.get('iso27001');
  const lang = context.organisation.languages[0]!;
  const mappings = context.mappings.get(lang) ?? [];
  if (!iso || (!always && !mappings.some((policy) => policy.generated))) return undefined;
  const organisation = context.organisations.get(lang) ?? context.organisation;
  return soaRows(organisation, iso, mappings.filter((policy) => !policy.generated), labelsFor(lang), lang);
}

function assessmentDiagnostics(context: SoaInputs, rows: readonly SoaRow[], options: { readonly severity: 'warning' | 'error'; readonly partial: boolean }): Diagnostic[] {
  const { severity } = options;
  const file = context.organisationFile;
  const source = context.organisationSource;
  const release = severity === 'error';
  const partialHint = release ? ' To release the statement as partial, marked so, add --partial-soa.' : ' Until then a release of the statement is refused.';
  const diagnostics: Diagnostic[] = [];
  if (!options.partial) {
    const unassessed = notAssessed(rows);
    const withoutEntry = unassessed.filter((r) => r.entryKey === undefined);
    // `check` reports controls without an entry once, not 93 times in a new project; a release names each.
    if (withoutEntry.length > 0 && !release) {
      const ids = withoutEntry.map((r) => r.id);
      diagnostics.push(
        diagnostic('soa/not-assessed', file, missingEntryPosition(context), `${ids.length} Annex A ${ids.length === 1 ? 'control has' : 'controls have'} no entry in soa.controls and ${ids.length === 1 ? 'is' : 'are'} not assessed: ${ids.join(', ')}.`, {
          severity,
          fieldPath: 'soa.controls',
          hint: `Add each under soa.controls with \`applicable\`, \`status\` and a \`justification\` of its own.${partialHint}`,
        }),
      );
    }
    for (const row of unassessed) {
      if (row.entryKey === undefined) {
        if (!release) continue;
        diagnostics.push(
          diagnostic('soa/not-assessed', file, missingEntryPosition(context), `Annex A control ${row.id} (${row.title}) has no entry in soa.controls, so it has not been assessed.`, {
            severity,
            fieldPath: 'soa.controls',
            hint: `Add "${row.id}": { applicable: ..., status: ..., justification: ... } under soa.controls.${partialHint}`,
          }),
        );
        continue;
      }
      const also = row.defaultJustification ? ', and it has no justification of its own' : '';
      diagnostics.push(
        diagnostic('soa/not-assessed', file, positionOf(source, ['soa', 'controls', row.entryKey], { key: true }), `Annex A control ${row.id} (${row.title}) has no implementation status, so it has not been assessed${also}.`, {
          severity,
          fieldPath: `soa.controls.${row.entryKey}`,
          hint: `Add \`status:\` (implemented, partially-implemented, planned or not-implemented)${row.defaultJustification ? ' and a `justification:` for this control' : ''}.${partialHint}`,
        }),
      );
    }
    for (const row of withDefaultJustification(rows)) {
      const key = row.entryKey!;
      const written = context.organisation.soa.controls[key]?.justification !== undefined;
      diagnostics.push(
        diagnostic('soa/default-justification', file, positionOf(source, ['soa', 'controls', key, ...(written ? ['justification'] : [])], { key: !written }), `Annex A control ${row.id} (${row.title}) is included with the default justification, not one of its own.`, {
          severity,
          fieldPath: `soa.controls.${key}.justification`,
          hint: `Say why ${row.id} applies to the organisation: the risk it treats, or the legal, regulatory or contractual requirement that calls for it.${partialHint}`,
        }),
      );
    }
  }
  // Refused at release only: while policies are released one by one, `check` would warn on every run,
  // and the draft statement already shows "No released policy yet" beside the claim.
  if (release) {
    for (const row of rows) {
      if (row.statusKey !== 'implemented' || row.implementedIn.length > 0 || row.draftsImplementing.length === 0) continue;
      const drafts = and(row.draftsImplementing.map((p) => p.title));
      diagnostics.push(
        diagnostic('soa/implemented-by-draft', file, positionOf(source, ['soa', 'controls', row.entryKey!, 'status']), `Annex A control ${row.id} is stated as implemented, but the only text that implements it is in ${drafts}, which ${row.draftsImplementing.length > 1 ? 'have' : 'has'} never been released.`, {
          severity,
          fieldPath: `soa.controls.${row.entryKey}.status`,
          hint: `Release ${drafts} before the statement, or record the status the control has without an approved policy (partially-implemented, for example).`,
        }),
      );
    }
  }
  return diagnostics;
}

function and(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Where a control without an entry is reported: the `soa.controls` key, else the `soa` key, else the file's start. */
function missingEntryPosition(context: SoaInputs): Position {
  const source = context.organisationSource;
  if (hasPath(source, ['soa', 'controls'])) return positionOf(context.organisationSource, ['soa', 'controls'], { key: true });
  if (hasPath(source, ['soa'])) return positionOf(context.organisationSource, ['soa'], { key: true });
  return { line: 1, column: 1 };
}

/**
 * A control the statement excludes while a released policy says it is implemented contradicts itself;
 * an auditor asks which is true. Reported as a warning at the exclusion.
 */
function excludedButImplemented(context: RuleContext, rows: readonly SoaRow[]): Diagnostic[] {
  return rows
    .filter((row) => !row.applicable && row.entryKey !== undefined && (row.implementedIn.length > 0 || row.draftsImplementing.length > 0))
    .map((row) => {
      const by = [...row.implementedIn.map((p) => `${p.title} ${p.version}`), ...row.draftsImplementing.map((p) => `${p.title} (draft)`)].join('; ');
      return diagnostic('soa/excluded-but-implemented', context.organisationFile, positionOf(context.organisationSource, ['soa', 'controls', row.entryKey!, 'applicable']), `Annex A control ${row.id} is excluded from the Statement of Applicability, but it is implemented by ${by}.`, {
        severity: 'warning',
        hint: 'Either make the control applicable, or take its mapping out of those sections.',
      });
    });
}
