import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { labelsFor } from '../i18n/labels.js';
import { positionOf } from '../source/yaml-source.js';
import type {
  AppendixFramework,
  Block,
  ControlReference,
  DocumentModel,
  FieldText,
  Inline,
  Labels,
  PersonRef,
  PlaceholderInline,
  Section,
  ToCompleteItem,
  VersionEntry,
} from '../model/document.js';
import type { FrameworkId, Language } from '../schema/common.js';
import { localTitle } from '../schema/catalog.js';
import type { Organisation, Person } from '../schema/organisation.js';
import type { PolicyEntry, SectionModule, ValidatedProject } from '../validate/project.js';
import { computeCoverage, type CoverageSource } from '../coverage/compute-coverage.js';
import { conditionHolds } from './conditions.js';
import { soaRows, statementOfApplicability, type SoaRow } from './statement-of-applicability.js';
import type { ControlIndex } from '../catalog/control-index.js';
import { addMonths, draftVersion, releasedDocument, type VersionContext } from '../model/version.js';
import { mdastToBodyParts, type BodyPart } from './mdast-to-model.js';
import { checkTemplate, renderTemplate } from '../template/template.js';
import { Placeholder, placeholderLabel, plantPlaceholders } from '../template/placeholders.js';
import { restoreValues, templateContext, tokenizeValues } from '../template/variables.js';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';

export interface ComposeRequest {
  readonly policyId: string;
  readonly lang: Language;
  readonly version: VersionContext;
  /** Template mode: values the organisation left empty become placeholders naming what to fill in. */
  readonly template?: boolean;
}


/**
 * Composes one policy for one organisation in one language: selects the modules whose conditions hold,
 * fills their variables, parses the Markdown, numbers the sections and attaches the control mappings.
 * Pure: everything it needs is in the validated project.
 */
export function composeDocument(project: ValidatedProject, request: ComposeRequest): { value: DocumentModel | undefined; diagnostics: Diagnostic[] } {
  // Pure, so composed once per project and request: a Statement of Applicability composes every other
  // policy, which the same build composes anyway.
  const cache = composedDocuments.get(project) ?? new Map<string, ReturnType<typeof composeDocument>>();
  composedDocuments.set(project, cache);
  const key = JSON.stringify({ ...request, template: request.template === true });
  const cached = cache.get(key);
  if (cached) return { value: cached.value, diagnostics: [...cached.diagnostics] };
  const result = composeUncached(project, request);
  cache.set(key, result);
  return { value: result.value, diagnostics: [...result.diagnostics] };
}

const composedDocuments = new WeakMap<ValidatedProject, Map<string, { value: DocumentModel | undefined; diagnostics: Diagnostic[] }>>();

