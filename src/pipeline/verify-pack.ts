import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { z } from 'zod';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { loadBinaryFile } from '../load/load-binary-file.js';
import { allowedSignerFor, parseAllowedSigners } from '../release/allowed-signers.js';
import { approvalStanding, principalsOf } from '../release/approval.js';
import { releaseHash } from '../release/release-hash.js';
import { checkSignature } from '../release/ssh-signature.js';
import { ReleaseRecordSchema } from '../schema/release.js';
import { PACK_FORMAT } from '../release/evidence-pack.js';

/** What verifying an evidence pack found. */
export interface PackVerification {
  readonly ok: boolean;
  readonly policy: string | null;
  readonly version: string | null;
  readonly organisation: string | null;
  readonly status: 'signed' | 'unsigned' | 'failed';
  readonly fingerprint: string | null;
  readonly diagnostics: readonly Diagnostic[];
}

const ManifestSchema = z.object({
  format: z.literal(PACK_FORMAT),
  organisation: z.string(),
  policy: z.string(),
  version: z.string(),
  files: z.array(z.object({ path: z.string(), sha256: z.string() })),
});

/** The organisation as the release recorded it: enough to judge the approver's role on the release date. */
const RecordedOrganisationSchema = z.object({
  id: z.string(),
  people: z.array(z.object({ id: z.string(), name: z.string().nullable().default(null), email: z.string().optional() }).loose()).default([]),
  roles: z.record(z.string(), z.string().nullable()).default({}),
  delegates: z.record(z.string(), z.array(z.string())).default({}),
  roleHistory: z.array(z.object({ role: z.string(), person: z.string(), from: z.string(), until: z.string() })).default([]),
});

/**
 * `verify PACK.zip`, on its own, with nothing but the pack: every file matches the manifest, the release
 * is sealed, its signature is valid and by a key the pack's allowed_signers lines list for the approver
 * on the release date, and the approver held the approver role (or was its delegate) on that date by
 * the organisation file as the release recorded it. The pack proves what the project said at release
 * time; `verify --org` judges the releases against the organisation file as it is today.
 */
