import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { positionOf } from '../../source/yaml-source.js';
import { soaRows } from '../../coverage/statement-of-applicability.js';
import { labelsFor } from '../../i18n/labels.js';
import type { RuleContext } from '../project.js';

/**
 * Statement of Applicability decisions name real Annex A controls, and every exclusion is justified
 * (ISO/IEC 27001:2022 clause 6.1.3 d requires the justification).
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
  diagnostics.push(...excludedButImplemented(context));
  return diagnostics;
}

/**
 * A control the statement excludes while a policy section says it is implemented contradicts itself;
 * an auditor asks which is true. Reported as a warning at the exclusion, where a policy set has a
 * Statement of Applicability at all.
 */
function excludedButImplemented(context: RuleContext): Diagnostic[] {
  const iso = context.catalogs.get('iso27001');
  const lang = context.organisation.languages[0]!;
  const mappings = context.mappings.get(lang) ?? [];
  if (!iso || !mappings.some((policy) => policy.generated)) return [];
  const organisation = context.organisations.get(lang) ?? context.organisation;
  const rows = soaRows(organisation, iso, mappings.filter((policy) => !policy.generated), labelsFor(lang), lang);
  const keys = new Map(Object.keys(organisation.soa.controls).map((key) => [iso.resolve(key)?.control.id ?? key, key]));
  return rows
    .filter((row) => !row.applicable && row.implementedBy !== '—')
    .map((row) =>
      diagnostic('soa/excluded-but-implemented', context.organisationFile, positionOf(context.organisationSource, ['soa', 'controls', keys.get(row.id) ?? row.id, 'applicable']), `Annex A control ${row.id} is excluded from the Statement of Applicability, but it is implemented by ${row.implementedBy}.`, {
        severity: 'warning',
        hint: 'Either make the control applicable, or take its mapping out of those sections.',
      }));
}
