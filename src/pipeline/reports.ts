import { CROSSWALKS } from '../catalog/crosswalks.js';
import { missingCatalogHint } from '../catalog/missing-catalog.js';
import { composeDocument } from '../compose/compose-document.js';
import { computeCoverage, type FrameworkCoverage } from '../coverage/compute-coverage.js';
import { soaRows, type SoaRow } from '../coverage/statement-of-applicability.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { labelsFor } from '../i18n/labels.js';
import type { ProjectLocation } from '../load/load-project.js';
import { releasedDocument, releaseVersion } from '../model/version.js';
import { computeRegister, type RegisterInput, type RegisterRow } from '../register/compute-register.js';
import type { FrameworkId, Language } from '../schema/common.js';
import type { ValidatedProject } from '../validate/project.js';
import { acknowledgementStatus } from '../validate/validate-acknowledgements.js';
import { prepareProject } from './prepare-project.js';

/**
 * The auditor's reports: coverage, the Statement of Applicability as a table, and the policy register.
 * Each is one pipeline call that prepares the project and computes from what validation resolved;
 * only the register composes, and only to compare each released policy with its working copy.
 */

type Report<T> = { ok: true; value: T; project: ValidatedProject; diagnostics: readonly Diagnostic[] } | { ok: false; diagnostics: readonly Diagnostic[] };

/**
 * Coverage of each framework by the latest release of every policy (the working draft where there is
 * none); a gap that a curated crosswalk links to a covered control of another framework says so.
 */
export async function coverageReport(request: ProjectLocation & { readonly frameworks: readonly FrameworkId[] }): Promise<Report<FrameworkCoverage[]>> {
  const prepared = await prepareProject({ ...request, policies: [], langs: [] });
  if (!prepared.value) return { ok: false, diagnostics: prepared.diagnostics };
  const { project } = prepared.value;
  const lang = project.organisation.languages[0]!;
  const frameworks = request.frameworks.length > 0 ? request.frameworks : project.organisation.frameworks;
  const unknown = frameworks.filter((id) => !project.catalogs.has(id));
  if (unknown.length > 0) {
    const known = [...project.catalogs.keys()].sort();
    return {
      ok: false,
      diagnostics: unknown.map((id) => diagnostic('catalog/missing', '--framework', { line: 0, column: 0 }, `There is no catalog for the framework "${id}".`, {
        hint: missingCatalogHint(id, known),
      })),
    };
  }
  const value = computeCoverage(project.mappings.get(lang) ?? [], project.catalogs, frameworks, lang, CROSSWALKS);
  return { ok: true, value, project, diagnostics: prepared.diagnostics };
}

/** The Statement of Applicability's rows in one language (default: the organisation's first). */
export async function soaReport(request: ProjectLocation & { readonly lang?: Language | undefined }): Promise<Report<{ rows: SoaRow[]; lang: Language }>> {
  const prepared = await prepareProject({ ...request, policies: [], langs: request.lang ? [request.lang] : [] });
  if (!prepared.value) return { ok: false, diagnostics: prepared.diagnostics };
  const { project } = prepared.value;
  const lang = request.lang ?? project.organisation.languages[0]!;
  const iso = project.catalogs.get('iso27001');
  const implementing = (project.mappings.get(lang) ?? []).filter((policy) => !policy.generated);
  const rows = iso ? soaRows(project.organisations.get(lang) ?? project.organisation, iso, implementing, labelsFor(lang), lang) : [];
  return { ok: true, value: { rows, lang }, project, diagnostics: prepared.diagnostics };
}

/** The policy register as of `today` (YYYY-MM-DD), in the organisation's first language. */
export async function registerReport(request: ProjectLocation & { readonly today: string }): Promise<Report<RegisterRow[]>> {
  const prepared = await prepareProject({ ...request, policies: [], langs: [] });
  if (!prepared.value) return { ok: false, diagnostics: prepared.diagnostics };
  const { project } = prepared.value;
  return { ok: true, value: registerRows(project, project.organisation.languages[0]!, request.today), project, diagnostics: prepared.diagnostics };
}

/** The register rows of a validated project in one language, as of `today` (the register and the site share them). */
export function registerRows(project: ValidatedProject, lang: Language, today: string): RegisterRow[] {
  const holders = project.roleHolders.get(lang);
  const inputs: RegisterInput[] = [...project.policies.values()].map(({ manifest }): RegisterInput => {
    const base = { policy: manifest.id, title: manifest.title[lang] ?? manifest.id, owner: holders?.get(manifest.owner)?.name ?? manifest.owner };
    const release = project.releases.get(manifest.id)?.at(-1);
    const model = release ? releasedDocument(release, lang) : undefined;
    if (!release || !model) return base;
    const recomposed = composeDocument(project, {
      policyId: manifest.id,
      lang,
      version: releaseVersion(release, model.history),
    });
    const people = project.organisation.people;
    const status = acknowledgementStatus(project.releases.get(manifest.id) ?? [], people, project.acknowledgements);
    const nameOf = (id: string): string => people.find((p) => p.id === id)?.name ?? id;
    const acknowledgements = status ? { version: status.version, acknowledged: status.acknowledged.map(nameOf), pending: status.pending.map(nameOf) } : null;
    return { ...base, acknowledgements, latest: { version: release.version, date: release.date, approver: release.approver, signature: release.signer?.fingerprint ?? null, model }, recomposed };
  });
  return computeRegister(inputs, today);
}
