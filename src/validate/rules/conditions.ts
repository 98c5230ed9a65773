import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { closest } from '../../diagnostics/suggest.js';
import { positionOf } from '../../source/yaml-source.js';
import type { RuleContext } from '../project.js';

/** A module's `when:` names organisation variables that exist (a typo would silently drop a section). */
export function checkConditions(context: RuleContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const module of context.modules.values()) {
    for (const variable of Object.keys(module.when ?? {})) {
      const problem = findMissing(context.organisation, variable.split('.'));
      if (!problem) continue;
      diagnostics.push(
        diagnostic('condition/unknown-variable', module.file, positionOf(module.frontMatter, ['when', variable], { key: true }), `The condition names "${variable}", but the organisation has no field "${problem.missing}"${problem.at ? ` under "${problem.at}"` : ''}.`, {
          fieldPath: `when.${variable}`,
          hint: problem.suggestion ? `Did you mean "${problem.suggestion}"?` : 'Use a path into the organisation file, such as "nis2.inScope" or "frameworks".',
        }),
      );
    }
  }
  return diagnostics;
}

function findMissing(root: unknown, parts: readonly string[]): { missing: string; at: string; suggestion: string | undefined } | undefined {
  let current: unknown = root;
  const walked: string[] = [];
  for (const [index, part] of parts.entries()) {
    if (current !== null && typeof current === 'object' && !Array.isArray(current)) {
      if (Object.hasOwn(current, part)) {
        current = (current as Record<string, unknown>)[part];
        walked.push(part);
        continue;
      }
      // An optional leaf that this organisation leaves out is still a valid condition (it is unset).
      if (index === parts.length - 1 && walked.length > 0) return undefined;
      const keys = Object.keys(current);
      const suggestion = closest(part, keys);
      return { missing: part, at: walked.join('.'), suggestion: suggestion ? [...walked, suggestion].join('.') : undefined };
    }
    return { missing: part, at: walked.join('.'), suggestion: undefined };
  }
  return undefined;
}
