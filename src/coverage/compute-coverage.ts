import type { ControlIndex } from '../catalog/control-index.js';
import type { DocumentModel, Section } from '../model/document.js';

/** A level-1 section as coverage sees it: where it is and what it maps to. */
export type MappedSection = Pick<Section, 'number' | 'title' | 'controls'>;

/**
 * What coverage needs of a document: the policy's identity and its mapped sections. A composed
 * DocumentModel is one; so is the outline validation derives from the modules without composing.
 */
export interface CoverageSource {
  readonly policy: Pick<DocumentModel['policy'], 'id' | 'title' | 'version'>;
  readonly sections: readonly MappedSection[];
}
import type { FrameworkId, Language } from '../schema/common.js';
import { localTitle } from '../schema/catalog.js';

/** A policy section that covers a control. */
export interface CoveringSection {
  readonly policy: string;
  readonly policyTitle: string;
  readonly version: string;
  readonly number: string;
  readonly title: string;
}

export interface ControlCoverage {
  readonly id: string;
  readonly title: string;
  readonly group: string;
  /** False for provisions that oblige no organisation, and for articles split into listed paragraphs. */
  readonly counted: boolean;
  /** Implemented by at least one section (itself, or every listed part of it through its parts). */
  readonly covered: boolean;
  /** Sections that implement the control. */
  readonly coveredBy: readonly CoveringSection[];
  /** Sections that support the control without fulfilling it alone; they never make it covered. */
  readonly supportedBy: readonly CoveringSection[];
}

export interface FrameworkCoverage {
  readonly framework: FrameworkId;
  readonly name: string;
  readonly edition: string;
  /** Requirements counted: listed controls that oblige the organisation and are not split further. */
  readonly total: number;
  /** Counted requirements implemented by a section (supporting sections do not count). */
  readonly covered: number;
  /** Counted requirements with supporting sections only. */
  readonly supportedOnly: number;
  /** Covered share of the counted requirements, 0-100, one decimal. */
  readonly percent: number;
  readonly controls: readonly ControlCoverage[];
}

/**
 * Coverage of each framework by a set of composed policies: every control of the catalog, the sections
 * that cover it, and the gaps. Computed from the control mappings of the documents, never by hand.
 * A mapping to an article or clause that the catalog splits further covers each part; a mapping to a
 * paragraph (`Art. 33(1)`) covers the article it falls under when the catalog does not split it.
 */
export function computeCoverage(
  documents: readonly CoverageSource[],
  catalogs: ReadonlyMap<FrameworkId, ControlIndex>,
  frameworks: readonly FrameworkId[],
  lang: Language = 'en',
): FrameworkCoverage[] {
  return frameworks.flatMap((framework) => {
    const index = catalogs.get(framework);
    if (!index) return [];
    const { catalog } = index;
    const ids = catalog.controls.map((c) => c.id);
    // `Art. 23(4)` contains `Art. 23(4)(a)`; `Clause 6.1` contains `Clause 6.1.1`.
    const isWithin = (id: string, parent: string): boolean => id.startsWith(`${parent}(`) || id.startsWith(`${parent}.`);
    const isContainer = (id: string): boolean => ids.some((other) => isWithin(other, id));
    const groupCounts = new Map(catalog.groups.map((g) => [g.id, g.requirement !== false]));
    const coveredBy = new Map<string, CoveringSection[]>();
    const supportedBy = new Map<string, CoveringSection[]>();
    for (const document of documents) {
      for (const section of document.sections) {
        for (const control of section.controls) {
          if (control.framework !== framework) continue;
          const resolved = index.resolve(control.id);
          if (!resolved) continue;
          const target = resolved.control.id;
          const into = control.strength === 'supports' ? supportedBy : coveredBy;
          for (const id of ids) {
            if (id === target || isWithin(id, target)) addCovering(into, id, document, section);
          }
        }
      }
    }
    const controls = catalog.controls.map((control): ControlCoverage => {
      const covering = coveredBy.get(control.id) ?? [];
      // A section that implements a control elsewhere in the same document is not listed again as support.
      const supporting = (supportedBy.get(control.id) ?? []).filter((s) => !covering.some((c) => c.policy === s.policy && c.number === s.number));
      const descendantsCovered = isContainer(control.id) && ids.some((id) => isWithin(id, control.id) && coveredBy.has(id));
      return {
        id: control.id,
        title: localTitle(control, lang),
        group: control.group,
        counted: control.requirement ?? groupCounts.get(control.group) ?? true ? !isContainer(control.id) : false,
        covered: covering.length > 0 || descendantsCovered,
        coveredBy: covering,
        supportedBy: supporting,
      };
    });
    const counted = controls.filter((c) => c.counted);
    const covered = counted.filter((c) => c.covered).length;
    return [{
      framework,
      name: catalog.name,
      edition: catalog.edition,
      total: counted.length,
      covered,
      supportedOnly: counted.filter((c) => !c.covered && c.supportedBy.length > 0).length,
      percent: counted.length === 0 ? 100 : Math.round((covered / counted.length) * 1000) / 10,
      controls,
    }];
  });
}

function addCovering(map: Map<string, CoveringSection[]>, id: string, document: CoverageSource, section: MappedSection): void {
  const list = map.get(id) ?? [];
  if (!list.some((s) => s.policy === document.policy.id && s.number === section.number)) {
    list.push({ policy: document.policy.id, policyTitle: document.policy.title, version: document.policy.version, number: section.number, title: section.title });
  }
  map.set(id, list);
}

/** The sections that implement a control, as one line of text for a report. */
export function coveredByText(control: ControlCoverage): string {
  return sectionsText(control.coveredBy);
}

/** The sections that only support a control, as one line of text for a report. */
export function supportedByText(control: ControlCoverage): string {
  return sectionsText(control.supportedBy);
}

function sectionsText(sections: readonly CoveringSection[]): string {
  return sections.map((s) => `${s.policyTitle} ${s.version === 'draft' ? '(draft)' : s.version} § ${s.number} ${s.title}`).join('; ');
}
