import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { compareSemver } from '../../release/semver.js';
import { allowedSignerFor, parseAllowedSigners, type AllowedSigner } from '../../release/allowed-signers.js';
import { approvalStanding, principalsOf, type RoleRecords } from '../../release/approval.js';
import { checkSignature } from '../../release/ssh-signature.js';
import type { ReleaseRecord } from '../../schema/release.js';
import type { SourceFile } from '../../source/source-file.js';
import { parseYamlSource, positionOf } from '../../source/yaml-source.js';

/** What `verify` found for one release. */
export interface ReleaseVerification {
  readonly policy: string;
  readonly version: string;
  readonly file: string;
  readonly date: string;
  readonly approver: string;
  readonly approverId: string | null;
  /**
   * `signed`: seal, signature, signer and role all check out; `unsigned`: released with `--unsigned`
   * (approver and role checked); `legacy`: a release older than format 2, which records neither;
   * `failed`: at least one check failed (see `problems`).
   */
  readonly status: 'signed' | 'unsigned' | 'legacy' | 'failed';
  readonly fingerprint: string | null;
  /** The allowed_signers line that admitted the signer, as written. */
  readonly allowedSigner: string | null;
  readonly problems: readonly Diagnostic[];
}

/** The inputs of the approval checks: the sound releases and the files they and their evidence came from. */
export interface ApprovalInputs {
  readonly releases: ReadonlyMap<string, readonly ReleaseRecord[]>;
  readonly releaseFiles: readonly SourceFile[];
  readonly signatures: readonly SourceFile[];
  readonly allowedSigners: SourceFile | undefined;
  readonly organisation: RoleRecords & { readonly id: string };
  readonly organisationFile: string;
}

/** The file name of a release's signature, beside it. */
export function signatureFileOf(releaseFile: string): string {
  return `${releaseFile}.sig`;
}

/**
 * Checks every stored release as an auditor would: it belongs to this organisation (its recorded
 * organisation id is the organisation file's), it is dated no earlier than the release before it, its
 * approver is a person who held the policy's approver role (or was its delegate) on the release date,
 * and a signed release's signature is a valid SSHSIG signature of the release file, by a key that
 * allowed_signers lists for the approver. The seal itself is checked when the release is read.
 */
