import type { ControlIndex } from '../catalog/control-index.js';
import type { MappedSection } from '../coverage/compute-coverage.js';
import type { FrameworkId, Language } from '../schema/common.js';
import type { Person } from '../schema/organisation.js';
import type { ValidatedProject } from '../validate/project.js';
import { oscalControlId } from './control-id.js';
import { OSCAL_VERSION } from '../schema/oscal.js';
import {
  oscalText,
  pmProp,
  type OscalComponent,
  type OscalComponentDefinition,
  type OscalControlImplementation,
  type OscalImplementedRequirement,
  type OscalParty,
  type OscalProperty,
} from './oscal-model.js';
import { stableUuid } from './uuid.js';

/** Where the exported files lie relative to one another, so that links and sources resolve. */
export interface OscalLayout {
  /** The catalog file of a framework, relative to the component definition. */
  readonly catalogHref: (framework: FrameworkId) => string;
  /** The rendered Markdown document of a policy at a version, relative to the component definition. */
  readonly documentHref: (policy: string, version: string) => string;
}

/** The role ids every component's responsible roles use; defined once in the metadata. */
export const OSCAL_ROLES = [
  { id: 'policy-owner', title: 'Policy owner', description: 'Accountable for the content of the policy and for keeping it under review.' },
  { id: 'policy-approver', title: 'Policy approver', description: 'Approved the release of the policy, or approves it when it is released.' },
] as const;

/**
 * The organisation's policy set as one OSCAL component definition: a component of type `policy` per
 * policy, at its latest release (else its working draft), with its owner and approver as responsible
 * roles, and per framework a control implementation whose implemented requirements are the controls
 * its sections map to. Whether a section implements or only supports a control is a policymark
 * property; a link leads to the section in the rendered Markdown document.
 */
export function componentDefinition(project: ValidatedProject, lastModified: string, layout: OscalLayout): OscalComponentDefinition {
  const lang: Language = project.organisation.languages[0]!;
  const organisation = project.organisations.get(lang) ?? project.organisation;
  const holders = project.roleHolders.get(lang);
  const orgUuid = stableUuid(`party/${organisation.id}`);
  const parties = new Map<string, OscalParty>();
  const personParty = (person: Pick<Person, 'id' | 'name' | 'email'>): string => {
    const uuid = stableUuid(`party/${organisation.id}/${person.id}`);
    if (!parties.has(uuid)) {
      parties.set(uuid, {
        uuid,
        type: 'person',
        name: oscalText(person.name ?? person.id),
        ...(person.email ? { 'email-addresses': [person.email] } : {}),
        'member-of-organizations': [orgUuid],
      });
    }
    return uuid;
  };
  const holderOf = (role: string): Person | undefined => holders?.get(role) ?? undefined;
  // A release names its approver by name; the party is the person of that name where there is one.
  const personNamed = (name: string): Pick<Person, 'id' | 'name' | 'email'> =>
    organisation.people.find((p) => p.name === name) ?? { id: `name:${name}`, name, email: undefined };

  const mappings = project.mappings.get(lang) ?? [];
  const components = [...project.policies.values()]
    .sort((a, b) => (a.manifest.id < b.manifest.id ? -1 : 1))
    .map(({ manifest }): OscalComponent => {
      const release = project.releases.get(manifest.id)?.at(-1);
      const version = release?.version ?? 'draft';
      const title = manifest.title[lang] ?? manifest.id;
      const owner = holderOf(manifest.owner);
      const approver = release ? personNamed(release.approver) : holderOf(manifest.approver);
      const policy = mappings.find((m) => m.policy.id === manifest.id);
      const href = layout.documentHref(manifest.id, version);
      const implementations = organisation.frameworks.flatMap((framework): OscalControlImplementation[] => {
        const index = project.catalogs.get(framework);
        if (!index || !policy) return [];
        const requirements = implementedRequirements(organisation.id, manifest.id, framework, index, policy.sections, href);
        if (requirements.length === 0) return [];
        return [{
          uuid: stableUuid(`control-implementation/${organisation.id}/${manifest.id}/${framework}`),
          source: layout.catalogHref(framework),
          description: oscalText(`The controls of ${index.catalog.name} that the sections of "${title}" implement or support.`),
          'implemented-requirements': requirements,
        }];
      });
      const props: OscalProperty[] = [
        { name: 'version', value: version },
        pmProp('status', release ? 'released' : 'draft'),
        ...(release ? [pmProp('release-date', release.date)] : []),
        pmProp('tier', manifest.tier),
        pmProp('classification', oscalText(manifest.classification)),
        pmProp('owner-role', manifest.owner),
        pmProp('approver-role', manifest.approver),
      ];
      return {
        uuid: stableUuid(`component/${organisation.id}/${manifest.id}`),
        type: 'policy',
        title: oscalText(title),
        description: oscalText(`${title}, ${release ? `version ${release.version}, released ${release.date}` : 'working draft, not yet released'}: a ${manifest.tier} of ${organisation.legalName ?? organisation.id}.`),
        props,
        links: [{ href, rel: 'reference', 'media-type': 'text/markdown', text: oscalText(title) }],
        'responsible-roles': [
          { 'role-id': 'policy-owner', ...(owner ? { 'party-uuids': [personParty(owner)] } : {}) },
          { 'role-id': 'policy-approver', ...(approver ? { 'party-uuids': [personParty(approver)] } : {}) },
        ],
        ...(implementations.length > 0 ? { 'control-implementations': implementations } : {}),
      };
    });
  const lastRelease = [...project.releases.values()].flatMap((list) => list.map((r) => r.date)).sort().at(-1);
  return {
    'component-definition': {
      uuid: stableUuid(`component-definition/${organisation.id}`),
      metadata: {
        title: oscalText(`Policies of ${organisation.legalName ?? organisation.id}`),
        'last-modified': lastModified,
        version: lastRelease ?? 'draft',
        'oscal-version': OSCAL_VERSION,
        roles: OSCAL_ROLES.map((role) => ({ ...role })),
        parties: [
          { uuid: orgUuid, type: 'organization', name: oscalText(organisation.legalName ?? organisation.id) },
          ...[...parties.values()].sort((a, b) => (a.uuid < b.uuid ? -1 : 1)),
        ],
      },
      components,
    },
  };
}

