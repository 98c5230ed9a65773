import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { missingCatalogHint } from '../../catalog/missing-catalog.js';
import { positionOf } from '../../source/yaml-source.js';
import type { FrameworkId } from '../../schema/common.js';
import type { RuleContext } from '../project.js';

/**
 * Every framework the organisation applies has a catalog, and every control a module implements or
 * supports exists in its framework's catalog, with the position of the id.
 */
export function checkControlIds(context: RuleContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const known = [...context.catalogs.keys()].sort();
  context.organisation.frameworks.forEach((framework, position) => {
    if (context.catalogs.has(framework)) return;
    diagnostics.push(
      diagnostic('catalog/missing', context.organisationFile, positionOf(context.organisationSource, ['frameworks', position]), `The organisation applies the framework "${framework}", which has no catalog.`, {
        fieldPath: `frameworks.${position}`,
        hint: missingCatalogHint(framework, known),
      }),
    );
  });
  for (const module of context.modules.values()) {
    for (const key of ['controls', 'supports'] as const) {
      for (const [framework, ids] of Object.entries(module[key]) as [FrameworkId, string[]][]) {
        const index = context.catalogs.get(framework);
        if (!index) {
          diagnostics.push(
            diagnostic('catalog/missing', module.file, positionOf(module.frontMatter, [key, framework], { key: true }), `There is no catalog for the framework "${framework}", so its mappings cannot be checked.`, {
              hint: missingCatalogHint(framework, known),
            }),
          );
          continue;
        }
        ids.forEach((id, position) => {
          if (index.resolve(id)) return;
          const suggestions = index.suggest(id);
          diagnostics.push(
            diagnostic('catalog/unknown-control', module.file, positionOf(module.frontMatter, [key, framework, position]), `The ${index.catalog.name} control "${id}" does not exist in the catalog.`, {
              fieldPath: `${key}.${framework}.${position}`,
              hint: suggestions.length > 0 ? `Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : `See frameworks/${framework}.yaml for the valid ids.`,
            }),
          );
        });
      }
    }
  }
  return diagnostics;
}
