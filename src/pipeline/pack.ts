import { createHash } from 'node:crypto';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { TOOL_VERSION } from '../load/package-info.js';
import { releasedDocument } from '../model/version.js';
import { approvalStanding } from '../release/approval.js';
import { renderProofPdf } from './proof.js';
import { writeFileAtomic } from '../write/atomic-write.js';
import { ensureRealFolder } from '../write/output-folder.js';
import { outputFileName } from '../write/output-layout.js';
import { prepareProject } from './prepare-project.js';
import { documentTimestamp, FORMATS, renderArtifact } from './render-artifact.js';
import { registerReport } from './reports.js';
import type { ProjectLocation } from '../load/load-project.js';
import { PACK_FORMAT, type PackManifest } from '../release/evidence-pack.js';

export interface PackResult {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** Absolute path of the written pack. */
  readonly file?: string;
  readonly entries?: readonly string[];
}

/**
 * `pack <policy>@<version>`: one zip with everything needed to check one release offline: the documents
 * in every language and format, the release file and its signature, the allowed_signers lines that
 * admit its signer, a one-page proof of approval (PDF), the policy's register row and a manifest with
 * every file's sha256. Deterministic: entries sorted, every time stamp the release date.
 */
export async function packRelease(request: ProjectLocation & { readonly policy: string; readonly version: string; readonly out: string | undefined; readonly today: string }): Promise<PackResult> {
  const prepared = await prepareProject({ ...request, policies: [request.policy], langs: [], namedBy: { policies: `${request.policy}@${request.version}` } });
  if (!prepared.value) return { ok: false, diagnostics: prepared.diagnostics };
  const { project } = prepared.value;
  const releases = project.releases.get(request.policy) ?? [];
  const release = releases.find((r) => r.version === request.version);
  if (!release) {
    return {
      ok: false,
      diagnostics: [
        diagnostic('release/unknown-version', `${request.policy}@${request.version}`, { line: 0, column: 0 }, `The policy "${request.policy}" has no release ${request.version}.`, {
          hint: releases.length > 0 ? `Released versions: ${releases.map((r) => r.version).join(', ')}.` : 'Release it first with policymark release.',
        }),
      ],
    };
  }
  const verification = project.verifications.find((v) => v.policy === release.policy && v.version === release.version)!;
  const releaseSource = project.inputs.find((input) => input.path === verification.file)!;
  const signatureSource = project.inputs.find((input) => input.path === `${verification.file}.sig`);

  const files: Record<string, Uint8Array> = {};
  const base = `release/${release.version}.json`;
  files[base] = Buffer.from(releaseSource.text);
  if (release.signer && signatureSource) files[`${base}.sig`] = Buffer.from(signatureSource.text);
  if (verification.allowedSigner) files.allowed_signers = Buffer.from(`${verification.allowedSigner}\n`);
  const defaultLang = project.organisation.languages[0]!;
  for (const lang of Object.keys(release.documents).sort()) {
    const model = releasedDocument(release, lang);
    if (!model) continue;
    for (const format of FORMATS) {
      files[`documents/${outputFileName(release.policy, lang, defaultLang, format)}`] = await renderArtifact(format, model, { timestamp: documentTimestamp(model, undefined), logo: prepared.value.logo });
    }
  }
  const register = await registerReport({ ...request, today: request.today });
  const row = register.ok ? register.value.find((r) => r.policy === release.policy) : undefined;
  files['register-row.json'] = Buffer.from(`${JSON.stringify({ asOf: request.today, ...row }, null, 2)}\n`);
  const organisation = project.organisation;
  files['proof-of-approval.pdf'] = await renderProofPdf({
    organisation: organisation.legalName ?? organisation.id,
    organisationId: organisation.id,
    policy: release.policy,
    title: releasedDocument(release, defaultLang)?.policy.title ?? release.policy,
    version: release.version,
    date: release.date,
    approver: release.approver,
    approverId: release.approverId ?? release.approver,
    role: release.approverRole ?? '',
    standing: release.approverId ? approvalStanding(organisation, release.approverRole ?? '', release.approverId, release.date) ?? 'unknown' : 'unknown',
    author: release.author,
    change: release.change ?? 'material',
    summary: release.summary,
    seal: release.sha256,
    signature: release.signer && verification.allowedSigner ? { principal: release.signer.principal, fingerprint: release.signer.fingerprint, allowedSigner: verification.allowedSigner } : null,
    releaseFile: base,
    tool: `policymark ${TOOL_VERSION}`,
  });
  const manifest: PackManifest = {
    format: PACK_FORMAT,
    organisation: organisation.id,
    policy: release.policy,
    version: release.version,
    tool: TOOL_VERSION,
    files: Object.keys(files).sort().map((name) => ({ path: name, sha256: createHash('sha256').update(files[name]!).digest('hex') })),
  };
  files['manifest.json'] = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);

  const mtime = zipTime(release.date);
  const zippable: Zippable = {};
  for (const name of Object.keys(files).sort()) zippable[name] = [files[name]!, { mtime }];
  const bytes = zipSync(zippable, { level: 6, mtime });
  const target = request.out ?? path.join(request.root, 'output', organisation.id, release.policy, release.version, `${release.policy}-${release.version}-evidence.zip`);
  await ensureRealFolder(path.dirname(target), '.');
  await writeFileAtomic(target, bytes);
  return { ok: true, diagnostics: prepared.diagnostics, file: target, entries: Object.keys(zippable) };
}

/** The release date as a zip time: zip entries carry local DOS times, so the UTC fields are used as local ones. */
function zipTime(date: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, day, 0, 0, 0);
}
