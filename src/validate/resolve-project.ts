import { resolveControls } from '../catalog/resolve-controls.js';
import type { ControlIndex } from '../catalog/control-index.js';
import type { CoverageSource } from '../coverage/compute-coverage.js';
import { releasedDocument } from '../model/version.js';
import type { FrameworkId, Language } from '../schema/common.js';
import type { Organisation, Person } from '../schema/organisation.js';
import type { ReleaseRecord } from '../schema/release.js';
import { conditionHolds } from './conditions.js';
import type { IncludedSection, PolicyEntry, PolicyMappings, SectionModule } from './project.js';

/**
 * The resolution half of validation: what every later stage would otherwise work out again for itself.
 * Each function is pure and tolerates inputs that failed a rule (it skips what it cannot resolve), so
 * that rules can use its results while diagnostics are still being collected.
 */

/** The person holding each role in each language; null where the role is given to nobody (template mode). */
export function resolveRoleHolders(organisations: ReadonlyMap<Language, Organisation>): Map<Language, ReadonlyMap<string, Person | null>> {
  const holders = new Map<Language, ReadonlyMap<string, Person | null>>();
  for (const [lang, organisation] of organisations) {
    const people = new Map(organisation.people.map((person) => [person.id, person]));
    const roles = new Map<string, Person | null>();
    for (const [role, personId] of Object.entries(organisation.roles)) {
      if (personId === null) roles.set(role, null);
      else {
        const person = people.get(personId);
        if (person) roles.set(role, person); // an unknown person is reported by the people-and-roles rule
      }
    }
    holders.set(lang, roles);
  }
  return holders;
}

/**
 * The sections of each policy that each language's document contains: the manifest's sections (after
 * tailoring) whose module exists and whose `when:` holds for the organisation, in manifest order.
 */
export function resolveIncludedSections(
  policies: ReadonlyMap<string, PolicyEntry>,
  modules: ReadonlyMap<string, SectionModule>,
  organisations: ReadonlyMap<Language, Organisation>,
): Map<string, ReadonlyMap<Language, readonly IncludedSection[]>> {
  const included = new Map<string, ReadonlyMap<Language, readonly IncludedSection[]>>();
  for (const [id, entry] of policies) {
    const byLang = new Map<Language, IncludedSection[]>();
    for (const [lang, organisation] of organisations) {
      byLang.set(lang, entry.manifest.sections.flatMap((moduleId, index) => {
        const module = modules.get(moduleId);
        return module && conditionHolds(module.when, organisation) ? [{ module, index }] : [];
      }));
    }
    included.set(id, byLang);
  }
  return included;
}

/**
 * What each policy maps to, per language, as an auditor reads the policy set: the latest release of each
 * policy (its sealed sections), or the working draft's sections where it has none. Derived from the
 * modules without composing: a draft's level-1 sections are its included modules, numbered in order,
 * titled as the module says and mapped as its front matter says, which is what composition produces.
 */
export function resolvePolicyMappings(
  policies: ReadonlyMap<string, PolicyEntry>,
  modules: ReadonlyMap<string, SectionModule>,
  included: ReadonlyMap<string, ReadonlyMap<Language, readonly IncludedSection[]>>,
  releases: ReadonlyMap<string, readonly ReleaseRecord[]>,
  catalogs: ReadonlyMap<FrameworkId, ControlIndex>,
  organisations: ReadonlyMap<Language, Organisation>,
): Map<Language, readonly PolicyMappings[]> {
  const mappings = new Map<Language, PolicyMappings[]>();
  for (const [lang, organisation] of organisations) {
    const list: PolicyMappings[] = [];
    for (const { manifest } of policies.values()) {
      const sections = included.get(manifest.id)?.get(lang) ?? [];
      const generated = manifest.sections.some((id) => modules.get(id)?.generated === 'statement-of-applicability');
      const latest = releases.get(manifest.id)?.at(-1);
      const released = latest ? releasedDocument(latest, lang) : undefined;
      const source: CoverageSource = released ?? {
        policy: { id: manifest.id, title: manifest.title[lang] ?? manifest.id, version: 'draft' },
        sections: sections
          .filter(({ module }) => module.variants.has(lang))
          .map(({ module }, index) => ({
            number: String(index + 1),
            title: module.variants.get(lang)!.title,
            controls: resolveControls(catalogs, module, organisation.frameworks, lang),
          })),
      };
      list.push({ ...source, generated });
    }
    mappings.set(lang, list.sort((a, b) => (a.policy.id < b.policy.id ? -1 : 1)));
  }
  return mappings;
}