function composeUncached(project: ValidatedProject, request: ComposeRequest): { value: DocumentModel | undefined; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const entry = project.policies.get(request.policyId);
  if (!entry) throw new Error(`composeDocument: unknown policy ${request.policyId}; the CLI checks ids first`);
  const { manifest } = entry;
  const organisation = project.organisations.get(request.lang) ?? project.organisation;
  const labels = labelsFor(request.lang);

  const title = manifest.title[request.lang];
  if (!title) {
    diagnostics.push(
      diagnostic('policy/missing-title', entry.file, positionOf(entry.source, ['title']), `The policy "${manifest.id}" has no title in "${request.lang}".`, {
        hint: `Add \`${request.lang}: <title>\` under \`title\`.`,
      }),
    );
  }
  // An unset name or title (template mode) is a typed placeholder where the document prints it, and a
  // template Placeholder where a module prints it.
  const placeholder = (path: string[]): PlaceholderInline => ({ type: 'placeholder', label: placeholderLabel(path, request.lang) });
  const asPlaceholder = (path: string[]): Placeholder => new Placeholder(placeholderLabel(path, request.lang));
  const owner = personInRole(organisation, manifest.owner, placeholder);
  const approver = personInRole(organisation, manifest.approver, placeholder);
  const reviewIntervalMonths = manifest.reviewIntervalMonths ?? organisation.review.intervalMonths;

  const included = manifest.sections
    .map((id, index) => ({ module: project.modules.get(id), index }))
    .filter((item): item is { module: SectionModule; index: number } => item.module !== undefined && conditionHolds(item.module.when, organisation));
  if (included.length === 0) {
    diagnostics.push(
      diagnostic('policy/empty', entry.file, positionOf(entry.source, ['sections']), `Every section of the policy "${manifest.id}" is excluded by its conditions for ${organisation.shortName ?? organisation.id}.`, {
        hint: 'Check the `when:` conditions of its modules against the organisation file.',
      }),
    );
  }

  const variables = templateContext(organisation, {
    id: manifest.id,
    title: title ?? manifest.id,
    classification: labels[`classification.${manifest.classification}`],
    reviewIntervalMonths,
    version: request.version.version,
    owner: personInRole(organisation, manifest.owner, asPlaceholder),
    approver: personInRole(organisation, manifest.approver, asPlaceholder),
  });
  // In a template, every unset value a module uses is planted as a placeholder first; otherwise
  // validation has already refused such uses.
  const uses = request.template
    ? included.flatMap(({ module }) => {
        const variant = module.variants.get(request.lang);
        return variant ? checkTemplate(variant.template, variables).unset : [];
      })
    : [];
  const context = tokenizeValues(uses.length > 0 ? plantPlaceholders(variables, uses, request.lang) : variables);
  const frameworks = organisation.frameworks;
  const parser = unified().use(remarkParse).use(remarkGfm);

  const sections: Section[] = [];
  for (const { module, index } of included) {
    const variant = module.variants.get(request.lang);
    if (!variant) {
      const available = [...module.variants.keys()].join(', ');
      diagnostics.push(
        diagnostic('module/missing-translation', entry.sectionAt[index]?.file ?? entry.file, entry.sectionAt[index]?.position ?? positionOf(entry.source, ['sections', index]), `The section module "${module.id}" has no "${request.lang}" version (it exists in: ${available}).`, {
          hint: `Add a translation with \`id: ${module.id}\`, \`lang: ${request.lang}\` and \`translationOf:\` to policy-modules/sections/.`,
        }),
      );
      continue;
    }
    let filled: string;
    try {
      filled = renderTemplate(variant.template, context.context);
    } catch (error) {
      diagnostics.push(runtimeDiagnostic(variant.file, variant.template.bodyLine, error));
      continue;
    }
    const tree = parser.parse(filled);
    restoreValues(tree, context);
    // Addresses that came from values become links, as the same text written in a module does.
    for (const transform of gfmAutolinkLiteralFromMarkdown().transforms ?? []) transform(tree);
    const generated = generatedBlocks(project, module, request.lang, labels);
    diagnostics.push(...generated.diagnostics);
    const parts = [...mdastToBodyParts(tree), ...generated.blocks.map((block): BodyPart => ({ kind: 'block', block }))];
    const number = String(sections.length + 1);
    sections.push(buildSection(module, variant.title, number, parts, resolveControls(project, module, frameworks, request.lang)));
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
      title: title ?? manifest.id,
      version: request.version.version,
      status: request.version.status,
      classification: manifest.classification,
      owner: personRef(owner, manifest.owner),
      approver: personRef(approver, manifest.approver),
      reviewIntervalMonths,
      effectiveDate: request.version.date,
      nextReviewDate: request.version.date ? addMonths(request.version.date, reviewIntervalMonths) : null,
    },
    history: historyWithDraft(request.version, owner, labels.workingDraft),
    sections,
    appendix: buildAppendix(project, { id: manifest.id, title: title ?? manifest.id, version: request.version.version }, sections, frameworks, request.lang),
  };
  if (request.template) {
    const toComplete = placeholdersToComplete(model);
    if (toComplete.length > 0) return { value: diagnostics.some((d) => d.severity === 'error') ? undefined : { ...model, toComplete }, diagnostics };
  }
  return { value: diagnostics.some((d) => d.severity === 'error') ? undefined : model, diagnostics };
}

/** Computed content a module asks for with `generated:`, appended after its body. */
function generatedBlocks(project: ValidatedProject, module: SectionModule, lang: Language, labels: Labels): { blocks: Block[]; diagnostics: Diagnostic[] } {
  switch (module.generated) {
    case undefined:
      return { blocks: [], diagnostics: [] };
    case 'statement-of-applicability': {
      const iso = project.catalogs.get('iso27001');
      if (!iso) return { blocks: [], diagnostics: [] };
      const rows = soaRows(project.organisations.get(lang) ?? project.organisation, iso, implementingPolicies(project, lang), labels, lang);
      // The contradiction is the same in every language: reported once, in the default one.
      const diagnostics = lang === project.organisation.languages[0] ? excludedButImplemented(project, iso, rows) : [];
      return { blocks: statementOfApplicability(rows, labels), diagnostics };
    }
  }
}

/**
 * A control the statement excludes while a policy section says it is implemented contradicts itself;
 * an auditor asks which is true. Reported as a warning at the exclusion in the organisation file.
 */
function excludedButImplemented(project: ValidatedProject, iso: ControlIndex, rows: readonly SoaRow[]): Diagnostic[] {
  const keys = new Map(Object.keys(project.organisation.soa.controls).map((key) => [iso.resolve(key)?.control.id ?? key, key]));
  return rows
    .filter((row) => !row.applicable && row.implementedBy !== '—')
    .map((row) =>
      diagnostic('soa/excluded-but-implemented', project.organisationFile, positionOf(project.organisationSource, ['soa', 'controls', keys.get(row.id) ?? row.id, 'applicable']), `Annex A control ${row.id} is excluded from the Statement of Applicability, but it is implemented by ${row.implementedBy}.`, {
          severity: 'warning',
          hint: 'Either make the control applicable, or take its mapping out of those sections.',
        }));
}

/**
 * The policies that implement controls, as an auditor would read them: the latest release of each, or
 * the working draft where there is none. Documents with generated content are left out, so a statement
 * never cites itself.
 */
