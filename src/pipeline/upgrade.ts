import path from 'node:path';
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { compareLibraries, indexEntries, type LibraryChanges, type LibraryEntry } from '../library/compare-libraries.js';
import { libraryVersionOf } from '../library/library-version.js';
import { planClientUpgrade, type ClientUpgradePlan } from '../library/plan-client-upgrade.js';
import { recordLibraryVersion } from '../library/record-library-version.js';
import { clientUpgradeToMarkdown, upgradeSummaryToMarkdown, type ClientUpgradeReport, type UpgradeSummary } from '../library/upgrade-report.js';
import { LIBRARY_MANIFEST_FILE, libraryDirOf, loadClientSources, loadLibrarySnapshot, type LibrarySnapshot } from '../load/load-library.js';
import { organisationFiles } from '../load/organisation-files.js';
import { PACKAGE_ROOT } from '../load/package-info.js';
import { resolveLibrary } from '../load/resolve-library.js';
import { SEMVER_PATTERN } from '../schema/release.js';
import { displayPath } from '../source/display-path.js';
import { parseYamlSource, positionOf, yamlTree } from '../source/yaml-source.js';
import { writeFileAtomic } from '../write/atomic-write.js';

export interface UpgradeRequest {
  /** Absolute folder that paths in diagnostics and reports are relative to. */
  readonly root: string;
  /** Organisation files and folders of clients (absolute); each folder's `*.yaml` and `<client>/organisation.yaml`. */
  readonly clients: readonly string[];
  /** The target: a version (of the library the client names), a library folder or an npm package name. */
  readonly to: string;
  /** The library at the clients' recorded version: a folder or a package; default the library each client names. */
  readonly from?: string | undefined;
  /** --library: the library the clients build from now, instead of what their organisation files name (absolute). */
  readonly library?: string | undefined;
  /** Write the clean merges and the new library version into the client projects. */
  readonly apply: boolean;
  /** With --apply, also write merges that have conflicts (with their markers) into the overrides. */
  readonly allowConflicts: boolean;
  /** Folder for the reports: `<organisation id>.md` and `.json` per client, `summary.md` and `summary.json` (absolute). */
  readonly out?: string | undefined;
}

export interface UpgradeResult {
  /** False when any client has an error (a conflict, a version mismatch, an unreadable file). */
  readonly ok: boolean;
  readonly clients: readonly ClientUpgradeReport[];
  readonly summary: UpgradeSummary;
  /** Diagnostics not tied to one client (the --to or --from library). */
  readonly diagnostics: readonly Diagnostic[];
  /** Files written, relative to root. */
  readonly written: readonly string[];
}

/**
 * `policymark upgrade`: for every client, what the library changed between the client's recorded version
 * and the target, a three-way merge of each of its overrides, the tailoring that names changed or removed
 * sections, and which released policies need a new release. With `apply`, each client whose merges are
 * clean (or any client, with `allowConflicts`) gets its merged overrides and its new `libraryVersion`;
 * a client with a conflict gets only `<file>.conflict` files with the markers, and nothing applied.
 * Every file is computed before the first is written, and each is written atomically.
 */
