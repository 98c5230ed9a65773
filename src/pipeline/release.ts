import path from 'node:path';
import { composeDocument } from '../compose/compose-document.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { releasesDir } from '../load/load-project.js';
import type { DocumentModel } from '../model/document.js';
import { historyOf } from '../model/version.js';
import { releaseHash } from '../release/release-hash.js';
import { compareSemver, parseSemver } from '../release/semver.js';
import { RELEASE_INDEX_FILE, type ReleaseIndex, type ReleaseRecord } from '../schema/release.js';
import { writeFileAtomic, writeNewFile } from '../write/atomic-write.js';
import { acquireReleaseLock, type LockHolder } from '../write/release-lock.js';
import { SOA_ASSESSMENT_CODES, soaReleaseRefusals } from '../validate/rules/statement-of-applicability.js';
import { prepareProject } from './prepare-project.js';
import { documentInputs, releaseFilePath } from './release-store.js';
import type { ProjectLocation } from '../load/load-project.js';

export interface ReleaseRequest extends ProjectLocation {
  readonly policy: string;
  readonly version: string;
  readonly summary: string;
  /** YYYY-MM-DD; the CLI supplies today's date when none is given. */
  readonly date: string;
  /** The latest date a release may carry (YYYY-MM-DD): today by the clock, which the caller reads. */
  readonly latestDate: string;
  /** Default: the policy owner's name. */
  readonly author?: string | undefined;
  /** Default: the policy approver's name. */
  readonly approver?: string | undefined;
  /** Releases a Statement of Applicability with controls not yet assessed; the document says it is partial. */
  readonly partialSoa?: boolean | undefined;
}

export interface ReleaseResult {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** Project-relative path of the new release file. */
  readonly file?: string;
  /** Project-relative path of the policy's release index, rewritten with the new release in it. */
  readonly index?: string;
  readonly record?: ReleaseRecord;
}

/**
 * Freezes the working copy of a policy as a release: composes it in every language of the organisation
 * with the new version in its history, seals the snapshot with its sha256, stores it and lists it in the
 * policy's release index. Refuses a malformed version, a version that exists, a version not greater than
 * the last, and a date before the last release's or after `latestDate`; never changes a stored release.
 *
 * Releases of one policy are serialised by a lock in its release folder, taken around reading the
 * store, composing and writing: a second release started at the same moment waits, then sees the first
 * in the store, so no version is ever missing from a later version's history.
 */
export async function releasePolicy(request: ReleaseRequest): Promise<ReleaseResult> {
  const selection = { ...request, policies: [request.policy], langs: [], namedBy: { policies: request.policy } };
  // Checked before the lock, so that a lock (and its folder) is only ever made for a policy that exists.
  const unlocked = await prepareProject(selection);
  if (!unlocked.value) return { ok: false, diagnostics: unlocked.diagnostics };
  const folder = path.join(releasesDir(request), request.policy);
  const taken = await acquireReleaseLock(folder);
  if ('holder' in taken) {
    const lockFile = path.posix.join(path.posix.dirname(releaseFilePath(unlocked.value.project.organisationFile, request.policy, request.version)), path.basename(taken.file));
    return { ok: false, diagnostics: [locked(lockFile, request.policy, taken.holder)] };
  }
  try {
    return await releaseLocked(request, await prepareProject(selection), folder);
  } finally {
    await taken.lock.release();
  }
}

async function releaseLocked(request: ReleaseRequest, prepared: Awaited<ReturnType<typeof prepareProject>>, folder: string): Promise<ReleaseResult> {
  if (!prepared.value) return { ok: false, diagnostics: prepared.diagnostics };
  const { project } = prepared.value;
  const file = releaseFilePath(project.organisationFile, request.policy, request.version);
  const previous = project.releases.get(request.policy) ?? [];
  const refusal = refuseVersion(file, request.version, previous.map((r) => r.version)) ?? refuseDate(request.date, request.latestDate, previous.at(-1));
  if (refusal) return { ok: false, diagnostics: [refusal] };
  const incomplete = soaReleaseRefusals(project, request.policy, { partial: request.partialSoa === true });
  if (incomplete.length > 0) return { ok: false, diagnostics: [...prepared.diagnostics.filter((d) => !SOA_ASSESSMENT_CODES.has(d.code)), ...incomplete] };

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
  const written = await writeNewFile(path.join(folder, `${request.version}.json`), `${JSON.stringify(record, null, 2)}\n`);
  if (!written) {
    // Only a release by an older policymark, which takes no lock, can land between our check and our write.
    return { ok: false, diagnostics: [duplicate(file, request.version)] };
  }
  // Written after the release: a release killed in between leaves the index one version behind, which
  // validation accepts and the next release repairs; never an index that names a file not yet stored.
  const index: ReleaseIndex = {
    format: 'policymark-release-index/1',
    policy: request.policy,
    releases: [...previous, record].map((r) => ({ version: r.version, sha256: r.sha256 })),
  };
  await writeFileAtomic(path.join(folder, RELEASE_INDEX_FILE), `${JSON.stringify(index, null, 2)}\n`);
  const indexFile = path.posix.join(path.posix.dirname(file), RELEASE_INDEX_FILE);
  return { ok: true, diagnostics: prepared.diagnostics, file, index: indexFile, record };
}

function refuseDate(date: string, latestDate: string, last: ReleaseRecord | undefined): Diagnostic | undefined {
  if (date > latestDate) {
    return diagnostic('release/date-in-future', '--date', { line: 0, column: 0 }, `The release date ${date} is after today, ${latestDate}: a release records an approval that has happened.`, {
      hint: `Release on the day of approval, or give the approval date (${latestDate} or earlier) with --date.`,
    });
  }
  if (last && date < last.date) {
    return diagnostic('release/date-before-previous', '--date', { line: 0, column: 0 }, `The release date ${date} is before ${last.date}, the date of the previous release ${last.version}.`, {
      hint: `Give a date on or after ${last.date} with --date.`,
    });
  }
  return undefined;
}

function locked(file: string, policy: string, holder: LockHolder | undefined): Diagnostic {
  const who = holder ? ` (process ${holder.pid} on ${holder.host}, since ${holder.since})` : '';
  return diagnostic('release/locked', file, { line: 0, column: 0 }, `Another release of ${policy} is in progress${who}; releases of one policy take turns.`, {
    hint: `Try again when it has finished. If no release is running, delete ${file}.`,
  });
}

function refuseVersion(file: string, version: string, existing: readonly string[]): Diagnostic | undefined {
  if (/^\d+\.\d+\.\d+$/.test(version) && !parseSemver(version)) {
    return diagnostic('release/invalid-version', '--version', { line: 0, column: 0 }, `"${version}" is not a release version: a number in it has a leading zero, which semantic versions do not allow.`, {
      hint: `Write it without leading zeros: ${version.split('.').map(Number).join('.')}.`,
    });
  }
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
