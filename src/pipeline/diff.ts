import { composeDocument } from '../compose/compose-document.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { diffModels, type DiffSide, type PolicyDiff } from '../diff/diff-models.js';
import type { RevisionMark } from '../diff/redline.js';
import type { ImageAsset } from '../load/load-assets.js';
import type { ProjectLocation } from '../load/load-project.js';
import { fieldToText } from '../model/document.js';
import { draftVersion, releasedDocument } from '../model/version.js';
import type { Language } from '../schema/common.js';
import type { ValidatedProject } from '../validate/project.js';
import { composeAll } from './build.js';

/** `incident-management@1.2.0` or `incident-management@working`. */
export interface VersionRef {
  readonly policy: string;
  readonly version: string;
}

export const WORKING = 'working';

export interface DiffRequest extends ProjectLocation {
  readonly from: VersionRef;
  readonly to: VersionRef;
  /** Default: the organisation's first language. */
  readonly lang?: Language | undefined;
  /** The date of changes in the working copy (YYYY-MM-DD); the CLI passes today. */
  readonly today: string;
}

export type DiffResult =
  | {
      readonly ok: true;
      readonly diff: PolicyDiff;
      readonly from: DiffSide;
      readonly to: DiffSide;
      /** Who made the newer version and when: its release's author and date, or the owner and today for the working copy. */
      readonly mark: RevisionMark;
      readonly logo: ImageAsset | undefined;
      readonly diagnostics: readonly Diagnostic[];
    }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Resolves both versions to document models (a release's snapshot, or the working copy) and compares them. */
export async function diffVersions(request: DiffRequest): Promise<DiffResult> {
  const policies = [...new Set([request.from.policy, request.to.policy])];
  const composed = await composeAll({ ...request, policies, langs: request.lang ? [request.lang] : [], select: { kind: 'draft' } });
  if (!composed.ok) return { ok: false, diagnostics: composed.diagnostics };
  const lang = request.lang ?? composed.project.organisation.languages[0]!;
  const diagnostics: Diagnostic[] = [];
  const from = side(composed.project, request.from, lang, diagnostics);
  const to = side(composed.project, request.to, lang, diagnostics);
  if (!from || !to) return { ok: false, diagnostics };
  const release = (composed.project.releases.get(request.to.policy) ?? []).find((r) => r.version === request.to.version);
  const mark: RevisionMark = release ? { author: release.author, date: release.date } : { author: fieldToText(to.model.policy.owner.name), date: request.today };
  return { ok: true, diff: diffModels(from, to), from, to, mark, logo: composed.logo, diagnostics: composed.diagnostics };
}

function side(project: ValidatedProject, ref: VersionRef, lang: Language, diagnostics: Diagnostic[]): DiffSide | undefined {
  const releases = project.releases.get(ref.policy) ?? [];
  if (ref.version === WORKING) {
    const model = composeDocument(project, { policyId: ref.policy, lang, version: draftVersion(releases) }).value;
    return model ? { label: WORKING, model, organisation: project.organisationRecord } : undefined;
  }
  const release = releases.find((r) => r.version === ref.version);
  const model = release ? releasedDocument(release, lang) : undefined;
  if (!release || !model) {
    diagnostics.push(
      diagnostic(release ? 'release/missing-language' : 'release/unknown-version', project.organisationFile, { line: 0, column: 0 },
        release ? `Release ${ref.version} of "${ref.policy}" has no "${lang}" document.` : `The policy "${ref.policy}" has no release ${ref.version}.`, {
          hint: releases.length > 0 ? `Released versions: ${releases.map((r) => r.version).join(', ')}; or "${WORKING}" for the working copy.` : `It has no releases yet; compare against "${WORKING}" after releasing one.`,
        }),
    );
    return undefined;
  }
  return { label: release.version, model, organisation: release.organisation };
}
