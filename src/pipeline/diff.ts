import path from 'node:path';
import { composeDocument } from '../compose/compose-document.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { diffModels, type DiffSide, type PolicyDiff } from '../diff/diff-models.js';
import type { RevisionMark } from '../diff/redline.js';
import { COMPARISON_LABELS } from '../i18n/labels.js';
import type { ImageAsset } from '../load/load-assets.js';
import type { ProjectLocation } from '../load/load-project.js';
import { TOOL_VERSION } from '../load/package-info.js';
import { draftVersion, releasedDocument } from '../model/version.js';
import type { Language } from '../schema/common.js';
import type { ReleaseRecord } from '../schema/release.js';
import type { ValidatedProject } from '../validate/project.js';
import { writeOutputSet } from '../write/write-outputs.js';
import { prepareProject } from './prepare-project.js';
import { documentInputs } from './release-store.js';
import { redlineOutline } from '../render/redline-outline.js';
import { renderRedline } from './render-artifact.js';

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
  /**
   * Also write the Word redline: the newer version with tracked changes, as `file` (absolute), with a
   * manifest beside it (`<file>.manifest.json`) like every other output.
   */
  readonly redline?: { readonly file: string } | undefined;
}

export type DiffResult =
  | {
      readonly ok: true;
      readonly diff: PolicyDiff;
      readonly from: DiffSide;
      readonly to: DiffSide;
      /** Who made the newer version and when: its release's author and date, or "policymark" and today for the working copy. */
      readonly mark: RevisionMark;
      readonly logo: ImageAsset | undefined;
      readonly diagnostics: readonly Diagnostic[];
      /** Set when a redline was asked for: where it was written. */
      readonly redline?: string;
    }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * Resolves both versions to document models (a release's snapshot, or the working copy composed once)
 * and compares them; with `redline`, renders the Word redline through the shared render and write path.
 */
export async function diffVersions(request: DiffRequest): Promise<DiffResult> {
  const policies = [...new Set([request.from.policy, request.to.policy])];
  const prepared = await prepareProject({
    ...request,
    policies,
    langs: request.lang ? [request.lang] : [],
    namedBy: { policies: `${request.from.policy}@${request.from.version} ${request.to.policy}@${request.to.version}` },
  });
  if (!prepared.value) return { ok: false, diagnostics: prepared.diagnostics };
  const { project, logo } = prepared.value;
  const lang = request.lang ?? project.organisation.languages[0]!;
  const diagnostics: Diagnostic[] = [];
  const from = side(project, request.from, lang, diagnostics);
  const to = side(project, request.to, lang, diagnostics);
  if (!from || !to) return { ok: false, diagnostics };
  const release = releaseOf(project, request.to);
  const mark: RevisionMark = release ? { author: release.author || release.approver, date: release.date } : { author: WORKING_DRAFT_AUTHOR, date: request.today };
  const diff = diffModels(from, to);
  const result = { ok: true as const, diff, from, to, mark, logo, diagnostics: prepared.diagnostics };
  if (!request.redline) return result;
  const describe = (ref: VersionRef): string => describeVersion(lang, ref.version === WORKING ? undefined : ref.version, releaseOf(project, ref)?.date ?? request.today);
  await writeRedline({
    file: request.redline.file, lang, from, to, mark, logo, organisation: project.organisation.id, policy: request.to.policy,
    described: { from: describe(request.from), to: describe(request.to) },
    inputs: [
      ...documentInputs(project, { policy: request.from.policy, lang, model: from.model }),
      ...documentInputs(project, { policy: request.to.policy, lang, model: to.model }),
    ],
  });
  return { ...result, redline: request.redline.file };
}

/** "version 1.2.0 (2026-03-01)" or "the working draft (2026-03-01)", in the redline's language. */
export function describeVersion(lang: Language, version: string | undefined, date: string): string {
  const words = COMPARISON_LABELS[lang];
  return version === undefined ? words.workingDraft.replace('{date}', date) : words.version.replace('{version}', version).replace('{date}', date);
}

/** What {@link writeRedline} needs: the two sides compared, who made the newer one, and what each was made from. */
export interface RedlineRequest {
  /** Absolute path of the .docx; its manifest is written beside it as `<file>.manifest.json`. */
  readonly file: string;
  readonly lang: Language;
  readonly from: DiffSide;
  readonly to: DiffSide;
  readonly mark: RevisionMark;
  readonly logo: ImageAsset | undefined;
  readonly organisation: string;
  readonly policy: string;
  /** Each side as the comparison note names it ({@link describeVersion}). */
  readonly described: { readonly from: string; readonly to: string };
  /** The input files of both sides with their sha256, for the manifest (duplicates are dropped). */
  readonly inputs: readonly { readonly path: string; readonly sha256: string }[];
}

/**
 * The Word redline of two composed documents: the newer one with tracked changes, rendered and written
 * through the shared render and write path, with a manifest beside it. Used by `diff --format docx`
 * and by `review`, which compares a project with its own earlier commit.
 */
export async function writeRedline(request: RedlineRequest): Promise<void> {
  const words = COMPARISON_LABELS[request.lang];
  const description = words.comparison.replace('{from}', request.described.from).replace('{to}', request.described.to);
  const redline = redlineOutline(request.from.model, request.to.model, request.mark, { note: [description, words.explanation], description, keyword: words.property, from: request.from.label, to: request.to.label });
  const bytes = await renderRedline(redline, { timestamp: new Date(`${request.mark.date}T00:00:00Z`), logo: request.logo });
  const name = path.basename(request.file);
  await writeOutputSet(path.dirname(request.file), {
    folder: '.',
    organisation: request.organisation,
    policy: request.policy,
    version: `${request.from.label}..${request.to.label}`,
    artifacts: [{ path: name, bytes }],
    inputs: request.inputs.filter((input, index, all) => all.findIndex((other) => other.path === input.path) === index),
  }, TOOL_VERSION, `${name}.manifest.json`);
}

/** The author of a working draft's tracked changes: nobody has made it a version yet. */
export const WORKING_DRAFT_AUTHOR = 'policymark';

function releaseOf(project: ValidatedProject, ref: VersionRef): ReleaseRecord | undefined {
  return (project.releases.get(ref.policy) ?? []).find((r) => r.version === ref.version);
}

function side(project: ValidatedProject, ref: VersionRef, lang: Language, diagnostics: Diagnostic[]): DiffSide | undefined {
  const releases = project.releases.get(ref.policy) ?? [];
  if (ref.version === WORKING) {
    const model = composeDocument(project, { policyId: ref.policy, lang, version: draftVersion(releases, lang) });
    return { label: WORKING, model, organisation: project.organisationRecord };
  }
  const release = releases.find((r) => r.version === ref.version);
  const model = release ? releasedDocument(release, lang) : undefined;
  if (!release || !model) {
    diagnostics.push(
      diagnostic(release ? 'release/missing-language' : 'release/unknown-version', `${ref.policy}@${ref.version}`, { line: 0, column: 0 },
        release ? `Release ${ref.version} of "${ref.policy}" has no "${lang}" document.` : `The policy "${ref.policy}" has no release ${ref.version}.`, {
          hint: releases.length > 0 ? `Released versions: ${releases.map((r) => r.version).join(', ')}; or "${WORKING}" for the working copy.` : `It has no releases yet; compare against "${WORKING}" after releasing one.`,
        }),
    );
    return undefined;
  }
  return { label: release.version, model, organisation: release.organisation };
}
