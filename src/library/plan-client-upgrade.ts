import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { compareSemver } from '../release/semver.js';
import type { ClientSources } from '../load/load-library.js';
import { parseYamlSource, positionOf, type YamlSource } from '../source/yaml-source.js';
import { entryKey, indexEntries, type EntryChange, type LibraryChanges, type LibraryEntry } from './compare-libraries.js';
import { mergeOverride, type MergeConflict } from './merge-override.js';

/** What happens to one of the client's overrides of a library module or policy. */
export interface OverrideMerge {
  readonly kind: 'module' | 'policy';
  readonly id: string;
  readonly lang: string;
  /** Path inside the client project. */
  readonly file: string;
  /**
   * `unchanged`: the library did not change it; `merged`: the library's change merged cleanly into the
   * override; `conflict`: it did not; `removed`: the new library no longer has it.
   */
  readonly status: 'unchanged' | 'merged' | 'conflict' | 'removed';
  /** The merged text (with conflict markers where there are conflicts); undefined when nothing is to be written. */
  readonly merged: string | undefined;
  readonly conflicts: readonly MergeConflict[];
}

/** A policy whose documents the upgrade changes for this client, and why. */
export interface AffectedPolicy {
  readonly policy: string;
  /** The client's latest release of it, or null when it has never been released (a draft). */
  readonly latestRelease: string | null;
  readonly reasons: readonly string[];
}

/** The upgrade of one client, computed; nothing written. */
export interface ClientUpgradePlan {
  /** The organisation file as diagnostics show it. */
  readonly organisationFile: string;
  readonly organisation: string;
  readonly recordedVersion: string | undefined;
  readonly overrides: readonly OverrideMerge[];
  readonly policies: readonly AffectedPolicy[];
  /** Tailoring findings, conflicts and clashes, with positions in the client's files. */
  readonly diagnostics: readonly Diagnostic[];
}

/** The libraries of an upgrade, indexed, with what changed between them. */
export interface UpgradeLibraries {
  readonly base: ReadonlyMap<string, LibraryEntry>;
  readonly target: ReadonlyMap<string, LibraryEntry>;
  readonly changes: LibraryChanges;
}

/**
 * Plans one client's upgrade from the base library to the target: a three-way merge of each override
 * (base: the old library file, ours: the client's file, theirs: the new library file), the tailoring in
 * the organisation file that names a changed or removed section, and the policies whose documents
 * change (a new release is due for those the client has released).
 */
export function planClientUpgrade(client: ClientSources, libraries: UpgradeLibraries, display: (projectPath: string) => string): ClientUpgradePlan {
  const { base, target, changes } = libraries;
  const diagnostics: Diagnostic[] = [];
  const organisationYaml = parseYamlSource(client.organisation.path, client.organisation.text).value;
  const data = (organisationYaml?.data ?? {}) as { id?: unknown; libraryVersion?: unknown; frameworks?: unknown; policies?: unknown };
  const own = indexEntries(client.own);
  const changedByKey = new Map(changes.changes.map((c) => [entryKey(c), c]));
  const theirsLabel = `library ${changes.to ?? '(new)'}`;

  const overrides: OverrideMerge[] = [];
  for (const [key, entry] of own) {
    if (entry.kind === 'catalog') continue;
    const before = base.get(key);
    const after = target.get(key);
    const file = entry.source.manifestPath;
    const shown = display(file);
    if (!before) {
      if (after) {
        diagnostics.push(
          diagnostic('upgrade/override-clash', shown, { line: 1, column: 1 }, `Library ${changes.to ?? '(new)'} adds a ${entry.kind} "${entry.id}"${entry.lang ? ` (${entry.lang})` : ''} with the id of one of the client's own.`, {
            hint: `Rename the client's ${entry.kind}, or add \`overrides: true\` if it is meant to replace the library's.`,
            severity: 'warning',
          }),
        );
      }
      continue;
    }
    const base_ = { kind: entry.kind, id: entry.id, lang: entry.lang, file };
    if (!after) {
      overrides.push({ ...base_, status: 'removed', merged: undefined, conflicts: [] });
      diagnostics.push(
        diagnostic('upgrade/override-removed', shown, { line: 1, column: 1 }, `The client overrides the ${entry.kind} "${entry.id}"${entry.lang ? ` (${entry.lang})` : ''}, which library ${changes.to ?? '(new)'} no longer has.`, {
          hint: 'Keep it as a module of the client\'s own (remove `overrides: true`), or delete it and use what replaces it in the library.',
          severity: 'warning',
        }),
      );
      continue;
    }
    if (before.source.text === after.source.text) {
      overrides.push({ ...base_, status: 'unchanged', merged: undefined, conflicts: [] });
      continue;
    }
    const merge = mergeOverride(before.source.text, entry.source.text, after.source.text, { ours: `client ${file}`, theirs: theirsLabel });
    overrides.push({ ...base_, status: merge.conflicts.length > 0 ? 'conflict' : 'merged', merged: merge.text, conflicts: merge.conflicts });
    for (const conflict of merge.conflicts) {
      diagnostics.push(
        diagnostic('upgrade/merge-conflict', shown, { line: conflict.oursLine, column: 1 }, `The client's override and library ${changes.to ?? '(new)'} both change line${conflict.ours.length > 1 ? `s ${conflict.oursLine}-${conflict.oursLine + conflict.ours.length - 1}` : ` ${conflict.oursLine}`} of this ${entry.kind}, differently.`, {
          hint: 'Merge the two by hand: keep the lines between the markers that should stay, then delete the markers.',
        }),
      );
    }
  }

  if (organisationYaml) diagnostics.push(...tailoringFindings(organisationYaml, data.policies, libraries, changedByKey));

  const overridden = new Map(overrides.map((o) => [entryKey(o), o]));
  const frameworks = Array.isArray(data.frameworks) ? data.frameworks.filter((f): f is string => typeof f === 'string') : [];
  const policies = affectedPolicies(client, libraries, own, overridden, frameworks, data.policies);
  return {
    organisationFile: client.organisation.path,
    organisation: typeof data.id === 'string' ? data.id : client.organisation.path,
    recordedVersion: typeof data.libraryVersion === 'string' ? data.libraryVersion : undefined,
    overrides,
    policies,
    diagnostics,
  };
}

