import type { ControlReference } from '../model/document.js';
import type { FrameworkId, Language } from '../schema/common.js';
import { localTitle } from '../schema/catalog.js';
import type { ControlMapping } from '../schema/module.js';
import type { ControlIndex } from './control-index.js';

/**
 * The module's mappings for the frameworks that apply to the organisation, in catalog order: the
 * controls it implements, and those it only supports (marked). A control listed under both is implemented.
 */
export function resolveControls(
  catalogs: ReadonlyMap<FrameworkId, ControlIndex>,
  mapping: { readonly controls: ControlMapping; readonly supports: ControlMapping },
  frameworks: readonly FrameworkId[],
  lang: Language,
): ControlReference[] {
  const out: (ControlReference & { order: number; frameworkIndex: number })[] = [];
  frameworks.forEach((framework, frameworkIndex) => {
    const index = catalogs.get(framework);
    const add = (references: readonly string[] | undefined, supports: boolean): void => {
      for (const reference of references ?? []) {
        const resolved = index?.resolve(reference);
        if (!resolved) continue; // reported by validation
        if (out.some((c) => c.framework === framework && c.id === resolved.id)) continue;
        const control = { framework, id: resolved.id, title: localTitle(resolved.control, lang), order: resolved.order, frameworkIndex };
        out.push(supports ? { ...control, strength: 'supports' } : control);
      }
    };
    add(mapping.controls[framework], false);
    add(mapping.supports[framework], true);
  });
  return out
    .sort((a, b) => a.frameworkIndex - b.frameworkIndex || a.order - b.order)
    .map(({ framework, id, title, strength }) => (strength ? { framework, id, title, strength } : { framework, id, title }));
}