export function implementingPolicies(project: ValidatedProject, lang: Language): CoverageSource[] {
  const out: CoverageSource[] = [];
  for (const { manifest } of project.policies.values()) {
    if (manifest.sections.some((id) => project.modules.get(id)?.generated)) continue;
    const releases = project.releases.get(manifest.id) ?? [];
    const latest = releases.at(-1);
    const document = (latest && releasedDocument(latest, lang)) ?? composeDocument(project, { policyId: manifest.id, lang, version: draftVersion(releases) }).value;
    if (document) out.push(document);
  }
  return out.sort((a, b) => (a.policy.id < b.policy.id ? -1 : 1));
}

/**
 * The person holding a role, as documents print them. A role left empty, or a name or title left empty,
 * is a placeholder (validation refuses them outside template mode).
 */
function personInRole<T>(organisation: Organisation, role: string, placeholder: (path: string[]) => T): Omit<Person, 'name' | 'title'> & { name: string | T; title: string | T } {
  const personId = organisation.roles[role];
  const person = personId === null ? undefined : organisation.people.find((p) => p.id === personId);
  if (!person && personId !== null) throw new Error(`composeDocument: role ${role} has no person; validation checks this`);
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
  const where = new Map<string, string[]>();
  const add = (label: string, place: string): void => {
    const places = where.get(label) ?? [];
    if (!places.includes(place)) places.push(place);
    where.set(label, places);
  };
  for (const value of [model.organisation.legalName, model.organisation.shortName]) {
    if (typeof value !== 'string') add(value.label, model.labels.titleAndHeader);
  }
  for (const person of [model.policy.owner, model.policy.approver]) {
    for (const value of [person.name, person.title]) {
      if (typeof value !== 'string') add(value.label, model.labels.documentControl);
    }
  }
  const visitInlines = (inlines: readonly Inline[], place: string): void => {
    for (const inline of inlines) {
      if (inline.type === 'placeholder') add(inline.label, place);
      else if ('children' in inline) visitInlines(inline.children, place);
    }
  };
  const visitBlocks = (blocks: readonly Block[], place: string): void => {
    for (const block of blocks) {
      switch (block.type) {
        case 'paragraph': visitInlines(block.children, place); break;
        case 'list': for (const item of block.items) visitBlocks(item.children, place); break;
        case 'quote': visitBlocks(block.children, place); break;
        case 'table': for (const row of [block.header, ...block.rows]) for (const cell of row) visitInlines(cell.children, place); break;
        default: break;
      }
    }
  };
  const visitSection = (section: Section): void => {
    visitBlocks(section.blocks, `${section.number} ${section.title}`);
    section.sections.forEach(visitSection);
  };
  model.sections.forEach(visitSection);
  return [...where].map(([label, places]) => ({ label, where: places }));
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

/** The module's mappings for the frameworks that apply to the organisation, in catalog order. */
function resolveControls(project: ValidatedProject, module: SectionModule, frameworks: readonly FrameworkId[], lang: Language): ControlReference[] {
  const out: (ControlReference & { order: number; frameworkIndex: number })[] = [];
  frameworks.forEach((framework, frameworkIndex) => {
    const index = project.catalogs.get(framework);
    for (const reference of module.controls[framework] ?? []) {
      const resolved = index?.resolve(reference);
      if (!resolved) continue; // reported by validation
      if (out.some((c) => c.framework === framework && c.id === resolved.id)) continue;
      out.push({ framework, id: resolved.id, title: localTitle(resolved.control, lang), order: resolved.order, frameworkIndex });
    }
  });
  return out
    .sort((a, b) => a.frameworkIndex - b.frameworkIndex || a.order - b.order)
    .map(({ framework, id, title }) => ({ framework, id, title }));
}

/**
 * The control-mapping appendix: for each applicable framework, every catalog control this policy's
 * sections cover, in catalog order. The same computation as `policymark coverage`, over one policy.
 */
function buildAppendix(project: ValidatedProject, policy: CoverageSource['policy'], sections: readonly Section[], frameworks: readonly FrameworkId[], lang: Language): AppendixFramework[] {
  return computeCoverage([{ policy, sections }], project.catalogs, frameworks, lang).flatMap((coverage) => {
    const controls = coverage.controls
      .filter((control) => control.coveredBy.length > 0)
      .map((control) => ({ id: control.id, title: control.title, sections: control.coveredBy.map(({ number, title }) => ({ number, title })) }));
    return controls.length > 0 ? [{ framework: coverage.framework, name: coverage.name, controls }] : [];
  });
}


/** A strict-mode failure the static check did not foresee: still positioned, never a stack trace. */
function runtimeDiagnostic(file: string, bodyLine: number, error: unknown): Diagnostic {
  const e = error as { message?: string; lineNumber?: number; column?: number };
  const message = String(e.message ?? error).replace(/ - \d+:\d+$/, '');
  const position = typeof e.lineNumber === 'number' ? { line: bodyLine + e.lineNumber - 1, column: (e.column ?? 0) + 1 } : { line: bodyLine, column: 1 };
  return diagnostic('template/undefined-variable', file, position, `Filling this module failed: ${message}.`, {
    hint: 'Check that every variable used here is set in the organisation file.',
  });
}
