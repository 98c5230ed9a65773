import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { closest } from '../../diagnostics/suggest.js';
import type { Organisation } from '../../schema/organisation.js';
import { positionOf, type YamlSource } from '../../source/yaml-source.js';
import type { PolicyEntry } from '../project.js';

/**
 * Applies the organisation's tailoring (`policies:` in the organisation file) to the manifests: sections
 * left out, sections inserted after or before others. Each reference must match, so that a library
 * change that makes tailoring obsolete is reported rather than silently ignored.
 */
export function applyTailoring(
  policies: Map<string, PolicyEntry>,
  organisation: Organisation,
  source: YamlSource,
  diagnostics: Diagnostic[],
): Map<string, PolicyEntry> {
  const tailored = new Map(policies);
  for (const [policyId, tailoring] of Object.entries(organisation.policies)) {
    const entry = policies.get(policyId);
    if (!entry) {
      const suggestion = closest(policyId, [...policies.keys()]);
      diagnostics.push(
        diagnostic('policy/stale-tailoring', source.file, positionOf(source, ['policies', policyId], { key: true }), `The organisation file tailors the policy "${policyId}", which the library does not have.`, {
          hint: suggestion ? `Did you mean "${suggestion}"?` : `Policies: ${[...policies.keys()].sort().join(', ')}.`,
        }),
      );
      continue;
    }
    const sections = entry.manifest.sections.map((id, index) => ({ id, at: entry.sectionAt[index]! }));
    const stale = (path: (string | number)[], message: string, id: string, options: string[]): void => {
      const suggestion = closest(id, options);
      diagnostics.push(
        diagnostic('policy/stale-tailoring', source.file, positionOf(source, ['policies', policyId, ...path]), message, {
          hint: suggestion ? `Did you mean "${suggestion}"?` : `Sections of "${policyId}": ${options.join(', ')}.`,
        }),
      );
    };
    tailoring.exclude.forEach((id, index) => {
      const at = sections.findIndex((section) => section.id === id);
      if (at < 0) stale(['exclude', index], `The policy "${policyId}" has no section "${id}" to leave out.`, id, sections.map((s) => s.id));
      else sections.splice(at, 1);
    });
    tailoring.insert.forEach((item, index) => {
      const anchor = item.after ?? item.before;
      const at = anchor === undefined ? sections.length : sections.findIndex((section) => section.id === anchor);
      if (at < 0) {
        stale(['insert', index, item.after ? 'after' : 'before'], `The policy "${policyId}" has no section "${anchor}" to insert "${item.section}" ${item.after ? 'after' : 'before'}.`, anchor ?? '', sections.map((s) => s.id));
        return;
      }
      const position = anchor === undefined ? at : item.after ? at + 1 : at;
      sections.splice(position, 0, { id: item.section, at: { file: source.file, position: positionOf(source, ['policies', policyId, 'insert', index, 'section']) } });
    });
    tailored.set(policyId, {
      ...entry,
      manifest: { ...entry.manifest, sections: sections.map((section) => section.id) },
      sectionAt: sections.map((section) => section.at),
    });
  }
  return tailored;
}
