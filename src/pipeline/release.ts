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
import { ALLOWED_SIGNERS_FILE } from '../load/load-project.js';
import { loadKeyFile } from '../load/load-key-file.js';
import { allowedSignerFor } from '../release/allowed-signers.js';
import { approvalStanding, findPerson, principalsOf } from '../release/approval.js';
import { readPrivateKey, type SshPublicKey } from '../release/ssh-signature.js';
import type { Language } from '../schema/common.js';
import type { PolicyManifest } from '../schema/policy.js';
import type { ValidatedProject } from '../validate/project.js';
import { libraryVersionOf } from '../library/library-version.js';
import { libraryDirOf, loadLibraryIdentity } from '../load/load-library.js';

export interface ReleaseRequest extends ProjectLocation {
  readonly policy: string;
  readonly version: string;
  readonly summary: string;
  /** The summary in other languages of the organisation, where it differs from `summary`'s language. */
  readonly summaries?: Partial<Record<Language, string>> | undefined;
  /** YYYY-MM-DD; the CLI supplies today's date when none is given. */
  readonly date: string;
  /** The latest date a release may carry (YYYY-MM-DD): today by the clock, which the caller reads. */
  readonly latestDate: string;
  /** A person of the organisation file, by id or full name. Default: the policy owner. */
  readonly author?: string | undefined;
  /** A person of the organisation file, by id or full name, who holds the approver role or is its delegate. Default: the role's holder. */
  readonly approver?: string | undefined;
  /** Releases a Statement of Applicability with controls not yet assessed; the document says it is partial. */
  readonly partialSoa?: boolean | undefined;
  /** Whether staff must acknowledge the change again. Required after the first release, which is material. */
  readonly change?: 'material' | 'editorial' | undefined;
  /** The approver's OpenSSH ed25519 private key (absolute path and how to show it), or `unsigned`. */
  readonly signing: { readonly key: string; readonly shown: string } | 'unsigned';
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
  const approval = await checkApproval(request, project, manifest, previous.length === 0);
  if ('diagnostics' in approval) return { ok: false, diagnostics: approval.diagnostics };
  const { author, approver, change, signer } = approval;
  const library = await releasedLibraryVersion(request, project);
  if ('diagnostics' in library) return { ok: false, diagnostics: library.diagnostics };
  const unpublished = Object.keys(request.summaries ?? {}).filter((lang) => !project.organisation.languages.includes(lang as Language));
  if (unpublished.length > 0) {
    return {
      ok: false,
      diagnostics: unpublished.map((lang) => diagnostic('organisation/unsupported-language', `--summary-${lang}`, { line: 0, column: 0 }, `A summary in "${lang}" was given, but ${project.organisation.shortName ?? project.organisation.id} publishes in ${project.organisation.languages.join(', ')} only.`, {
        hint: `Leave out --summary-${lang}, or add "${lang}" to \`languages\` in ${project.organisationFile}.`,
      })),
    };
  }
  // Only what differs from the one summary is stored per language, so a release in one wording stays as before.
  const summaries: Partial<Record<Language, string>> = Object.fromEntries(Object.entries(request.summaries ?? {}).filter(([, text]) => text !== request.summary));
  const entry = {
    version: request.version,
    date: request.date,
    author: author.name ?? author.id,
    approver: approver.name ?? approver.id,
    summary: request.summary,
  };
  const documents: Record<string, DocumentModel> = {};
  const inputs = new Map<string, { path: string; sha256: string }>();
  for (const lang of project.organisation.languages) {
    const model = composeDocument(project, {
      policyId: request.policy,
      lang,
      version: {
        version: request.version,
        status: 'released',
        date: request.date,
        history: [...historyOf(previous, lang), { ...entry, summary: summaries[lang] ?? entry.summary }],
        approval: { approverId: approver.id, signature: signer?.publicKey.fingerprint ?? null },
      },
    });
    documents[lang] = model;
    for (const input of documentInputs(project, { policy: request.policy, lang, model }, 'sources')) inputs.set(input.path, input);
  }

