import path from 'node:path';
import { CROSSWALKS } from '../catalog/crosswalks.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { TOOL_VERSION } from '../load/package-info.js';
import type { ProjectLocation } from '../load/load-project.js';
import { catalogToOscal } from '../oscal/catalog.js';
import { OSCAL_VERSION } from '../schema/oscal.js';
import { componentDefinition } from '../oscal/component-definition.js';
import { curatedCrosswalk, derivedCrosswalk } from '../oscal/mapping.js';
import type { ValidatedProject } from '../validate/project.js';
import { outputFileName, outputFolder } from '../write/output-layout.js';
import { writeOutputSet, type RenderedArtifact, type WriteReport } from '../write/write-outputs.js';
import { prepareProject } from './prepare-project.js';

/** The folder of the OSCAL files of an organisation, inside the output folder. */
export function oscalFolder(organisationId: string): string {
  return `${organisationId}/oscal`;
}

/** What `policymark oscal` needs besides the project: where to write and what time it is. */
export interface OscalRequest extends ProjectLocation {
  readonly outDir: string;
  /** SOURCE_DATE_EPOCH in seconds, when set: the timestamp of every file. */
  readonly epoch?: number | undefined;
  /** Today (YYYY-MM-DD), the date of the files of an organisation that has released nothing. */
  readonly today: string;
}

export type OscalResult =
  | { readonly ok: true; readonly files: readonly string[]; readonly report: WriteReport; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * The OSCAL exports of one organisation: its component definition and every framework catalog, in
 * `<out>/<org>/oscal/` with a manifest. Timestamps are SOURCE_DATE_EPOCH's, else the date of the
 * latest release at midnight UTC, so that the same inputs give the same bytes.
 */
export async function exportOscal(request: OscalRequest): Promise<OscalResult> {
  const prepared = await prepareProject({ ...request, policies: [], langs: [] });
  if (!prepared.value) return { ok: false, diagnostics: prepared.diagnostics };
  const { project } = prepared.value;
  const artifacts = oscalArtifacts(project, oscalTimestamp(project, request));
  const folder = oscalFolder(project.organisation.id);
  const report = await writeOutputSet(request.outDir, {
    folder,
    organisation: project.organisation.id,
    policy: 'oscal',
    version: `oscal-${OSCAL_VERSION}`,
    artifacts,
    inputs: project.inputs.map((input) => ({ path: input.manifestPath, sha256: input.sha256 })).sort((a, b) => (a.path < b.path ? -1 : 1)),
  }, TOOL_VERSION);
  return { ok: true, files: artifacts.map((a) => a.path), report, diagnostics: prepared.diagnostics };
}

/** The files of the export, paths relative to the output folder. Pure: for tests and the CLI alike. */
export function oscalArtifacts(project: ValidatedProject, timestamp: string): RenderedArtifact[] {
  const folder = oscalFolder(project.organisation.id);
  const lang = project.organisation.languages[0]!;
  const json = (value: unknown): Uint8Array => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
  const definition = componentDefinition(project, timestamp, {
    catalogHref: (framework) => `catalogs/${framework}.json`,
    // From <org>/oscal/ to <org>/<policy>/<version>/, the build's layout.
    documentHref: (policy, version) => path.posix.relative(folder, `${outputFolder(project.organisation.id, policy, version)}/${outputFileName(policy, lang, lang, 'md')}`),
  });
  const catalogs = [...project.catalogs.values()]
    .sort((a, b) => (a.catalog.id < b.catalog.id ? -1 : 1))
    .map((index): RenderedArtifact => ({ path: `${folder}/catalogs/${index.catalog.id}.json`, bytes: json(catalogToOscal(index.catalog, timestamp)) }));
  const fromMappings = (framework: string): string => `../catalogs/${framework}.json`;
  const derived = derivedCrosswalk(
    { id: project.organisation.id, name: project.organisation.legalName ?? project.organisation.id },
    project.mappings.get(lang) ?? [],
    project.catalogs,
    project.organisation.frameworks,
    timestamp,
    fromMappings,
  );
  const mappings: RenderedArtifact[] = [{ path: `${folder}/mappings/derived.json`, bytes: json(derived) }];
  for (const crosswalk of CROSSWALKS) {
    if (!project.catalogs.has(crosswalk.source) || !project.catalogs.has(crosswalk.target)) continue;
    mappings.push({ path: `${folder}/mappings/${crosswalk.source}-${crosswalk.target}.json`, bytes: json(curatedCrosswalk(crosswalk, timestamp, fromMappings)) });
  }
  return [{ path: `${folder}/component-definition.json`, bytes: json(definition) }, ...catalogs, ...mappings];
}

/** SOURCE_DATE_EPOCH, else the latest release's date, else today; always at a whole second, in UTC. */
export function oscalTimestamp(project: ValidatedProject, request: Pick<OscalRequest, 'epoch' | 'today'>): string {
  if (request.epoch !== undefined) return new Date(request.epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const latest = [...project.releases.values()].flatMap((list) => list.map((r) => r.date)).sort().at(-1);
  return `${latest ?? request.today}T00:00:00Z`;
}
