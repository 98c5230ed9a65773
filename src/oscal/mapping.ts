import type { ControlIndex } from '../catalog/control-index.js';
import type { Crosswalk } from '../catalog/crosswalks.js';
import type { MappedSection } from '../coverage/compute-coverage.js';
import type { FrameworkId } from '../schema/common.js';
import { OSCAL_VERSION } from '../schema/oscal.js';
import { oscalControlId } from './control-id.js';
import { oscalText, pmProp, type OscalMetadata, type OscalProperty } from './oscal-model.js';
import { stableUuid } from './uuid.js';

export interface OscalMapItem {
  readonly type: 'control';
  readonly 'id-ref': string;
}

export interface OscalMap {
  readonly uuid: string;
  readonly relationship: string;
  readonly sources: readonly OscalMapItem[];
  readonly targets: readonly OscalMapItem[];
  readonly props?: readonly OscalProperty[];
  readonly remarks?: string;
}

export interface OscalMapping {
  readonly uuid: string;
  readonly 'source-resource': { readonly type: 'catalog'; readonly href: string };
  readonly 'target-resource': { readonly type: 'catalog'; readonly href: string };
  readonly maps: readonly OscalMap[];
}

export interface OscalMappingCollection {
  readonly 'mapping-collection': {
    readonly uuid: string;
    readonly metadata: OscalMetadata;
    readonly provenance: {
      readonly method: 'human' | 'automation' | 'hybrid';
      readonly 'matching-rationale': 'syntactic' | 'semantic' | 'functional';
      readonly status: 'complete' | 'not-complete' | 'draft' | 'deprecated' | 'superseded';
      readonly 'mapping-description': string;
    };
    readonly mappings: readonly OscalMapping[];
  };
}

/** A policy's mapped sections, as the crosswalk derives pairs from them. */
export interface CrosswalkSource {
  readonly policy: { readonly id: string; readonly version: string };
  readonly sections: readonly MappedSection[];
}

/**
 * The crosswalk the policies imply: two controls of different frameworks intersect when one section
 * implements both (supporting sections do not count). One mapping per pair of frameworks, one map per
 * pair of listed controls, naming the sections it was derived from.
 */
export function derivedCrosswalk(
  organisation: { readonly id: string; readonly name: string },
  documents: readonly CrosswalkSource[],
  catalogs: ReadonlyMap<FrameworkId, ControlIndex>,
  frameworks: readonly FrameworkId[],
  lastModified: string,
  catalogHref: (framework: FrameworkId) => string,
): OscalMappingCollection {
  const sorted = [...frameworks].filter((f) => catalogs.has(f)).sort();
  const mappings: OscalMapping[] = [];
  for (const [i, source] of sorted.entries()) {
    for (const target of sorted.slice(i + 1)) {
      const pairs = new Map<string, { source: ResolvedId; target: ResolvedId; sections: Set<string> }>();
      for (const document of documents) {
        for (const section of document.sections) {
          const from = implemented(section, source, catalogs.get(source)!);
          const to = implemented(section, target, catalogs.get(target)!);
          for (const a of from) {
            for (const b of to) {
              const key = `${a.id}\u0000${b.id}`;
              const pair = pairs.get(key) ?? { source: a, target: b, sections: new Set<string>() };
              pair.sections.add(`${document.policy.id} ${document.policy.version} § ${section.number}`);
              pairs.set(key, pair);
            }
          }
        }
      }
      if (pairs.size === 0) continue;
      const maps = [...pairs.values()]
        .sort((x, y) => x.source.order - y.source.order || x.target.order - y.target.order)
        .map((pair): OscalMap => ({
          uuid: stableUuid(`map/${organisation.id}/derived/${source}/${pair.source.id}/${target}/${pair.target.id}`),
          relationship: 'intersects-with',
          sources: [{ type: 'control', 'id-ref': oscalControlId(source, pair.source.id) }],
          targets: [{ type: 'control', 'id-ref': oscalControlId(target, pair.target.id) }],
          props: [...pair.sections].sort().map((s) => pmProp('derived-from-section', s)),
        }));
      mappings.push({
        uuid: stableUuid(`mapping/${organisation.id}/derived/${source}/${target}`),
        'source-resource': { type: 'catalog', href: catalogHref(source) },
        'target-resource': { type: 'catalog', href: catalogHref(target) },
        maps,
      });
    }
  }
  return {
    'mapping-collection': {
      uuid: stableUuid(`mapping-collection/${organisation.id}/derived`),
      metadata: { title: oscalText(`Crosswalk derived from the policies of ${organisation.name}`), 'last-modified': lastModified, version: lastModified.slice(0, 10), 'oscal-version': OSCAL_VERSION },
      provenance: {
        method: 'automation',
        'matching-rationale': 'functional',
        status: 'complete',
        'mapping-description': oscalText(`Derived by policymark from the control mappings of ${organisation.name}'s policy sections: two controls of different frameworks intersect when one section implements both. It says how these policies serve several frameworks at once, not how the frameworks relate in general.`),
      },
      mappings,
    },
  };
}

/** A curated crosswalk (such as ISO/IEC 27001:2022 to NIS2 Art. 21(2)), with its provenance. */
export function curatedCrosswalk(crosswalk: Crosswalk, lastModified: string, catalogHref: (framework: FrameworkId) => string): OscalMappingCollection {
  return {
    'mapping-collection': {
      uuid: stableUuid(`mapping-collection/curated/${crosswalk.source}-${crosswalk.target}/${crosswalk.version}`),
      metadata: { title: crosswalk.title, 'last-modified': lastModified, version: crosswalk.version, 'oscal-version': OSCAL_VERSION },
      provenance: { method: 'human', 'matching-rationale': 'semantic', status: 'draft', 'mapping-description': crosswalk.description },
      mappings: [{
        uuid: stableUuid(`mapping/curated/${crosswalk.source}-${crosswalk.target}`),
        'source-resource': { type: 'catalog', href: catalogHref(crosswalk.source) },
        'target-resource': { type: 'catalog', href: catalogHref(crosswalk.target) },
        maps: crosswalk.maps.flatMap((map) => map.sources.map((source): OscalMap => ({
          uuid: stableUuid(`map/curated/${crosswalk.source}/${source}/${crosswalk.target}/${map.target}`),
          relationship: 'intersects-with',
          sources: [{ type: 'control', 'id-ref': oscalControlId(crosswalk.source, source) }],
          targets: [{ type: 'control', 'id-ref': oscalControlId(crosswalk.target, map.target) }],
        }))),
      }],
    },
  };
}

interface ResolvedId {
  readonly id: string;
  readonly order: number;
}

function implemented(section: MappedSection, framework: FrameworkId, index: ControlIndex): ResolvedId[] {
  return section.controls.flatMap((reference) => {
    if (reference.framework !== framework || reference.strength === 'supports') return [];
    const resolved = index.resolve(reference.id);
    return resolved ? [{ id: resolved.control.id, order: Math.floor(resolved.order) }] : [];
  });
}
