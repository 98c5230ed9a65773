import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { positionOf } from '../../source/yaml-source.js';
import type { RuleContext } from '../project.js';

/**
 * Every policy can be composed in every language the organisation publishes in: its conditions leave
 * at least one section, and each included section has a module in that language. (Titles per language
 * are checked with the other manifest references.)
 */
export function checkPolicyDocuments(context: RuleContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const entry of context.policies.values()) {
    const { manifest } = entry;
    for (const [lang, organisation] of context.organisations) {
      const included = context.included.get(manifest.id)?.get(lang) ?? [];
      if (included.length === 0) {
        diagnostics.push(
          diagnostic('policy/empty', entry.file, positionOf(entry.source, ['sections']), `Every section of the policy "${manifest.id}" is excluded by its conditions for ${organisation.shortName ?? organisation.id}.`, {
            hint: 'Check the `when:` conditions of its modules against the organisation file.',
          }),
        );
      }
      for (const { module, index } of included) {
        // A translation that failed to parse was reported itself; its absence here is not news.
        if (module.variants.has(lang) || context.brokenModuleIds.has(module.id)) continue;
        const at = entry.sectionAt[index];
        diagnostics.push(
          diagnostic('module/missing-translation', at?.file ?? entry.file, at?.position ?? positionOf(entry.source, ['sections', index]), `The section module "${module.id}" has no "${lang}" version (it exists in: ${[...module.variants.keys()].join(', ')}).`, {
            hint: `Add a translation with \`id: ${module.id}\`, \`lang: ${lang}\` and \`translationOf:\` to policy-modules/sections/.`,
          }),
        );
      }
    }
  }
  return diagnostics;
}