type Tailoring = Record<string, { exclude?: unknown; insert?: unknown } | null | undefined>;

/** Exclusions and insertions of the organisation file that name a section or policy the upgrade changes or removes. */
function tailoringFindings(source: YamlSource, policies: unknown, libraries: UpgradeLibraries, changed: ReadonlyMap<string, EntryChange>): Diagnostic[] {
  if (!policies || typeof policies !== 'object') return [];
  const out: Diagnostic[] = [];
  const to = libraries.changes.to ?? '(new)';
  const moduleChange = (id: string): EntryChange | undefined => [...changed.values()].find((c) => c.kind === 'module' && c.id === id && c.change !== 'added');
  for (const [policyId, tailoring] of Object.entries(policies as Tailoring)) {
    const before = libraries.base.get(`policy:${policyId}`);
    const after = libraries.target.get(`policy:${policyId}`);
    if (before && !after) {
      out.push(diagnostic('upgrade/tailoring-removed', source.file, positionOf(source, ['policies', policyId], { key: true }), `The organisation file tailors the policy "${policyId}", which library ${to} removes.`, {
        hint: 'Remove its entry under `policies:`.',
        severity: 'warning',
      }));
      continue;
    }
    if (!after) continue;
    const report = (sectionId: string, at: (string | number)[], role: string): void => {
      const inPolicy = after.sections.includes(sectionId);
      const wasInPolicy = before?.sections.includes(sectionId) === true;
      const change = moduleChange(sectionId);
      const removedModule = change?.change === 'removed' && change.lang === 'en';
      if ((wasInPolicy && !inPolicy) || removedModule) {
        out.push(diagnostic('upgrade/tailoring-removed', source.file, positionOf(source, ['policies', policyId, ...at]), `This ${role} names the section "${sectionId}", which library ${to} ${removedModule ? 'removes' : `takes out of the policy "${policyId}"`}.`, {
          hint: role === 'exclusion' ? 'Remove the exclusion: the new version no longer has the section, so there is nothing to leave out.' : 'Anchor the insertion to another section of the policy, or put it at the end.',
          severity: 'warning',
        }));
      } else if (change && (inPolicy || role === 'inserted section')) {
        out.push(diagnostic('upgrade/tailoring-changed', source.file, positionOf(source, ['policies', policyId, ...at]), `This ${role} names the section "${sectionId}", which library ${to} changes.`, {
          hint: role === 'exclusion' ? 'Read the new version of the section: the reason to leave it out may no longer hold.' : 'Check that the insertion still reads well next to the changed section.',
          severity: 'warning',
        }));
      }
    };
    const exclude = Array.isArray(tailoring?.exclude) ? tailoring.exclude : [];
    exclude.forEach((id: unknown, index) => typeof id === 'string' && report(id, ['exclude', index], 'exclusion'));
    const insert = Array.isArray(tailoring?.insert) ? tailoring.insert : [];
    insert.forEach((item: unknown, index) => {
      if (!item || typeof item !== 'object') return;
      const { section, after: anchorAfter, before: anchorBefore } = item as { section?: unknown; after?: unknown; before?: unknown };
      if (typeof anchorAfter === 'string') report(anchorAfter, ['insert', index, 'after'], 'insertion');
      if (typeof anchorBefore === 'string') report(anchorBefore, ['insert', index, 'before'], 'insertion');
      if (typeof section === 'string' && libraries.base.has(`module:${section}:en`)) report(section, ['insert', index, 'section'], 'inserted section');
    });
  }
  return out;
}