export async function verifyPack(file: string, shown: string, today: string): Promise<PackVerification> {
  const failed = (diagnostics: Diagnostic[]): PackVerification => ({ ok: false, policy: null, version: null, organisation: null, status: 'failed', fingerprint: null, diagnostics });
  const loaded = await loadBinaryFile(file, shown);
  if ('diagnostic' in loaded) return failed([loaded.diagnostic]);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(loaded.bytes);
  } catch {
    return failed([diagnostic('pack/invalid', shown, { line: 0, column: 0 }, `${shown} is not a zip file.`, { hint: 'Name a zip file made by policymark pack.' })]);
  }
  const at = (name: string): string => `${shown}:${name}`;
  const manifestBytes = entries['manifest.json'];
  let manifest: z.infer<typeof ManifestSchema> | undefined;
  try {
    manifest = manifestBytes ? ManifestSchema.parse(JSON.parse(strFromU8(manifestBytes))) : undefined;
  } catch {
    manifest = undefined;
  }
  if (!manifest) return failed([diagnostic('pack/invalid', at('manifest.json'), { line: 0, column: 0 }, 'The pack has no valid manifest.json, so its contents cannot be checked.', { hint: 'Make the pack again with policymark pack.' })]);

  const diagnostics: Diagnostic[] = [];
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const entry of manifest.files) {
    const bytes = entries[entry.path];
    if (!bytes) diagnostics.push(diagnostic('pack/entry-mismatch', at(entry.path), { line: 0, column: 0 }, `The manifest lists ${entry.path}, but the pack does not hold it.`, { hint: 'Make the pack again with policymark pack.' }));
    else if (createHash('sha256').update(bytes).digest('hex') !== entry.sha256) diagnostics.push(diagnostic('pack/entry-mismatch', at(entry.path), { line: 0, column: 0 }, `${entry.path} has been changed since the pack was made: its sha256 differs from the manifest's.`, { hint: 'Use the pack as it was made, or make it again with policymark pack.' }));
  }
  for (const name of Object.keys(entries)) {
    if (name !== 'manifest.json' && !listed.has(name)) diagnostics.push(diagnostic('pack/entry-mismatch', at(name), { line: 0, column: 0 }, `${name} is in the pack but not in its manifest: it was added afterwards.`, { hint: 'Remove it, or make the pack again.' }));
  }

  const releaseName = `release/${manifest.version}.json`;
  const releaseBytes = entries[releaseName];
  const parsed = releaseBytes ? ReleaseRecordSchema.safeParse(safeJson(strFromU8(releaseBytes))) : undefined;
  if (!releaseBytes || !parsed?.success) {
    diagnostics.push(diagnostic('pack/invalid', at(releaseName), { line: 0, column: 0 }, `The pack has no valid release file ${releaseName}.`, { hint: 'Make the pack again with policymark pack.' }));
    return { ...failed(diagnostics), policy: manifest.policy, version: manifest.version, organisation: manifest.organisation };
  }
  const record = parsed.data;
  const name = `${record.policy} ${record.version}`;
  if (releaseHash(record) !== record.sha256) {
    diagnostics.push(diagnostic('release/tampered', at(releaseName), { line: 0, column: 0 }, `The release ${name} in the pack has been changed since it was released: its content no longer matches its sha256 seal.`, { hint: 'The pack is not evidence of an approval.' }));
  }
  const recorded = RecordedOrganisationSchema.safeParse(record.organisation);
  if (!recorded.success || recorded.data.id !== manifest.organisation || record.policy !== manifest.policy || record.version !== manifest.version) {
    diagnostics.push(diagnostic('release/organisation-mismatch', at(releaseName), { line: 0, column: 0 }, `The release in the pack is ${name} of "${recorded.success ? recorded.data.id : '?'}", but the pack's manifest says ${manifest.policy} ${manifest.version} of "${manifest.organisation}".`, { hint: 'Make the pack again with policymark pack.' }));
  }
  if (record.date > today) {
    diagnostics.push(diagnostic('release/date-in-future', at(releaseName), { line: 0, column: 0 }, `The release ${name} is dated ${record.date}, after today (${today}).`, { hint: 'A release is dated on the day of its approval.' }));
  }
  const organisation = recorded.success ? recorded.data : undefined;
  const person = organisation?.people.find((p) => p.id === record.approverId);
  if (record.approverId === undefined) {
    diagnostics.push(diagnostic('release/unknown-person', at(releaseName), { line: 0, column: 0 }, `The release ${name} predates recorded approvers (format 1): who approved it cannot be verified.`, { hint: 'Verify it with the project: policymark verify --org FILE.', severity: 'warning' }));
  } else if (!organisation || !person || !approvalStanding(organisation, record.approverRole ?? '', person.id, record.date)) {
    diagnostics.push(diagnostic('release/approver-not-in-role', at(releaseName), { line: 0, column: 0 }, `The release ${name} was approved by "${record.approverId}", who did not hold the role "${record.approverRole ?? '?'}" on ${record.date} by the organisation file the release recorded.`, { hint: 'The pack is not evidence of an approval by the role.' }));
  }
  if (record.signer) {
    const sigBytes = entries[`${releaseName}.sig`];
    const allowedBytes = entries.allowed_signers;
    if (!sigBytes) diagnostics.push(diagnostic('signature/missing', at(`${releaseName}.sig`), { line: 0, column: 0 }, `The release ${name} records a signature, but the pack does not hold it.`, { hint: 'Make the pack again with policymark pack.' }));
    else {
      const checked = checkSignature(strFromU8(sigBytes), releaseBytes);
      if (!checked.ok) diagnostics.push(diagnostic('signature/invalid', at(`${releaseName}.sig`), { line: 0, column: 0 }, `The signature of ${name} ${checked.problem}.`, { hint: 'The pack is not evidence of an approval.' }));
      else {
        const signers = allowedBytes ? parseAllowedSigners(strFromU8(allowedBytes)).signers : [];
        const principals = person ? principalsOf(person) : [];
        const line = checked.publicKey.line === record.signer.key && principals.includes(record.signer.principal) ? allowedSignerFor(signers, [record.signer.principal], checked.publicKey, record.date) : undefined;
        if (!line) diagnostics.push(diagnostic('signature/signer-not-allowed', at('allowed_signers'), { line: 0, column: 0 }, `The key ${checked.publicKey.fingerprint} that signed ${name} is not listed for ${record.signer.principal}, the approver, in the pack's allowed_signers.`, { hint: 'The pack is not evidence of an approval by the approver.' }));
      }
    }
  }
  const ok = !hasErrors(diagnostics);
  return { ok, policy: record.policy, version: record.version, organisation: manifest.organisation, status: ok ? (record.signer ? 'signed' : 'unsigned') : 'failed', fingerprint: record.signer?.fingerprint ?? null, diagnostics };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
