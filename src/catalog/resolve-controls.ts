import type { ControlReference } from '../model/document.js';
import type { FrameworkId, Language } from '../schema/common.js';
import { localTitle } from '../schema/catalog.js';
import type { ControlMapping } from '../schema/module.js';
import type { ControlIndex } from './control-index.js';

/** The module's mappings for the frameworks that apply to the organisation, in catalog order. */
export function resolveControls(catalogs: ReadonlyMap<FrameworkId, ControlIndex>, mapping: ControlMapping, frameworks: readonly FrameworkId[], lang: Language): ControlReference[] {
  const out: (ControlReference & { order: number; frameworkIndex: number })[] = [];
  frameworks.forEach((framework, frameworkIndex) => {
    const index = catalogs.get(framework);
    for (const reference of mapping[framework] ?? []) {
      const resolved = index?.resolve(reference);
      if (!resolved) continue; // reported by validation
      if (out.some((c) => c.framework === framework && c.id === resolved.id)) continue;
      out.push({ framework, id: resolved.id, title: localTitle(resolved.control, lang), order: resolved.order, frameworkIndex });
    }
  });
  return out
    .sort((a, b) => a.frameworkIndex - b.frameworkIndex || a.order - b.order)
    .map(({ framework, id, title }) => ({ framework, id, title }));
}