  const unsealed: Omit<ReleaseRecord, 'sha256'> = {
    format: 'policymark-release/2',
    policy: request.policy,
    version: request.version,
    date: entry.date,
    author: entry.author,
    approver: entry.approver,
    summary: entry.summary,
    ...(Object.keys(summaries).length > 0 ? { summaries } : {}),
    authorId: author.id,
    approverId: approver.id,
    approverRole: manifest.approver,
    change,
    signer: signer ? { principal: signer.principal, key: signer.publicKey.line, fingerprint: signer.publicKey.fingerprint } : null,
    ...(library.version === undefined ? {} : { libraryVersion: library.version }),
    organisation: project.organisationRecord,
    inputs: [...inputs.values()].sort((a, b) => (a.path < b.path ? -1 : 1)),
    documents: documents as unknown as ReleaseRecord['documents'],
  };
  const record: ReleaseRecord = { ...unsealed, sha256: releaseHash(unsealed) };
  const text = `${JSON.stringify(record, null, 2)}\n`;
  // The signature is stored first: a release interrupted in between leaves a stray signature, which
  // the next attempt overwrites, never a signed release without its signature.
  if (signer) await writeFileAtomic(path.join(folder, `${request.version}.json.sig`), signer.sign(Buffer.from(text)));
  const written = await writeNewFile(path.join(folder, `${request.version}.json`), text);
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

type Person = ValidatedProject['organisation']['people'][number];

/**
 * Who released and approved, what kind of change it is and who signs: the approver is a person of the
 * organisation file who holds the policy's approver role on the release date or is listed as its
 * delegate; the author is a person; the signing key is an ed25519 key that allowed_signers lists for
 * the approver on that date.
 */
async function checkApproval(
  request: ReleaseRequest,
  project: ValidatedProject,
  manifest: PolicyManifest,
  first: boolean,
): Promise<{ author: Person; approver: Person; change: 'material' | 'editorial'; signer: { principal: string; publicKey: SshPublicKey; sign: (message: Uint8Array) => string } | undefined } | { diagnostics: Diagnostic[] }> {
  const { organisation, organisationFile } = project;
  const diagnostics: Diagnostic[] = [];
  const role = manifest.approver;
  const person = (spec: string | undefined, roleKey: string, flag: string): Person | undefined => {
    const id = spec ?? organisation.roles[roleKey] ?? undefined;
    if (id === undefined) {
      diagnostics.push(diagnostic('release/unknown-person', flag, { line: 0, column: 0 }, `Nobody holds the role "${roleKey}" in ${organisationFile}, so ${flag} must name a person.`, { hint: `Give the role to a person under \`roles\`, or name one with ${flag}.` }));
      return undefined;
    }
    const found = findPerson(organisation.people, id);
    if ('person' in found) return found.person;
    diagnostics.push(
      diagnostic('release/unknown-person', flag, { line: 0, column: 0 }, `"${id}" is not a person of ${organisationFile}: ${flag} takes the id or the full name of someone listed under \`people\`.`, {
        hint: found.suggestions.length > 0 ? `Did you mean ${found.suggestions.map((s) => `"${s}"`).join(' or ')}?` : `People: ${organisation.people.map((p) => p.id).join(', ')}.`,
      }),
    );
    return undefined;
  };
  const author = person(request.author, manifest.owner, '--author');
  const approver = person(request.approver, role, '--approver');
  if (approver && !approvalStanding(organisation, role, approver.id, request.date)) {
    const holder = organisation.people.find((p) => p.id === organisation.roles[role]);
    const delegates = organisation.delegates[role] ?? [];
    diagnostics.push(
      diagnostic('release/approver-not-in-role', '--approver', { line: 0, column: 0 }, `${approver.name ?? approver.id} does not hold the role "${role}", which approves ${manifest.id}, on ${request.date}${holder ? `: ${holder.name ?? holder.id} (${holder.id}) does` : ''}${delegates.length > 0 ? `, with ${delegates.join(', ')} as delegate` : ''}.`, {
        hint: holder ? `Have ${holder.name ?? holder.id} approve (--approver ${holder.id}), or list ${approver.id} under \`delegates: { ${role}: [${approver.id}] }\` in ${organisationFile}.` : `Give the role "${role}" to a person in ${organisationFile}.`,
      }),
    );
  }
  if (first && request.change === 'editorial') {
    diagnostics.push(diagnostic('release/change-kind', '--editorial', { line: 0, column: 0 }, `This is the first release of ${manifest.id}: everything in it is new to its readers, so it is a material change.`, { hint: 'Release it with --material, or without either flag.' }));
  } else if (!first && request.change === undefined) {
    diagnostics.push(
      diagnostic('release/change-kind', '--material', { line: 0, column: 0 }, `Say whether this release of ${manifest.id} changes what staff must do: --material (everyone acknowledges it again) or --editorial (wording, corrections).`, {
        hint: `policymark diff ${manifest.id}@${project.releases.get(manifest.id)?.at(-1)?.version ?? 'latest'} ${manifest.id}@working shows what changed.`,
      }),
    );
  }
  let signer: { principal: string; publicKey: SshPublicKey; sign: (message: Uint8Array) => string } | undefined;
  if (request.signing !== 'unsigned' && approver) {
    const loaded = await loadKeyFile(request.signing.key, request.signing.shown);
    if ('diagnostic' in loaded) diagnostics.push(loaded.diagnostic);
    else {
      const key = readPrivateKey(loaded.text);
      if (!key.ok) {
        const why = {
          'not-openssh': 'is not an OpenSSH private key (-----BEGIN OPENSSH PRIVATE KEY-----)',
          encrypted: 'is protected by a passphrase, which policymark does not ask for',
          'not-ed25519': 'is not an ed25519 key',
          damaged: 'is damaged',
        }[key.problem];
        diagnostics.push(
          diagnostic('signature/key-unusable', '--key', { line: 0, column: 0 }, `The signing key ${request.signing.shown} ${why}.`, {
            hint: key.problem === 'encrypted'
              ? 'Use a key without a passphrase kept only on the approver\'s machine, or release with --unsigned and sign afterwards: ssh-keygen -Y sign -f KEY -n policymark releases/<policy>/<version>.json (see README, "Approvals and evidence").'
              : 'Make one with: ssh-keygen -t ed25519 -f ~/.ssh/policymark_ed25519',
          }),
        );
      } else {
        const principals = principalsOf(approver);
        const line = project.allowedSigners ? allowedSignerFor(project.allowedSigners.signers, principals, key.publicKey, request.date) : undefined;
        if (!line) {
          diagnostics.push(
            diagnostic('signature/signer-not-allowed', project.allowedSigners?.file ?? ALLOWED_SIGNERS_FILE, { line: 0, column: 0 }, `The key ${key.publicKey.fingerprint} in ${request.signing.shown} is not listed in ${ALLOWED_SIGNERS_FILE} for ${approver.name ?? approver.id} (${principals.join(' or ')}), the approver${project.allowedSigners ? '' : ': the project has no allowed_signers file'}.`, {
              hint: `Sign with the approver's own key, or add the approver's public key to ${ALLOWED_SIGNERS_FILE} beside ${organisationFile}: ${approver.id} namespaces="policymark" ${key.publicKey.line}`,
            }),
          );
        } else {
          signer = { principal: line.principals.find((p) => principals.includes(p))!, publicKey: key.publicKey, sign: key.sign };
        }
      }
    }
  }
  if (!author || !approver || diagnostics.length > 0) return { diagnostics };
  return { author, approver, change: request.change ?? 'material', signer };
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

/** The version the project's library declares, recorded in the release; an invalid library manifest refuses the release. */
async function releasedLibraryVersion(request: ReleaseRequest, project: ValidatedProject): Promise<{ version: string | undefined } | { diagnostics: Diagnostic[] }> {
  const dir = libraryDirOf(project.organisationRecord.library, request.organisationFile, request.libraryDir);
  if ('error' in dir) return { version: undefined };
  const identity = await loadLibraryIdentity(dir.dir, request.root);
  const version = libraryVersionOf(identity.value);
  const problems = [...identity.diagnostics, ...version.diagnostics];
  return problems.length > 0 ? { diagnostics: problems } : { version: version.value.version };
}
