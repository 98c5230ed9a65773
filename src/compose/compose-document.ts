import type { Root } from 'mdast';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { labelsFor } from '../i18n/labels.js';
import type {
  AppendixFramework,
  Block,
  ControlReference,
  DocumentModel,
  FieldText,
  Labels,
  PersonRef,
  PlaceholderInline,
  RelatedDocument,
  Section,
  ToCompleteItem,
  VersionEntry,
} from '../model/document.js';
import type { FrameworkId, Language } from '../schema/common.js';
import type { Organisation, Person } from '../schema/organisation.js';
import type { PolicyEntry, SectionModule, ValidatedProject } from '../validate/project.js';
import { computeCoverage, type CoverageSource } from '../coverage/compute-coverage.js';
import { isPartial, partialNotice, soaRows, statementOfApplicability, type SoaRow } from '../coverage/statement-of-applicability.js';
import { addMonths, type VersionContext } from '../model/version.js';
import { inlinesIn, sectionsInOrder } from '../model/visit.js';
import { mdastToBodyParts, type BodyPart } from './mdast-to-model.js';
import { checkTemplate, renderTemplate } from '../template/template.js';
import { markDefaults, Placeholder, placeholderLabel, plantPlaceholders } from '../template/placeholders.js';
import { fieldPathOf } from '../template/field-paths.js';
import { libraryVariables, restoreValues, templateContext, tokenizeValues } from '../template/variables.js';
import { resolveControls } from '../catalog/resolve-controls.js';
import { responsibilityBlocks } from './responsibility-tables.js';

export interface ComposeRequest {
  readonly policyId: string;
  readonly lang: Language;
  readonly version: VersionContext;
  /** Template mode: values the organisation left empty become placeholders naming what to fill in. */
  readonly template?: boolean;
}


/**
 * Composed documents by project and request. A project is immutable once validated, and so are the
 * models composed from it (renderers, diffs and the register only read them), so a command that needs
 * the same document twice (the portal and its register, a build and its release check) composes it once.
 */
const composedByProject = new WeakMap<ValidatedProject, Map<string, DocumentModel>>();

/**
 * Composes one policy for one organisation in one language: takes the sections validation included,
 * fills their variables, parses the Markdown, numbers the sections and attaches the control mappings.
 * Pure, and emits no diagnostics: validation has checked everything a composition depends on, so a
 * failure here is a fault in policymark and is thrown.
 */
export function composeDocument(project: ValidatedProject, request: ComposeRequest): DocumentModel {
  let composed = composedByProject.get(project);
  if (!composed) {
    composed = new Map();
    composedByProject.set(project, composed);
  }
  const key = JSON.stringify([request.policyId, request.lang, request.version, request.template === true]);
  const known = composed.get(key);
  if (known) return known;
  const model = composeFresh(project, request);
  composed.set(key, model);
  return model;
}

/**
 * Hands `to` the models already composed from `from` for the policies `keep` accepts, so that a
 * long-running process (the preview) composes again only the documents whose inputs changed. The
 * caller vouches that a kept policy's inputs are the same in both projects; the version context is
 * part of the memo key, so a request for another version is still composed afresh. Returns how many
 * models were handed over.
 */
export function carryComposed(from: ValidatedProject, to: ValidatedProject, keep: (policyId: string) => boolean): number {
  const known = composedByProject.get(from);
  if (!known || from === to) return 0;
  let target = composedByProject.get(to);
  if (!target) {
    target = new Map();
    composedByProject.set(to, target);
  }
  let carried = 0;
  for (const [key, model] of known) {
    const [policyId] = JSON.parse(key) as [string];
    if (!keep(policyId) || target.has(key)) continue;
    target.set(key, model);
    carried++;
  }
  return carried;
}

/** How many models have been composed (or handed over) for `project`: what the preview reports. */
export function composedCount(project: ValidatedProject): number {
  return composedByProject.get(project)?.size ?? 0;
}