/** One implemented requirement per listed control, naming every section that maps to it and how. */
function implementedRequirements(
  org: string,
  policy: string,
  framework: FrameworkId,
  index: ControlIndex,
  sections: readonly MappedSection[],
  href: string,
): OscalImplementedRequirement[] {
  const byControl = new Map<string, { order: number; title: string; entries: { number: string; title: string; cited: string; supports: boolean }[] }>();
  for (const section of sections) {
    for (const reference of section.controls) {
      if (reference.framework !== framework) continue;
      const resolved = index.resolve(reference.id);
      if (!resolved) continue;
      const entry = byControl.get(resolved.control.id) ?? { order: resolved.order, title: resolved.control.title, entries: [] };
      entry.order = Math.min(entry.order, Math.floor(resolved.order));
      entry.entries.push({ number: section.number, title: section.title, cited: reference.id, supports: reference.strength === 'supports' });
      byControl.set(resolved.control.id, entry);
    }
  }
  return [...byControl.entries()]
    .sort((a, b) => a[1].order - b[1].order)
    .map(([id, { title, entries }]): OscalImplementedRequirement => {
      const implemented = entries.some((e) => !e.supports);
      const unique = entries.filter((e, i) => entries.findIndex((o) => o.number === e.number && o.supports === e.supports && o.cited === e.cited) === i);
      return {
        uuid: stableUuid(`implemented-requirement/${org}/${policy}/${framework}/${id}`),
        'control-id': oscalControlId(framework, id),
        description: oscalText(
          `${id} ${title}: ${unique.map((e) => `section ${e.number} ${e.title} ${e.supports ? 'supports' : 'implements'} ${e.cited}`).join('; ')}.`,
        ),
        props: [
          pmProp('strength', implemented ? 'implements' : 'supports'),
          ...unique.map((e) => pmProp(e.supports ? 'supported-by-section' : 'implemented-by-section', e.number)),
          ...unique.filter((e) => e.cited !== id).map((e) => pmProp('cited', e.cited)),
        ],
        links: unique
          .filter((e, i) => unique.findIndex((o) => o.number === e.number) === i)
          .map((e) => ({ href: `${href}#${headingAnchor(`${e.number} ${e.title}`)}`, rel: 'reference', 'media-type': 'text/markdown', text: oscalText(`${e.number} ${e.title}`) })),
      };
    });
}

/** The anchor a Markdown viewer (GitHub's rule) gives a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-');
}
