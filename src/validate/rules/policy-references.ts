import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { closest, nearest } from '../../diagnostics/suggest.js';
import { positionOf } from '../../source/yaml-source.js';
import type { RuleContext } from '../project.js';

/**
 * A manifest's sections exist and appear once; its owner and approver are roles of the organisation;
 * it has a title in every language the organisation publishes in.
 */
export function checkPolicyReferences(context: RuleContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const moduleIds = [...context.modules.keys()];
  const roles = Object.keys(context.organisation.roles);
  for (const { manifest, file: manifestFile, source, sectionAt } of context.policies.values()) {
    const seen = new Map<string, number>();
    manifest.sections.forEach((sectionId, index) => {
      // A section the organisation inserted is reported where the organisation file inserts it.
      const { file, position: at } = sectionAt[index] ?? { file: manifestFile, position: positionOf(source, ['sections', index]) };
      if (!context.modules.has(sectionId) && !context.brokenModuleIds.has(sectionId)) {
        const suggestions = nearest(sectionId, moduleIds, 3);
        diagnostics.push(
          diagnostic('policy/unknown-module', file, at, `The policy "${manifest.id}" lists the section module "${sectionId}", which does not exist.`, {
            fieldPath: `sections.${index}`,
            hint: suggestions.length > 0 ? `Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : 'Create policy-modules/sections/<id>.md with that id, or remove the entry.',
          }),
        );
      }
      const first = seen.get(sectionId);
      if (first !== undefined) {
        diagnostics.push(
          diagnostic('policy/duplicate-section', file, at, `The section module "${sectionId}" is listed twice (first as entry ${first + 1}).`, {
            fieldPath: `sections.${index}`,
            hint: 'A module appears once in a policy; remove one of the entries.',
          }),
        );
      } else {
        seen.set(sectionId, index);
      }
    });
    for (const field of ['owner', 'approver'] as const) {
      const role = manifest[field];
      if (roles.includes(role)) continue;
      const suggestion = closest(role, roles);
      diagnostics.push(
        diagnostic('policy/unknown-role', manifestFile, positionOf(source, [field]), `The ${field} role "${role}" of the policy "${manifest.id}" is not defined in ${context.organisationFile}.`, {
          fieldPath: field,
          hint: suggestion ? `Did you mean "${suggestion}"?` : `Use one of the organisation's roles: ${roles.join(', ')}.`,
        }),
      );
    }
    for (const lang of context.organisation.languages) {
      if (manifest.title[lang]) continue;
      diagnostics.push(
        diagnostic('policy/missing-title', manifestFile, positionOf(source, ['title']), `The policy "${manifest.id}" has no title in "${lang}", a language ${context.organisation.shortName ?? context.organisation.id} publishes in.`, {
          fieldPath: 'title',
          hint: `Add \`${lang}: <title>\` under \`title\`.`,
        }),
      );
    }
  }
  return diagnostics;
}
