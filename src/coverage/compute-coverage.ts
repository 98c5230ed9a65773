import type { ControlIndex } from '../catalog/control-index.js';
import type { Crosswalk } from '../catalog/crosswalks.js';
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
  /**
   * Only for a counted control that is not covered: covered controls of other frameworks that a curated
   * crosswalk says intersect it. Labelled as such in reports; never counted as coverage.
   */
  readonly coveredVia?: readonly CoveredVia[];
}

/** A covered control of another framework that intersects a control, by a curated crosswalk. */
export interface CoveredVia {
  readonly framework: FrameworkId;
  readonly frameworkName: string;
  readonly id: string;
  readonly title: string;
  /** The crosswalk's title. */
  readonly crosswalk: string;
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
  crosswalks: readonly Crosswalk[] = [],
): FrameworkCoverage[] {
  const direct = directCoverage(documents, catalogs, [...new Set([...frameworks, ...crosswalks.flatMap((c) => [c.source, c.target])])], lang);
  return frameworks.flatMap((framework) => {
    const coverage = direct.get(framework);
    if (!coverage) return [];
    if (crosswalks.length === 0) return [coverage];
    const controls = coverage.controls.map((control): ControlCoverage => {
      if (control.covered || !control.counted) return control;
      const via = coveredVia(framework, control.id, crosswalks, direct, catalogs);
      return via.length > 0 ? { ...control, coveredVia: via } : control;
    });
    return [{ ...coverage, controls }];
  });
}

/**
 * The controls of other frameworks, covered by a section, that a curated crosswalk says intersect a
 * control: what an auditor may accept as partial evidence for it, never counted as covering it.
 */
function coveredVia(
  framework: FrameworkId,
  id: string,
  crosswalks: readonly Crosswalk[],
  direct: ReadonlyMap<FrameworkId, FrameworkCoverage>,
  catalogs: ReadonlyMap<FrameworkId, ControlIndex>,
): CoveredVia[] {
  const pairs = crosswalks.flatMap((crosswalk) => crosswalk.maps.flatMap((map) => map.sources.flatMap((source) => [
    ...(crosswalk.target === framework && map.target === id ? [{ framework: crosswalk.source, id: source, crosswalk: crosswalk.title }] : []),
    ...(crosswalk.source === framework && source === id ? [{ framework: crosswalk.target, id: map.target, crosswalk: crosswalk.title }] : []),
  ])));
  return pairs.flatMap((pair) => {
    const other = direct.get(pair.framework)?.controls.find((c) => c.id === pair.id);
    if (!other?.covered) return [];
    return [{ framework: pair.framework, frameworkName: catalogs.get(pair.framework)!.catalog.name, id: other.id, title: other.title, crosswalk: pair.crosswalk }];
  });
}

function directCoverage(
  documents: readonly CoverageSource[],
  catalogs: ReadonlyMap<FrameworkId, ControlIndex>,
  frameworks: readonly FrameworkId[],
  lang: Language,
): Map<FrameworkId, FrameworkCoverage> {
  return new Map(frameworks.flatMap((framework): [FrameworkId, FrameworkCoverage][] => {
    const index = catalogs.get(framework);
    if (!index) return [];
    const { catalog } = index;
    const within = controlsWithin(catalog);
    const isContainer = (id: string): boolean => (within.get(id)?.length ?? 0) > 0;
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
          addCovering(into, target, document, section);
          for (const id of within.get(target) ?? []) addCovering(into, id, document, section);
        }
      }
    }
    const controls = catalog.controls.map((control): ControlCoverage => {
      const covering = coveredBy.get(control.id) ?? [];
      // A section that implements a control elsewhere in the same document is not listed again as support.
      const supporting = (supportedBy.get(control.id) ?? []).filter((s) => !covering.some((c) => c.policy === s.policy && c.number === s.number));
      const descendantsCovered = (within.get(control.id) ?? []).some((id) => coveredBy.has(id));
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
    return [[framework, {
      framework,
      name: localTitle({ title: catalog.name, titles: catalog.names }, lang),
      edition: catalog.edition,
      total: counted.length,
      covered,
      supportedOnly: counted.filter((c) => !c.covered && c.supportedBy.length > 0).length,
      percent: counted.length === 0 ? 100 : Math.round((covered / counted.length) * 1000) / 10,
      controls,
    }]];
  }));
}

const withinByCatalog = new WeakMap<ControlIndex['catalog'], ReadonlyMap<string, readonly string[]>>();

/**
 * For each control of a catalog, the controls it contains, in catalog order: `Art. 23(4)` contains
 * `Art. 23(4)(a)`, `Clause 6.1` contains `Clause 6.1.1`. Worked out once per catalog: coverage is
 * computed for every document's appendix, and comparing every id with every other each time was most
 * of the cost of composing a document.
 */
function controlsWithin(catalog: ControlIndex['catalog']): ReadonlyMap<string, readonly string[]> {
  let within = withinByCatalog.get(catalog);
  if (!within) {
    const ids = catalog.controls.map((c) => c.id);
    const isWithin = (id: string, parent: string): boolean => id.startsWith(`${parent}(`) || id.startsWith(`${parent}.`);
    within = new Map(ids.map((parent) => [parent, ids.filter((id) => isWithin(id, parent))]));
    withinByCatalog.set(catalog, within);
  }
  return within;
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

/** The other frameworks' controls a control is covered via (by a crosswalk), as one line of text; empty when none. */
export function coveredViaText(control: ControlCoverage): string {
  return (control.coveredVia ?? []).map((v) => `${v.frameworkName} ${v.id} (crosswalk)`).join('; ');
}

/** The sections that only support a control, as one line of text for a report. */
export function supportedByText(control: ControlCoverage): string {
  return sectionsText(control.supportedBy);
}

function sectionsText(sections: readonly CoveringSection[]): string {
  return sections.map((s) => `${s.policyTitle} ${s.version === 'draft' ? '(draft)' : s.version} § ${s.number} ${s.title}`).join('; ');
}
