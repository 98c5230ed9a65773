import path from 'node:path';
import { composeDocument } from '../compose/compose-document.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { diffModels, type DiffSide, type PolicyDiff, type SectionChange } from '../diff/diff-models.js';
import { readGitTree } from '../load/git-tree.js';
import type { ProjectLocation } from '../load/load-project.js';
import { PACKAGE_ROOT } from '../load/package-info.js';
import { resolveLibrary } from '../load/resolve-library.js';
import { fieldToText, type ControlReference, type DocumentModel, type Section } from '../model/document.js';
import { draftVersion } from '../model/version.js';
import type { Language } from '../schema/common.js';
import type { ValidatedProject } from '../validate/project.js';
import { writeSnapshotFolder } from '../write/snapshot-folder.js';
import { describeVersion, WORKING, WORKING_DRAFT_AUTHOR, writeRedline } from './diff.js';
import { prepareProject } from './prepare-project.js';
import { documentInputs } from './release-store.js';

/** What `review` is asked: the project as it is now, the git ref to compare it with, and where the redlines go. */
export interface ReviewRequest extends ProjectLocation {
  /** A branch, tag or commit: the pull request's base. */
  readonly base: string;
  /** Absolute folder for the Word redlines; none written when undefined. */
  readonly outDir?: string | undefined;
  /** Default: the organisation's first language. */
  readonly lang?: Language | undefined;
  /** The date of the working copy's tracked changes (YYYY-MM-DD). */
  readonly today: string;
}

/** Whether a change alters what readers must do (they acknowledge it again) or only its wording. */
export type ChangeKind = 'material' | 'editorial';

/** The part of a version a change moves: a section added or removed is major, another material change minor, wording alone patch. */
export type VersionBump = 'major' | 'minor' | 'patch';

/** One policy that differs between the base and the working tree. */
export interface PolicyReview {
  readonly policy: string;
  readonly title: string;
  /** `added`: the policy is not in the base; `removed`: it is no longer in the project. */
  readonly status: 'added' | 'removed' | 'changed';
  /** A suggestion from what changed; the approver decides with `release --material` or `--editorial`. */
  readonly change: ChangeKind;
  /** Why the change is classed so, in words. */
  readonly reasons: readonly string[];
  readonly bump: VersionBump;
  /** The latest released version, null when never released. */
  readonly released: string | null;
  /** The version the next release should carry. */
  readonly next: string;
  /** The approver and owner as the document names them: "Anna Lindqvist (Chief Information Security Officer)". */
  readonly approver: string;
  readonly owner: string;
  /** The sections that changed and how: `4 Classification and prioritisation: text`. */
  readonly sections: readonly { readonly number: string; readonly title: string; readonly changes: readonly string[] }[];
  /** Controls implemented or supported by the changed sections, and mappings added or removed, as `framework:id`. */
  readonly controls: { readonly affected: readonly string[]; readonly added: readonly string[]; readonly removed: readonly string[] };
  /** Framework ids the changed sections map to. */
  readonly frameworks: readonly string[];
  /** Organisation values whose change shows in this document. */
  readonly variables: PolicyDiff['variables'];
  /** The redline's absolute path, when written. */
  readonly redline?: string;
}