function composeFresh(project: ValidatedProject, request: ComposeRequest): DocumentModel {
  const entry = project.policies.get(request.policyId);
  if (!entry) throw new Error(`composeDocument: unknown policy ${request.policyId}; the CLI checks ids first`);
  const { manifest } = entry;
  const organisation = project.organisations.get(request.lang) ?? project.organisation;
  const labels = labelsFor(request.lang);
  // A partial statement of applicability says so in its title, wherever the title is printed.
  const soa = statementRows(project, entry, request.lang);

  const title = manifest.title[request.lang];
  const documentTitle = title && soa && isPartial(soa) ? `${title} ${labels.soaPartialTitle}` : title;
  // An unset name or title (template mode) is a typed placeholder where the document prints it, and a
  // template Placeholder where a module prints it.
  const placeholder = (path: string[]): PlaceholderInline => {
    const field = fieldPathOf(path);
    return { type: 'placeholder', label: placeholderLabel(path, request.lang), ...(field !== undefined ? { path: field } : {}) };
  };
  const asPlaceholder = (path: string[]): Placeholder => new Placeholder(placeholderLabel(path, request.lang), fieldPathOf(path));
  const holders = project.roleHolders.get(request.lang);
  const owner = personInRole(holders, manifest.owner, placeholder);
  // A release names the person who approved it, who may be a delegate rather than the role's holder.
  const approvedBy = request.version.approval ? organisation.people.find((p) => p.id === request.version.approval?.approverId) : undefined;
  const approver = approvedBy ? { name: approvedBy.name ?? placeholder(['org', 'roles', manifest.approver, 'name']), title: approvedBy.title ?? placeholder(['org', 'roles', manifest.approver, 'title']) } : personInRole(holders, manifest.approver, placeholder);
  const reviewIntervalMonths = manifest.reviewIntervalMonths ?? organisation.review.intervalMonths;

  const included = project.included.get(manifest.id)?.get(request.lang) ?? [];
  const related = (id: string): RelatedDocument => ({
    id,
    title: project.policies.get(id)?.manifest.title[request.lang] ?? id,
    version: project.releases.get(id)?.at(-1)?.version ?? 'draft',
  });
  const implementsDocument = manifest.implements === undefined ? undefined : related(manifest.implements);
  const implementedBy = [...project.policies.values()]
    .filter((other) => other.manifest.implements === manifest.id)
    .map((other) => ({ id: other.manifest.id, title: related(other.manifest.id).title }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const governedBy = manifest.governedBy === undefined ? undefined : related(manifest.governedBy);

  const variables = templateContext(organisation, {
    id: manifest.id,
    title: title ?? manifest.id,
    classification: labels[`classification.${manifest.classification}`],
    reviewIntervalMonths,
    version: request.version.version,
    owner: personInRole(holders, manifest.owner, asPlaceholder),
    approver: personInRole(holders, manifest.approver, asPlaceholder),
    tier: manifest.tier,
    implements: { id: implementsDocument?.id ?? manifest.id, title: implementsDocument?.title ?? title ?? manifest.id },
    governedBy: { id: governedBy?.id ?? manifest.id, title: governedBy?.title ?? title ?? manifest.id },
    implementedBy: implementedBy.map(({ id, title }) => ({ id, title })),
  }, request.lang, libraryVariables([...project.policies.values()].map((other) => ({ id: other.manifest.id, title: related(other.manifest.id).title, tier: other.manifest.tier })), manifest.id, request.lang));
  // In a template, every unset value a module uses is planted as a placeholder first; otherwise
  // validation has already refused such uses.
  const uses = request.template
    ? included.flatMap(({ module }) => {
        const variant = module.variants.get(request.lang);
        return variant ? checkTemplate(variant.template, variables, undefined, { template: true }).unset : [];
      })
    : [];
  // A template also marks the values the schema filled from a default, for the client to adapt.
  const planted = uses.length > 0 ? plantPlaceholders(variables, uses, request.lang) : variables;
  const context = tokenizeValues(request.template ? markDefaults(planted, project.organisationSource.data, request.lang) : planted);
  const frameworks = organisation.frameworks;

  const sections: Section[] = [];
  for (const { module } of included) {
    const variant = module.variants.get(request.lang);
    if (!variant) throw new Error(`composeDocument: ${module.id} has no ${request.lang} version; validation checks this`);
    let filled: string;
    try {
      filled = renderTemplate(variant.template, context.context);
    } catch (error) {
      throw new Error(`composeDocument: filling ${variant.file} failed although its static check passed: ${(error as Error).message}`);
    }
    const tree = parseBody(filled);
    // Values are data: an address in a value stays text (the parser found the module's own addresses
    // while the values were still tokens), and never joins the template text after it into a link.
    restoreValues(tree, context);
    const generated = generatedBlocks(module, soa, labels, organisation, request.lang);
    const asParts = (blocks: readonly Block[]): BodyPart[] => blocks.map((block): BodyPart => ({ kind: 'block', block }));
    const parts = [...asParts(generated.before), ...mdastToBodyParts(tree), ...asParts(generated.after)];
    const number = String(sections.length + 1);
    sections.push(buildSection(module, variant.title, number, parts, resolveControls(project.catalogs, module, frameworks, request.lang)));
  }

  const model: DocumentModel = {
    modelVersion: 1,
    lang: request.lang,
    labels,
    organisation: {
      id: organisation.id,
      legalName: organisation.legalName ?? placeholder(['org', 'legalName']),
      shortName: organisation.shortName ?? placeholder(['org', 'shortName']),
      branding: {
        primaryColor: organisation.branding.primaryColor,
        font: organisation.branding.font,
        pageSize: organisation.branding.pageSize,
        logo: organisation.branding.logo ?? null,
      },
    },
    policy: {
      id: manifest.id,
      title: documentTitle ?? manifest.id,
      version: request.version.version,
      status: request.version.status,
      classification: manifest.classification,
      owner: personRef(owner, manifest.owner),
      approver: personRef(approver, manifest.approver),
      reviewIntervalMonths,
      effectiveDate: request.version.date,
      nextReviewDate: request.version.date ? addMonths(request.version.date, reviewIntervalMonths) : null,
      tier: manifest.tier,
      ...(implementsDocument ? { implements: implementsDocument } : {}),
      ...(implementedBy.length > 0 ? { implementedBy } : {}),
      ...(request.version.approval ? { signature: request.version.approval.signature } : {}),
    },
    history: historyWithDraft(request.version, owner, labels.workingDraft),
    sections,
    appendix: buildAppendix(project, { id: manifest.id, title: documentTitle ?? manifest.id, version: request.version.version }, sections, frameworks, request.lang),
  };
  if (request.template) {
    const toComplete = placeholdersToComplete(model);
    if (toComplete.length > 0) return { ...model, toComplete };
  }
  return model;
}

/**
 * The statement's rows when the policy is the statement of applicability (a module of it generates the
 * statement) and ISO/IEC 27001 is loaded; undefined otherwise.
 */
function statementRows(project: ValidatedProject, entry: PolicyEntry, lang: Language): SoaRow[] | undefined {
  const iso = project.catalogs.get('iso27001');
  const generates = entry.manifest.sections.some((id) => project.modules.get(id)?.generated === 'statement-of-applicability');
  if (!iso || !generates) return undefined;
  // The statement cites every other policy as validation resolved them: latest release, else draft.
  const implementing = (project.mappings.get(lang) ?? []).filter((policy) => !policy.generated);
  return soaRows(project.organisations.get(lang) ?? project.organisation, iso, implementing, labelsFor(lang), lang);
}

/** Computed content a module asks for with `generated:`: a notice before its body, the content after it. */
function generatedBlocks(module: SectionModule, soa: readonly SoaRow[] | undefined, labels: Labels, organisation: Organisation, lang: Language): { before: Block[]; after: Block[] } {
  switch (module.generated) {
    case undefined:
      return { before: [], after: [] };
    case 'statement-of-applicability':
      return soa ? { before: partialNotice(soa, labels), after: statementOfApplicability(soa, labels) } : { before: [], after: [] };
    case 'responsibility-matrix':
    case 'role-descriptions':
    case 'escalation-table':
      return { before: [], after: responsibilityBlocks(module.generated, organisation, lang) };
  }
}

/**
 * The person holding a role, as documents print them. A role left empty, or a name or title left empty,
 * is a placeholder (validation refuses them outside template mode).
 */
function personInRole<T>(holders: ReadonlyMap<string, Person | null> | undefined, role: string, placeholder: (path: string[]) => T): Omit<Person, 'name' | 'title'> & { name: string | T; title: string | T } {
  const holder = holders?.get(role);
  if (holder === undefined) throw new Error(`composeDocument: role ${role} has no person; validation checks this`);
  const person = holder ?? undefined;
  return {
    ...(person ?? { id: role }),
    name: person?.name ?? placeholder(['org', 'roles', role, 'name']),
    title: person?.title ?? placeholder(['org', 'roles', role, 'title']),
  };
}

function personRef(person: { name: FieldText; title: FieldText }, role: string): PersonRef {
  return { name: person.name, title: person.title, role };
}

/**
 * The "to complete" checklist of a template: each placeholder once, with every place it appears,
 * the fixed parts (title block, document control) first, then sections in document order.
 */
function placeholdersToComplete(model: DocumentModel): ToCompleteItem[] {
  const where = new Map<string, { path: string | undefined; places: string[] }>();
  const add = (placeholder: PlaceholderInline, place: string): void => {
    // A default to adapt is printed as its value; the checklist lists what is missing.
    if (placeholder.value !== undefined) return;
    const entry = where.get(placeholder.label) ?? { path: placeholder.path, places: [] };
    if (!entry.places.includes(place)) entry.places.push(place);
    where.set(placeholder.label, entry);
  };
  for (const value of [model.organisation.legalName, model.organisation.shortName]) {
    if (typeof value !== 'string') add(value, model.labels.titleAndHeader);
  }
  for (const person of [model.policy.owner, model.policy.approver]) {
    for (const value of [person.name, person.title]) {
      if (typeof value !== 'string') add(value, model.labels.documentControl);
    }
  }
  for (const { section } of sectionsInOrder(model.sections)) {
    for (const inline of inlinesIn(section.blocks)) {
      if (inline.type === 'placeholder') add(inline, `${section.number} ${section.title}`);
    }
  }
  return [...where].map(([label, { path, places }]) => ({ label, ...(path !== undefined ? { path } : {}), where: places }));
}

function historyWithDraft(version: VersionContext, owner: { name: FieldText }, workingDraft: string): VersionEntry[] {
  if (version.status === 'released') return [...version.history];
  return [...version.history, { version: 'draft', date: null, author: owner.name, approver: null, summary: workingDraft }];
}

/** Nests a body's headings under the module's level-1 section and numbers them. */
function buildSection(module: SectionModule, title: string, number: string, parts: readonly BodyPart[], controls: ControlReference[]): Section {
  interface Draft { id: string; number: string; level: number; title: string; blocks: Block[]; children: Draft[] }
  const root: Draft = { id: module.id, number, level: 1, title, blocks: [], children: [] };
  const stack: Draft[] = [root];
  const usedIds = new Set<string>([module.id]);
  for (const part of parts) {
    if (part.kind === 'block') {
      stack[stack.length - 1]!.blocks.push(part.block);
      continue;
    }
    // `##` is level 2; a skipped level nests under the deepest open section.
    const level = Math.min(6, Math.max(2, part.heading.depth));
    while (stack.length > 1 && stack[stack.length - 1]!.level >= level) stack.pop();
    const parent = stack[stack.length - 1]!;
    const child: Draft = {
      id: uniqueId(`${module.id}/${slug(part.heading.title)}`, usedIds),
      number: `${parent.number}.${parent.children.length + 1}`,
      level: parent.level + 1,
      title: part.heading.title,
      blocks: [],
      children: [],
    };
    parent.children.push(child);
    stack.push(child);
  }
  const freeze = (draft: Draft, isRoot: boolean): Section => ({
    id: draft.id,
    number: draft.number,
    level: draft.level as Section['level'],
    title: draft.title,
    module: module.id,
    ...(isRoot ? { kind: module.kind } : {}),
    controls: isRoot ? controls : [],
    blocks: draft.blocks,
    sections: draft.children.map((child) => freeze(child, false)),
  });
  return freeze(root, true);
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'section';
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

/**
 * The control-mapping appendix: for each applicable framework, every catalog control this policy's
 * sections implement or support (the supporting sections apart), in catalog order. The same computation as `policymark coverage`, over one policy.
 */
function buildAppendix(project: ValidatedProject, policy: CoverageSource['policy'], sections: readonly Section[], frameworks: readonly FrameworkId[], lang: Language): AppendixFramework[] {
  return computeCoverage([{ policy, sections }], project.catalogs, frameworks, lang).flatMap((coverage) => {
    const place = ({ number, title }: { number: string; title: string }) => ({ number, title });
    const controls = coverage.controls
      .filter((control) => control.coveredBy.length > 0 || control.supportedBy.length > 0)
      .map((control) => ({
        id: control.id,
        title: control.title,
        sections: control.coveredBy.map(place),
        ...(control.supportedBy.length > 0 ? { supportedBy: control.supportedBy.map(place) } : {}),
      }));
    return controls.length > 0 ? [{ framework: coverage.framework, name: coverage.name, controls }] : [];
  });
}

const parser = unified().use(remarkParse).use(remarkGfm);
/** Parsed module bodies by their filled text, pristine: each use gets a copy, which `restoreValues` changes. */
const parsedBodies = new Map<string, Root>();
const PARSED_BODIES_LIMIT = 4000;

/**
 * The Markdown tree of a filled module body. The same text always parses to the same tree, and a
 * long-running process (the preview, a batch) fills most bodies with the same text again and again;
 * copying a tree costs a fraction of parsing it. Bounded: when full, it starts afresh.
 */
function parseBody(filled: string): Root {
  let tree = parsedBodies.get(filled);
  if (!tree) {
    tree = parser.parse(filled);
    if (parsedBodies.size >= PARSED_BODIES_LIMIT) parsedBodies.clear();
    parsedBodies.set(filled, tree);
  }
  return structuredClone(tree);
}