/**
 * The policies whose documents the upgrade changes for this client: a changed manifest, a changed
 * section the client does not override (or whose merged override differs from the client's file), or a
 * changed catalog of a framework the client applies.
 */
function affectedPolicies(
  client: ClientSources,
  libraries: UpgradeLibraries,
  own: ReadonlyMap<string, LibraryEntry>,
  overridden: ReadonlyMap<string, OverrideMerge>,
  frameworks: readonly string[],
  tailoring: unknown,
): AffectedPolicy[] {
  const { base, target, changes } = libraries;
  const moduleChanged = (id: string): string | undefined => {
    const hits = changes.changes.filter((c) => c.kind === 'module' && c.id === id);
    // An override replaces the module in every language: the library's other languages no longer reach the client.
    const overridesModule = [...own.values()].some((e) => e.kind === 'module' && e.id === id && base.has(entryKey(e)));
    for (const hit of hits) {
      const override = overridden.get(entryKey(hit));
      if (!override && overridesModule) continue;
      if (!override) return `section "${id}" ${hit.change === 'changed' ? 'changed' : hit.change} in the library`;
      if (override.merged !== undefined && override.merged !== own.get(entryKey(hit))?.source.text) return `section "${id}": the client's override takes the library's change`;
    }
    return undefined;
  };
  const catalogReasons = changes.changes.filter((c) => c.kind === 'catalog' && frameworks.includes(c.id)).map((c) => `framework catalog "${c.id}" ${c.change}`);
  const inserted = (policyId: string): string[] => {
    const entry = tailoring && typeof tailoring === 'object' ? (tailoring as Tailoring)[policyId] : undefined;
    return Array.isArray(entry?.insert) ? entry.insert.flatMap((i: unknown) => (i && typeof i === 'object' && typeof (i as { section?: unknown }).section === 'string' ? [(i as { section: string }).section] : [])) : [];
  };
  const ids = [...new Set([...base.values(), ...target.values(), ...own.values()].filter((e) => e.kind === 'policy').map((e) => e.id))].sort();
  const out: AffectedPolicy[] = [];
  for (const policy of ids) {
    const key = `policy:${policy}`;
    const ownPolicy = own.get(key);
    const reasons: string[] = [];
    const manifestChange = changes.changes.find((c) => c.kind === 'policy' && c.id === policy);
    const override = overridden.get(key);
    if (manifestChange && !override && !ownPolicy) reasons.push(`manifest ${manifestChange.change} in the library${manifestChange.sectionsAdded.length > 0 ? `; sections added: ${manifestChange.sectionsAdded.join(', ')}` : ''}${manifestChange.sectionsRemoved.length > 0 ? `; sections removed: ${manifestChange.sectionsRemoved.join(', ')}` : ''}`);
    if (override?.merged !== undefined && override.merged !== ownPolicy?.source.text) reasons.push('the client\'s override of the manifest takes the library\'s change');
    if (manifestChange?.change === 'removed' && !ownPolicy) {
      out.push({ policy, latestRelease: latest(client.released.get(policy)), reasons });
      continue;
    }
    const sections = [...new Set([...(base.get(key)?.sections ?? []), ...(target.get(key)?.sections ?? []), ...(ownPolicy?.sections ?? []), ...inserted(policy)])];
    for (const section of sections) {
      const reason = moduleChanged(section);
      if (reason) reasons.push(reason);
    }
    reasons.push(...catalogReasons);
    if (reasons.length > 0) out.push({ policy, latestRelease: latest(client.released.get(policy)), reasons: [...new Set(reasons)] });
  }
  return out;
}

function latest(versions: readonly string[] | undefined): string | null {
  return versions && versions.length > 0 ? [...versions].sort(compareSemver).at(-1)! : null;
}