export type ReviewResult =
  | { readonly ok: true; readonly base: string; readonly commit: string; readonly lang: Language; readonly policies: readonly PolicyReview[]; readonly frameworkNames: Readonly<Record<string, string>>; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * `review --base REF`: every policy of the project composed as it is now and as it was at REF (read
 * from git into a temporary folder and loaded like any project), compared with the diff engine of
 * `diff`, and classed as material or editorial with the version bump it implies; with `outDir`, the Word
 * redline of each changed policy through the same writer as `diff --format docx`.
 */
export async function reviewChanges(request: ReviewRequest): Promise<ReviewResult> {
  const head = await prepareProject({ ...request, policies: [], langs: request.lang ? [request.lang] : [] });
  if (!head.value) return { ok: false, diagnostics: head.diagnostics };
  const { project, logo } = head.value;
  const lang = request.lang ?? project.organisation.languages[0]!;
  const projectDir = path.dirname(request.organisationFile);
  const libraryDir = headLibrary(request, project);
  const tree = await readGitTree([projectDir, libraryDir], request.base);
  if (!tree.value) return { ok: false, diagnostics: tree.diagnostics };
  const { top } = tree.value;
  const inside = (absolute: string): string | undefined => {
    const rel = path.relative(top, absolute);
    return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel;
  };
  const organisationRel = inside(request.organisationFile);
  if (organisationRel === undefined) {
    return { ok: false, diagnostics: [diagnostic('load/git-not-a-repository', '--base', { line: 0, column: 0 }, `The organisation file ${request.organisationFile} is outside the repository at ${top}.`, { hint: 'Run review in the repository that holds the organisation file.' })] };
  }
  // A library tracked in the same repository is compared as it was too; an installed one (node_modules, the bundled library) is the same on both sides.
  const libraryInRepo = inside(libraryDir) !== undefined && !libraryDir.split(path.sep).includes('node_modules');
  const snapshot = await writeSnapshotFolder(tree.value.files);
  try {
    const at = (absolute: string): string => path.join(snapshot.dir, inside(absolute) ?? '');
    const baseOrganisation = path.join(snapshot.dir, organisationRel);
    const hasBase = tree.value.files.some((file) => file.path === organisationRel.split(path.sep).join('/'));
    const base = hasBase
      ? await prepareProject({ root: at(request.root), organisationFile: baseOrganisation, libraryDir: libraryInRepo ? at(libraryDir) : libraryDir, policies: [], langs: [] })
      : undefined;
    if (base && !base.value) {
      return { ok: false, diagnostics: base.diagnostics.map((d) => ({ ...d, message: `At ${request.base}: ${d.message}` })) };
    }
    const baseProject = base?.value?.project;
    const baseLang = baseProject && baseProject.organisation.languages.includes(lang) ? lang : baseProject?.organisation.languages[0];
    const ids = [...new Set([...project.policies.keys(), ...(baseProject?.policies.keys() ?? [])])].sort();
    const policies: PolicyReview[] = [];
    for (const id of ids) {
      const to = project.policies.has(id) ? working(project, id, lang) : undefined;
      const baseSide = baseProject && baseLang && baseProject.policies.has(id) ? working(baseProject, id, baseLang) : undefined;
      const from = baseSide && { ...baseSide, label: request.base };
      const review = reviewPolicy(project, id, from, to);
      if (!review) continue;
      if (request.outDir && from && to) {
        const file = path.join(request.outDir, `${id}.redline.docx`);
        await writeRedline({
          file, lang, from, to, logo, organisation: project.organisation.id, policy: id,
          mark: { author: WORKING_DRAFT_AUTHOR, date: request.today },
          described: { from: request.base, to: describeVersion(lang, undefined, request.today) },
          inputs: documentInputs(project, { policy: id, lang, model: to.model }),
        });
        policies.push({ ...review, redline: file });
      } else {
        policies.push(review);
      }
    }
    const frameworkNames = Object.fromEntries([...project.catalogs].map(([framework, index]) => [framework, index.catalog.name]));
    return { ok: true, base: request.base, commit: tree.value.commit, lang, policies, frameworkNames, diagnostics: head.diagnostics };
  } finally {
    await snapshot.remove();
  }
}

/** The library the working tree uses: --library, else the organisation file's `library:`, else the bundled one. */
function headLibrary(request: ReviewRequest, project: ValidatedProject): string {
  if (request.libraryDir) return request.libraryDir;
  const spec = project.organisation.library;
  if (typeof spec !== 'string' || spec === '') return PACKAGE_ROOT;
  const resolved = resolveLibrary(spec, path.dirname(request.organisationFile));
  return 'dir' in resolved ? resolved.dir : PACKAGE_ROOT;
}

function working(project: ValidatedProject, policy: string, lang: Language): DiffSide {
  const model = composeDocument(project, { policyId: policy, lang, version: draftVersion(project.releases.get(policy) ?? [], lang) });
  return { label: WORKING, model, organisation: project.organisationRecord };
}

/** Words whose appearance or disappearance changes what a reader must do, in every language of the library. */
const OBLIGATION_WORDS = new Set([
  'must', 'shall', 'should', 'may', 'not', 'never', 'only', 'within', 'required', 'requires', 'prohibited', 'every', 'all', 'no',
  'ska', 'skall', 'måste', 'bör', 'får', 'inte', 'aldrig', 'endast', 'bara', 'inom', 'krävs', 'förbjudet', 'alla', 'varje', 'ingen',
]);

/** What changed in one policy, or undefined when nothing did. */
function reviewPolicy(project: ValidatedProject, id: string, from: DiffSide | undefined, to: DiffSide | undefined): Omit<PolicyReview, 'redline'> | undefined {
  const model = (to ?? from)!.model;
  const releases = project.releases.get(id) ?? [];
  const released = releases.map((r) => r.version).sort(compareVersions).at(-1) ?? null;
  const common = {
    policy: id,
    title: model.policy.title,
    released,
    approver: personText(model.policy.approver),
    owner: personText(model.policy.owner),
  };
  if (!from || !to) {
    const sections = model.sections.map((s) => ({ number: s.number, title: s.title, changes: [to ? 'added' : 'removed'] }));
    const affected = controlsOf(model.sections.map((s) => s.id), model);
    return {
      ...common,
      status: to ? 'added' : 'removed',
      change: 'material',
      reasons: [to ? 'a new document: everything in it is new to its readers' : 'the document is withdrawn'],
      bump: 'major',
      next: to ? (released ? bumpVersion(released, 'major') : '1.0.0') : '—',
      sections,
      controls: { affected, added: to ? affected : [], removed: to ? [] : affected },
      frameworks: frameworksOf(affected),
      variables: [],
    };
  }
  const diff = diffModels(from, to);
  if (diff.sections.length === 0 && diff.metadata.length === 0) return undefined;
  const reasons: string[] = [];
  const structural = diff.sections.filter((c) => c.kind === 'added' || c.kind === 'removed');
  if (structural.length > 0) reasons.push(`sections ${structural.map((c) => `${c.kind === 'added' ? 'added' : 'removed'}: ${'number' in c ? c.number : ''} ${'title' in c ? c.title : ''}`.replace(/\s+/g, ' ').trim()).join('; ')}`);
  const mappings = diff.sections.filter((c): c is Extract<SectionChange, { kind: 'controls' }> => c.kind === 'controls');
  if (mappings.length > 0) reasons.push('control mappings changed');
  for (const change of diff.metadata.filter((m) => m.field !== 'title')) reasons.push(`${change.field} changed from ${change.from} to ${change.to}`);
  for (const change of diff.sections) {
    if (change.kind !== 'text') continue;
    const words = obligationChanges(change.words);
    if (words.length > 0) reasons.push(`${change.number} ${change.title}: ${words.map((w) => `"${w}"`).join(', ')} changed`);
  }
  const material = reasons.length > 0;
  if (!material) reasons.push('wording only: no number, date, obligation, section or mapping changed');
  const bump: VersionBump = structural.length > 0 ? 'major' : material ? 'minor' : 'patch';
  const byNumber = new Map<string, { number: string; title: string; changes: string[] }>();
  for (const change of diff.sections) {
    const number = 'number' in change ? change.number : change.toNumber;
    const title = 'title' in change ? change.title : change.toTitle;
    const entry = byNumber.get(change.id) ?? { number, title, changes: [] };
    entry.changes.push(describeChange(change));
    byNumber.set(change.id, entry);
  }
  const changedIds = diff.sections.map((c) => c.id);
  const affected = [...new Set([...controlsOf(changedIds, to.model), ...controlsOf(changedIds.filter((c) => !to.model.sections.some((s) => s.id === c)), from.model)])].sort();
  const added = [...new Set(mappings.flatMap((m) => m.added))].sort();
  const removed = [...new Set(mappings.flatMap((m) => m.removed))].sort();
  const sectionText = new Set(diff.sections.filter((c) => c.kind === 'text').map((c) => c.id));
  return {
    ...common,
    status: 'changed',
    change: material ? 'material' : 'editorial',
    reasons,
    bump,
    next: released ? bumpVersion(released, bump) : '1.0.0',
    sections: [...byNumber.values()],
    controls: { affected, added, removed },
    frameworks: frameworksOf([...affected, ...added, ...removed]),
    // A changed value shows in this document only through its text; the list is the organisation's changes when any section text changed.
    variables: sectionText.size > 0 ? diff.variables : [],
  };
}

function describeChange(change: SectionChange): string {
  switch (change.kind) {
    case 'added': return 'added';
    case 'removed': return 'removed';
    case 'moved': return `moved from ${change.fromNumber}`;
    case 'renamed': return `renamed from "${change.fromTitle}"`;
    case 'text': return 'text changed';
    case 'controls': return `mappings ${[...change.added.map((c) => `+${c}`), ...change.removed.map((c) => `−${c}`)].join(', ')}`;
  }
}

/** The words inserted or deleted that carry a number or an obligation. */
function obligationChanges(words: readonly { readonly op: string; readonly text: string }[]): string[] {
  const found = words
    .filter((w) => w.op !== 'equal')
    .flatMap((w) => w.text.split(/\s+/))
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((w) => /\d/.test(w) || OBLIGATION_WORDS.has(w.toLowerCase()));
  return [...new Set(found)];
}

/** The controls (`framework:id`) of the level-1 sections the given section ids belong to. */
function controlsOf(sectionIds: readonly string[], model: DocumentModel): string[] {
  const modules = new Set(sectionIds.map((id) => id.split('/')[0]!));
  const top = model.sections.filter((s: Section) => modules.has(s.module) || modules.has(s.id));
  return [...new Set(top.flatMap((s) => s.controls.map((c: ControlReference) => `${c.framework}:${c.id}`)))].sort();
}

function frameworksOf(controls: readonly string[]): string[] {
  return [...new Set(controls.map((c) => c.replace(/ \(supports\)$/, '').split(':')[0]!))].sort();
}

function personText(person: DocumentModel['policy']['approver']): string {
  const name = fieldToText(person.name);
  const title = fieldToText(person.title);
  return title ? `${name} (${title})` : name;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** `1.2.3` moved by a bump: major 2.0.0, minor 1.3.0, patch 1.2.4. */
export function bumpVersion(version: string, bump: VersionBump): string {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  return bump === 'major' ? `${major + 1}.0.0` : bump === 'minor' ? `${major}.${minor + 1}.0` : `${major}.${minor}.${patch + 1}`;
}
