import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { positionOf } from '../../source/yaml-source.js';
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
  return diagnostics;
}