export async function upgradeClients(request: UpgradeRequest): Promise<UpgradeResult> {
  const display = (absolute: string): string => displayPath(request.root, absolute);
  const diagnostics: Diagnostic[] = [];
  const listed = await organisationFiles(request.clients.length > 0 ? request.clients : [request.root]);
  // A library's own manifest is YAML too, but never an organisation file.
  const files = listed.files.filter((file) => path.basename(file) !== LIBRARY_MANIFEST_FILE);
  const { missing } = listed;
  for (const given of missing) diagnostics.push(diagnostic('load/not-found', display(given), { line: 0, column: 0 }, 'This organisation file or client folder does not exist.', { hint: 'Name a client folder, or organisation files.' }));

  const snapshots = new Map<string, Promise<{ snapshot: LibrarySnapshot; version: string | undefined; diagnostics: Diagnostic[]; entries: Map<string, LibraryEntry> }>>();
  const snapshotOf = (dir: string): Promise<{ snapshot: LibrarySnapshot; version: string | undefined; diagnostics: Diagnostic[]; entries: Map<string, LibraryEntry> }> => {
    let found = snapshots.get(dir);
    if (!found) {
      found = loadLibrarySnapshot(dir, request.root).then((loaded) => {
        const version = libraryVersionOf(loaded.value);
        return { snapshot: loaded.value, version: version.value.version, diagnostics: [...loaded.diagnostics, ...version.diagnostics], entries: indexEntries(loaded.value.files) };
      });
      snapshots.set(dir, found);
    }
    return found;
  };
  const comparisons = new Map<string, LibraryChanges>();

  const fixedTarget = SEMVER_PATTERN.test(request.to) ? undefined : resolveLibrary(request.to, request.root);
  if (fixedTarget && 'error' in fixedTarget) diagnostics.push(diagnostic('load/library-not-found', '--to', { line: 0, column: 0 }, fixedTarget.error, { hint: fixedTarget.hint }));
  const fixedBase = request.from === undefined ? undefined : resolveLibrary(request.from, request.root);
  if (fixedBase && 'error' in fixedBase) diagnostics.push(diagnostic('load/library-not-found', '--from', { line: 0, column: 0 }, fixedBase.error, { hint: fixedBase.hint }));
  if (hasErrors(diagnostics)) return { ok: false, clients: [], summary: { to: request.to, clients: [] }, diagnostics: sortDiagnostics(diagnostics), written: [] };

  const reports: ClientUpgradeReport[] = [];
  const writes: { file: string; text: string }[] = [];
  const reported = new Set<string>();
  for (const organisationFile of files) {
    const clientDiagnostics: Diagnostic[] = [];
    const loaded = await loadClientSources(organisationFile, request.root);
    clientDiagnostics.push(...loaded.diagnostics);
    const client = loaded.value;
    if (!client) {
      reports.push(failedClient(display(organisationFile), undefined, clientDiagnostics));
      continue;
    }
    const projectDir = path.dirname(organisationFile);
    const organisationYaml = parseYamlSource(client.organisation.path, client.organisation.text).value;
    const current = libraryDirOf((organisationYaml && yamlTree(organisationYaml).document)?.get('library'), organisationFile, request.library);
    const at = (key: string): { line: number; column: number } => (organisationYaml && yamlTree(organisationYaml).document.has(key) ? positionOf(organisationYaml, [key]) : { line: 1, column: 1 });
    if ('error' in current) {
      reports.push(failedClient(client.organisation.path, (organisationYaml && yamlTree(organisationYaml).document)?.get('id'), [...clientDiagnostics, diagnostic('load/library-not-found', client.organisation.path, at('library'), current.error, { hint: current.hint })]));
      continue;
    }
    const targetDir = fixedTarget && 'dir' in fixedTarget ? fixedTarget.dir : current.dir;
    const baseDir = fixedBase && 'dir' in fixedBase ? fixedBase.dir : current.dir;
    const [base, target] = await Promise.all([snapshotOf(baseDir), snapshotOf(targetDir)]);
    for (const d of [...base.diagnostics, ...target.diagnostics]) {
      if (!reported.has(`${d.file}:${d.line}:${d.code}`)) diagnostics.push(d);
      reported.add(`${d.file}:${d.line}:${d.code}`);
    }
    const recorded = (organisationYaml && yamlTree(organisationYaml).document)?.get('libraryVersion');
    const recordedVersion = typeof recorded === 'string' ? recorded : undefined;

    if (target.version === undefined) {
      clientDiagnostics.push(diagnostic('library/no-version', fixedTarget ? '--to' : client.organisation.path, fixedTarget ? { line: 0, column: 0 } : at('library'), `The target library ${display(targetDir)} declares no version, so the client cannot record which version it is built from.`, {
        hint: 'Add policymark-library.yaml with `version: X.Y.Z` at the library\'s root (or a version in its package.json).',
      }));
    } else if (!fixedTarget && target.version !== request.to) {
      clientDiagnostics.push(diagnostic('upgrade/target-version-mismatch', '--to', { line: 0, column: 0 }, `The client's library ${display(targetDir)} is version ${target.version}, not ${request.to}.`, {
        hint: 'Install or check out that version of the library first, or name its folder or package with --to.',
      }));
    }
    if (recordedVersion !== undefined && recordedVersion === target.version && baseDir === targetDir) {
      reports.push({ ...emptyPlan(client.organisation.path, (organisationYaml && yamlTree(organisationYaml).document)?.get('id'), recordedVersion), status: 'up-to-date', to: target.version, from: recordedVersion, changes: [], written: [], diagnostics: clientDiagnostics });
      continue;
    }
    if (baseDir === targetDir) {
      clientDiagnostics.push(diagnostic('upgrade/base-library-missing', client.organisation.path, recordedVersion === undefined ? { line: 1, column: 1 } : at('libraryVersion'), `The client's library is already the target${target.version ? ` (version ${target.version})` : ''}, so there is no library at ${recordedVersion === undefined ? 'its old version' : `version ${recordedVersion}`} to merge its overrides from.`, {
        hint: `Give the library as it was at ${recordedVersion ?? 'the client\'s version'} with --from (a folder or an installed package).`,
      }));
    }
    if (recordedVersion === undefined) {
      clientDiagnostics.push(diagnostic('upgrade/version-not-recorded', client.organisation.path, { line: 1, column: 1 }, `The organisation file does not record the library version it was built from; the upgrade takes ${display(baseDir)}${base.version ? ` (version ${base.version})` : ''} as that version.`, {
        hint: 'Check that this is the library the client\'s releases were made with; --apply records the new version as `libraryVersion:`.',
        severity: 'warning',
      }));
    } else if (base.version !== undefined && base.version !== recordedVersion) {
      clientDiagnostics.push(diagnostic('upgrade/base-version-mismatch', client.organisation.path, at('libraryVersion'), `The client was built from library version ${recordedVersion}, but the base library ${display(baseDir)} is version ${base.version}.`, {
        hint: `Give the library as it was at version ${recordedVersion} with --from.`,
      }));
    } else if (base.version === undefined) {
      clientDiagnostics.push(diagnostic('library/no-version', request.from !== undefined ? '--from' : client.organisation.path, { line: 0, column: 0 }, `The base library ${display(baseDir)} declares no version, so it cannot be checked against the client's recorded ${recordedVersion}.`, {
        hint: 'Add policymark-library.yaml with `version: X.Y.Z` at the library\'s root.',
        severity: 'warning',
      }));
    }
    if (hasErrors(clientDiagnostics)) {
      reports.push(failedClient(client.organisation.path, (organisationYaml && yamlTree(organisationYaml).document)?.get('id'), clientDiagnostics));
      continue;
    }

    const pair = `${baseDir}\n${targetDir}`;
    let changes = comparisons.get(pair);
    if (!changes) {
      changes = compareLibraries(base.entries, target.entries, { from: base.version, to: target.version });
      comparisons.set(pair, changes);
    }
    const shown = (projectPath: string): string => display(path.join(projectDir, projectPath));
    const plan = planClientUpgrade(client, { base: base.entries, target: target.entries, changes }, shown);
    const conflicted = plan.overrides.some((o) => o.status === 'conflict');
    const applied = request.apply && (!conflicted || request.allowConflicts);
    const clientWrites: { file: string; text: string }[] = [];
    let planDiagnostics = [...plan.diagnostics];
    if (applied) {
      for (const override of plan.overrides) {
        if (override.merged !== undefined) clientWrites.push({ file: path.join(projectDir, override.file), text: override.merged });
      }
      const libraryField = libraryFieldFor(request, fixedTarget && 'dir' in fixedTarget ? fixedTarget.dir : undefined, current.dir, projectDir);
      clientWrites.push({ file: organisationFile, text: recordLibraryVersion(client.organisation.text, target.version!, libraryField) });
    } else if (request.apply && conflicted) {
      // The markers go beside the override, under a name no build reads, so the client's project still builds.
      const moved = new Map<string, string>();
      for (const override of plan.overrides) {
        if (override.status !== 'conflict' || override.merged === undefined) continue;
        clientWrites.push({ file: path.join(projectDir, `${override.file}.conflict`), text: override.merged });
        moved.set(shown(override.file), `${shown(override.file)}.conflict`);
      }
      planDiagnostics = planDiagnostics.map((d) => {
        const conflictFile = moved.get(d.file);
        if (d.code !== 'upgrade/merge-conflict' || !conflictFile) return d;
        const override = plan.overrides.find((o) => shown(o.file) === d.file)!;
        const conflict = override.conflicts.find((c) => c.oursLine === d.line);
        return { ...d, file: conflictFile, line: conflict?.line ?? d.line, hint: `Resolve the markers in ${conflictFile}, copy it over ${d.file}, and run the upgrade again (or use --allow-conflicts).` };
      });
      planDiagnostics.push(diagnostic('upgrade/not-applied', client.organisation.path, { line: 1, column: 1 }, `Nothing was applied to ${plan.organisation}: ${plan.overrides.filter((o) => o.status === 'conflict').length} override${plan.overrides.filter((o) => o.status === 'conflict').length === 1 ? ' has' : 's have'} merge conflicts.`, {
        hint: 'Resolve the conflicts written beside the overrides (*.conflict), or run with --allow-conflicts to write them into the overrides.',
      }));
    }
    writes.push(...clientWrites);
    const allDiagnostics = sortDiagnostics([...clientDiagnostics, ...planDiagnostics]);
    reports.push({
      ...plan,
      status: hasErrors(allDiagnostics) ? 'conflicts' : applied ? 'applied' : 'planned',
      from: base.version ?? recordedVersion,
      to: target.version,
      changes: changes.changes,
      written: clientWrites.map((w) => display(w.file)),
      diagnostics: allDiagnostics,
    });
  }

  const summary: UpgradeSummary = {
    to: reports.find((r) => r.to !== undefined)?.to ?? request.to,
    clients: reports.map((r) => ({
      organisation: r.organisation,
      organisationFile: r.organisationFile,
      status: r.status,
      from: r.from,
      rerelease: r.policies.filter((p) => p.latestRelease !== null).map((p) => p.policy),
      drafts: r.policies.filter((p) => p.latestRelease === null).map((p) => p.policy),
      manualMerge: r.overrides.filter((o) => o.status === 'conflict').map((o) => o.file),
      attention: r.diagnostics.filter((d) => d.code !== 'upgrade/merge-conflict' && d.code !== 'upgrade/not-applied').length,
    })),
  };
  if (request.out) {
    const out = request.out;
    const used = new Set<string>();
    for (const report of reports) {
      let name = report.organisation.replace(/[^\w.-]+/g, '-');
      while (used.has(name)) name = `${name}-`;
      used.add(name);
      writes.push({ file: path.join(out, `${name}.md`), text: clientUpgradeToMarkdown(report) });
      writes.push({ file: path.join(out, `${name}.json`), text: `${JSON.stringify(report, null, 2)}\n` });
    }
    writes.push({ file: path.join(out, 'summary.md'), text: upgradeSummaryToMarkdown(summary) });
    writes.push({ file: path.join(out, 'summary.json'), text: `${JSON.stringify(summary, null, 2)}\n` });
  }
  // The organisation file of a client goes last among its files: a run cut short leaves the old
  // version recorded, and running the upgrade again merges from it once more.
  for (const write of writes) await writeFileAtomic(write.file, write.text);
  const ok = !hasErrors(diagnostics) && reports.every((r) => !hasErrors(r.diagnostics));
  return { ok, clients: reports, summary, diagnostics: sortDiagnostics(diagnostics), written: writes.map((w) => display(w.file)) };
}

/**
 * The `library:` a client records after moving to the target: unchanged when it already builds from it;
 * the package name for an npm package; else the folder relative to the organisation file.
 */
function libraryFieldFor(request: UpgradeRequest, targetDir: string | undefined, currentDir: string, projectDir: string): string | undefined {
  if (targetDir === undefined || targetDir === currentDir || request.library !== undefined) return undefined;
  if (targetDir === PACKAGE_ROOT) return undefined;
  const looksLikePackage = !request.to.startsWith('.') && !path.isAbsolute(request.to) && targetDir.includes(`${path.sep}node_modules${path.sep}`);
  if (looksLikePackage) return request.to;
  const relative = path.relative(projectDir, targetDir).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

function emptyPlan(file: string, id: unknown, recordedVersion: string | undefined): ClientUpgradePlan {
  return { organisationFile: file, organisation: typeof id === 'string' ? id : file, recordedVersion, overrides: [], policies: [], diagnostics: [] };
}

function failedClient(file: string, id: unknown, diagnostics: readonly Diagnostic[]): ClientUpgradeReport {
  return { ...emptyPlan(file, id, undefined), status: 'failed', from: undefined, to: undefined, changes: [], written: [], diagnostics: sortDiagnostics(diagnostics) };
}
