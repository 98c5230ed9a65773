import type { Catalog, CatalogControl } from '../schema/catalog.js';
import { nearest } from '../diagnostics/suggest.js';

/** A control reference resolved against its catalog. */
export interface ResolvedControl {
  /** The reference in canonical form (aliases applied), e.g. `5.24` for `A.5.24`, `Art. 33(1)`. */
  readonly id: string;
  /** The listed control the reference falls under (itself, or its article for `Art. 33(1)`). */
  readonly control: CatalogControl;
  /** Sort key in catalog order. */
  readonly order: number;
}

/** A framework catalog prepared for resolving the ids that modules map to. */
export interface ControlIndex {
  readonly catalog: Catalog;
  resolve(reference: string): ResolvedControl | undefined;
  /** Valid ids close to a reference that did not resolve, best first. */
  suggest(reference: string): string[];
}

const SUBDIVISION = /\([0-9a-z]+\)$/;

export function indexCatalog(catalog: Catalog): ControlIndex {
  const byId = new Map<string, { control: CatalogControl; order: number }>();
  catalog.controls.forEach((control, order) => {
    if (!byId.has(control.id)) byId.set(control.id, { control, order });
  });
  const hasListedSubdivisions = new Set<string>();
  for (const id of byId.keys()) {
    let parent = id;
    while (SUBDIVISION.test(parent)) {
      parent = parent.replace(SUBDIVISION, '');
      hasListedSubdivisions.add(parent);
    }
  }
  const canonical = (reference: string): string => {
    const trimmed = reference.trim().replace(/\s+/g, ' ');
    for (const alias of catalog.aliases) {
      if (trimmed.startsWith(alias.prefix)) return alias.replace + trimmed.slice(alias.prefix.length);
    }
    return trimmed;
  };
  return {
    catalog,
    resolve(reference) {
      const id = canonical(reference);
      const exact = byId.get(id);
      if (exact) return { id, control: exact.control, order: exact.order };
      // A paragraph- or point-level reference such as `Art. 33(1)` is valid when the catalog lists its
      // article but does not go down to that level there; where it does (NIS2 Art. 23(4)(a)-(e)), only
      // the listed subdivisions exist.
      let parent = id;
      while (SUBDIVISION.test(parent)) {
        parent = parent.replace(SUBDIVISION, '');
        const listed = byId.get(parent);
        if (listed) {
          if (hasListedSubdivisions.has(parent)) return undefined;
          return { id, control: listed.control, order: listed.order + subdivisionFraction(id.slice(parent.length)) };
        }
      }
      return undefined;
    },
    suggest(reference) {
      return nearest(canonical(reference), [...byId.keys()], 3);
    },
  };
}

/** Orders `(1)`, `(2)`, `(2)(a)` between an article and the next one. */
function subdivisionFraction(suffix: string): number {
  const parts = [...suffix.matchAll(/\(([0-9a-z]+)\)/g)].map((m) => m[1] ?? '');
  let fraction = 0;
  let scale = 1 / 100;
  for (const part of parts) {
    const value = /^\d+$/.test(part) ? Number(part) : part.charCodeAt(0) - 96;
    fraction += Math.min(value, 99) * scale;
    scale /= 100;
  }
  return fraction;
}
