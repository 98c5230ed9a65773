import path from 'node:path';
import { composeDocument } from '../compose/compose-document.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { releasesDir } from '../load/load-project.js';
import type { DocumentModel } from '../model/document.js';
import { historyOf } from '../model/version.js';
import { releaseHash } from '../release/release-hash.js';
import { compareSemver, parseSemver } from '../release/semver.js';
import type { ReleaseRecord } from '../schema/release.js';
import { writeNewFile } from '../write/atomic-write.js';
import { prepareProject } from './prepare-project.js';
import { documentInputs, releaseFilePath } from './release-store.js';
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
  const prepared = await prepareProject({ ...request, policies: [request.policy], langs: [], namedBy: { policies: request.policy } });
  if (!prepared.value) return { ok: false, diagnostics: prepared.diagnostics };
  const { project } = prepared.value;
  const file = releaseFilePath(project.organisationFile, request.policy, request.version);
  const previous = project.releases.get(request.policy) ?? [];
  const refusal = refuseVersion(file, request.version, previous.map((r) => r.version));
  if (refusal) return { ok: false, diagnostics: [refusal] };

  const manifest = project.policies.get(request.policy)!.manifest;
  const holders = project.roleHolders.get(project.organisation.languages[0]!);
  const entry = {
    version: request.version,
    date: request.date,
    author: request.author ?? holders?.get(manifest.owner)?.name ?? '',
    approver: request.approver ?? holders?.get(manifest.approver)?.name ?? '',
    summary: request.summary,
  };
  const documents: Record<string, DocumentModel> = {};
  const inputs = new Map<string, { path: string; sha256: string }>();
  for (const lang of project.organisation.languages) {
    const model = composeDocument(project, {
      policyId: request.policy,
      lang,
      version: { version: request.version, status: 'released', date: request.date, history: [...historyOf(previous), entry] },
    });
    documents[lang] = model;
    for (const input of documentInputs(project, { policy: request.policy, lang, model }, 'sources')) inputs.set(input.path, input);
  }

  const unsealed: Omit<ReleaseRecord, 'sha256'> = {
    format: 'policymark-release/1',
    policy: request.policy,
    version: request.version,
    date: entry.date,
    author: entry.author,
    approver: entry.approver,
    summary: entry.summary,
    organisation: project.organisationRecord,
    inputs: [...inputs.values()].sort((a, b) => (a.path < b.path ? -1 : 1)),
    documents: documents as unknown as ReleaseRecord['documents'],
  };
  const record: ReleaseRecord = { ...unsealed, sha256: releaseHash(unsealed) };
  const target = path.join(releasesDir(request), request.policy, `${request.version}.json`);
  const written = await writeNewFile(target, `${JSON.stringify(record, null, 2)}\n`);
  if (!written) {
    // Another release of the same version landed between our check and our write.
    return { ok: false, diagnostics: [duplicate(file, request.version)] };
  }
  return { ok: true, diagnostics: prepared.diagnostics, file, record };
}

function refuseVersion(file: string, version: string, existing: readonly string[]): Diagnostic | undefined {
  if (!parseSemver(version)) {
    return diagnostic('release/invalid-version', '--version', { line: 0, column: 0 }, `"${version}" is not a release version: use three numbers, MAJOR.MINOR.PATCH, such as 1.0.0.`, {
      hint: 'Raise MAJOR for a change in obligations, MINOR for new or reworded content, PATCH for corrections.',
    });
  }
  if (existing.includes(version)) return duplicate(file, version);
  const latest = existing.at(-1);
  if (latest && compareSemver(version, latest) <= 0) {
    return diagnostic('release/not-newer', '--version', { line: 0, column: 0 }, `Version ${version} is not greater than the latest release, ${latest}.`, {
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