export function verifyReleases(inputs: ApprovalInputs): { verifications: ReleaseVerification[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const allowed = inputs.allowedSigners ? parseAllowedSigners(inputs.allowedSigners.text) : undefined;
  if (inputs.allowedSigners && allowed) {
    for (const problem of allowed.problems) {
      diagnostics.push(
        diagnostic('signature/allowed-signers-line', inputs.allowedSigners.path, { line: problem.line, column: problem.column }, problem.message, {
          hint: 'List each approver\'s ed25519 public key: `<person id or e-mail> namespaces="policymark" ssh-ed25519 AAAA...`.',
        }),
      );
    }
  }
  const byPath = new Map([...inputs.releaseFiles, ...inputs.signatures].map((file) => [file.path, file]));
  const fileOf = (policy: string, version: string): SourceFile | undefined => inputs.releaseFiles.find((f) => f.path.endsWith(`releases/${policy}/${version}.json`));
  const verifications: ReleaseVerification[] = [];
  for (const [policy, records] of [...inputs.releases].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const sorted = [...records].sort((a, b) => compareSemver(a.version, b.version));
    for (const [i, record] of sorted.entries()) {
      const file = fileOf(policy, record.version);
      if (!file) continue;
      const result = verifyOne(record, file, sorted[i - 1], byPath.get(signatureFileOf(file.path)), allowed?.signers ?? [], inputs);
      verifications.push(result);
      diagnostics.push(...result.problems);
    }
  }
  return { verifications, diagnostics };
}

function verifyOne(record: ReleaseRecord, file: SourceFile, previous: ReleaseRecord | undefined, signature: SourceFile | undefined, signers: readonly AllowedSigner[], inputs: ApprovalInputs): ReleaseVerification {
  const problems: Diagnostic[] = [];
  const at = (fieldPath: (string | number)[]) => {
    const source = parseYamlSource(file.path, file.text).value;
    return source ? positionOf(source, fieldPath) : { line: 1, column: 1 };
  };
  const name = `${record.policy} ${record.version}`;
  const recordedId = (record.organisation as { id?: unknown }).id;
  if (recordedId !== inputs.organisation.id) {
    problems.push(
      diagnostic('release/organisation-mismatch', file.path, at(['organisation', 'id']), `The release ${name} was made for the organisation "${String(recordedId)}", but ${inputs.organisationFile} is the organisation "${inputs.organisation.id}": its documents would carry the other organisation's names and approvals.`, {
        hint: `If this folder was copied from another client, delete its releases/ folder and release this client's policies afresh; if "${inputs.organisation.id}" is a renamed id, change it back to "${String(recordedId)}".`,
      }),
    );
  }
  if (previous && record.date < previous.date) {
    problems.push(
      diagnostic('release/date-before-previous', file.path, at(['date']), `The release ${name} is dated ${record.date}, before ${previous.date}, the date of the release before it (${previous.version}).`, {
        hint: 'Releases are dated forward: restore the file from version control.',
      }),
    );
  }
  const base = { policy: record.policy, version: record.version, file: file.path, date: record.date, approver: record.approver, approverId: record.approverId ?? null };
  if (record.format === 'policymark-release/1' || record.approverId === undefined) {
    return { ...base, status: problems.length > 0 ? 'failed' : 'legacy', fingerprint: null, allowedSigner: null, problems };
  }

  const person = inputs.organisation.people.find((p) => p.id === record.approverId);
  const role = record.approverRole ?? '';
  if (!person) {
    problems.push(
      diagnostic('release/unknown-person', file.path, at(['approverId']), `The release ${name} was approved by "${record.approverId}", who is not listed in \`people\` of ${inputs.organisationFile}.`, {
        hint: 'Keep people who approved releases in `people` (with `roleHistory` for the roles they held), so their approvals can be verified.',
      }),
    );
  } else if (!approvalStanding(inputs.organisation, role, person.id, record.date)) {
    problems.push(
      diagnostic('release/approver-not-in-role', file.path, at(['approverId']), `The release ${name} was approved by ${person.name ?? person.id} (${person.id}), who did not hold the role "${role}" on ${record.date} and is not listed as its delegate.`, {
        hint: `If ${person.id} held the role then, add a \`roleHistory\` entry { role: ${role}, person: ${person.id}, from: ..., until: ... } to ${inputs.organisationFile}.`,
      }),
    );
  }

  let allowedSigner: string | null = null;
  if (record.signer) {
    const sigPath = signatureFileOf(file.path);
    if (!signature) {
      problems.push(
        diagnostic('signature/missing', sigPath, { line: 0, column: 0 }, `The release ${name} records a signature by ${record.signer.principal} (${record.signer.fingerprint}), but its signature file is not stored.`, {
          hint: `Restore ${sigPath} from version control.`,
        }),
      );
    } else {
      const checked = checkSignature(signature.text, Buffer.from(file.text));
      if (!checked.ok) {
        problems.push(
          diagnostic('signature/invalid', signature.path, { line: 1, column: 1 }, `The signature of ${name} ${checked.problem}.`, {
            hint: 'Restore the release and its signature from version control; a release changed after signing is no longer the approved one.',
          }),
        );
      } else if (checked.publicKey.line !== record.signer.key) {
        problems.push(
          diagnostic('signature/invalid', signature.path, { line: 1, column: 1 }, `The signature of ${name} is made with the key ${checked.publicKey.fingerprint}, but the release records ${record.signer.fingerprint}.`, {
            hint: 'Restore the signature file from version control.',
          }),
        );
      } else {
        const principals = person ? principalsOf(person) : [];
        const line = principals.includes(record.signer.principal) ? allowedSignerFor(signers, [record.signer.principal], checked.publicKey, record.date) : undefined;
        if (!line) {
          problems.push(
            diagnostic('signature/signer-not-allowed', inputs.allowedSigners?.path ?? 'allowed_signers', { line: 0, column: 0 }, `The key ${checked.publicKey.fingerprint} that signed ${name} is not listed in allowed_signers for ${record.signer.principal}, the approver, on ${record.date}.`, {
              hint: `Keep the approver's key in allowed_signers (a rotated key stays, with valid-before="YYYYMMDD"): \`${record.signer.principal} namespaces="policymark" ${record.signer.key}\`.`,
            }),
          );
        } else {
          allowedSigner = line.text;
        }
      }
    }
  }
  const status = problems.length > 0 ? 'failed' : record.signer ? 'signed' : 'unsigned';
  return { ...base, status, fingerprint: record.signer?.fingerprint ?? null, allowedSigner, problems };
}
