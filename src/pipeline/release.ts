import path from 'node:path';
import { composeDocument } from '../compose/compose-document.js';
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { releasesDir } from '../load/load-project.js';
import { fieldToText, type DocumentModel } from '../model/document.js';
import { historyOf } from '../model/version.js';
import { releaseHash } from '../release/release-hash.js';
import { compareSemver, parseSemver } from '../release/semver.js';
import type { ReleaseRecord } from '../schema/release.js';
import { writeNewFile } from '../write/atomic-write.js';
import { composeAll, inputsOf, releaseFilePath } from './build.js';
import type { ProjectLocation } from '../load/load-project.js';

export interface ReleaseRequest extends ProjectLocation {
  readonly policy: string;
  readonly version: string;
  readonly summary: string;
  /** YYYY-MM-DD; the CLI supplies today's date when none is given. */
  readonly date: string;
  /** Default: the policy owner's name. */
  readonly author?: string | undefined;
  /** Default: the policy approver's name. */
  readonly approver?: string | undefined;
}

export interface ReleaseResult {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** Project-relative path of the new release file. */
  readonly file?: string;
  readonly record?: ReleaseRecord;
}

/**
 * Freezes the working copy of a policy as a release: composes it in every language of the organisation
 * with the new version in its history, seals the snapshot with its sha256 and stores it. Refuses a
 * malformed version, a version that exists, and a version not greater than the last; never changes a
 * stored release.
 */
export async function releasePolicy(request: ReleaseRequest): Promise<ReleaseResult> {
  const composed = await composeAll({ ...request, policies: [request.policy], langs: [], select: { kind: 'draft' } });
  if (!composed.ok) return { ok: false, diagnostics: composed.diagnostics };
  const { project } = composed;
  const file = releaseFilePath(project.organisationFile, request.policy, request.version);
  const previous = project.releases.get(request.policy) ?? [];
  const refusal = refuseVersion(file, request.version, previous.map((r) => r.version));
  if (refusal) return { ok: false, diagnostics: [refusal] };

  const entry = {
    version: request.version,
    date: request.date,
    author: request.author ?? ownerName(composed.documents[0]?.model),
    approver: request.approver ?? fieldToText(composed.documents[0]?.model.policy.approver.name ?? ''),
    summary: request.summary,
  };
  const diagnostics: Diagnostic[] = [];
  const documents: Record<string, DocumentModel> = {};
  for (const lang of project.organisation.languages) {
    const result = composeDocument(project, {
      policyId: request.policy,
      lang,
      version: { version: request.version, status: 'released', date: request.date, history: [...historyOf(previous), entry] },
    });
    diagnostics.push(...result.diagnostics);
    if (result.value) documents[lang] = result.value;
  }
  if (hasErrors(diagnostics)) return { ok: false, diagnostics: sortDiagnostics(diagnostics) };

  const inputs = [...new Map(composed.documents.flatMap((d) => inputsOf(project, d)).map((i) => [i.path, i])).values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  const unsealed: Omit<ReleaseRecord, 'sha256'> = {
    format: 'policymark-release/1',
    policy: request.policy,
    version: request.version,
    date: entry.date,
    author: entry.author,
    approver: entry.approver,
    summary: entry.summary,
    organisation: project.organisationRecord,
    inputs,
    documents: documents as unknown as ReleaseRecord['documents'],
  };
  const record: ReleaseRecord = { ...unsealed, sha256: releaseHash(unsealed) };
  const target = path.join(releasesDir(request), request.policy, `${request.version}.json`);
  const written = await writeNewFile(target, `${JSON.stringify(record, null, 2)}\n`);
  if (!written) {
    // Another release of the same version landed between our check and our write.
    return { ok: false, diagnostics: [duplicate(file, request.version)] };
  }
  return { ok: true, diagnostics: composed.diagnostics, file, record };
}

function ownerName(model: DocumentModel | undefined): string {
  return fieldToText(model?.policy.owner.name ?? '');
}

function refuseVersion(file: string, version: string, existing: readonly string[]): Diagnostic | undefined {
  if (!parseSemver(version)) {
    return diagnostic('release/invalid-version', file, { line: 0, column: 0 }, `"${version}" is not a release version: use three numbers, MAJOR.MINOR.PATCH, such as 1.0.0.`, {
      hint: 'Raise MAJOR for a change in obligations, MINOR for new or reworded content, PATCH for corrections.',
    });
  }
  if (existing.includes(version)) return duplicate(file, version);
  const latest = existing.at(-1);
  if (latest && compareSemver(version, latest) <= 0) {
    return diagnostic('release/not-newer', file, { line: 0, column: 0 }, `Version ${version} is not greater than the latest release, ${latest}.`, {
      hint: `Choose a version after ${latest}, e.g. ${bump(latest)}.`,
    });
  }
  return undefined;
}

function duplicate(file: string, version: string): Diagnostic {
  return diagnostic('release/duplicate', file, { line: 0, column: 0 }, `Version ${version} has already been released; a release is never replaced.`, {
    hint: 'Release the change under a new version number.',
  });
}

function bump(version: string): string {
  const parsed = parseSemver(version);
  return parsed ? `${parsed[0]}.${parsed[1] + 1}.0` : '1.0.0';
}
