import path from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import { visit } from 'unist-util-visit';
import { indexCatalog, type ControlIndex } from '../catalog/control-index.js';
import { parseTemplate } from '../template/template.js';
import { diagnostic, hasErrors, type Diagnostic, type Position } from '../diagnostics/diagnostic.js';
import { splitFrontMatter } from '../source/front-matter.js';
import { translationStamp } from '../source/translation-stamp.js';
import { allSourceFiles, type ProjectSources } from '../load/load-project.js';
import type { SourceFile } from '../source/source-file.js';
import { closest } from '../diagnostics/suggest.js';
import { cachedByContent, type ParseCache } from '../source/parse-cache.js';
import { catalogFromOscal } from './oscal-catalog.js';
import { parseYamlFile, parseYamlSource, positionOf, type YamlSource } from '../source/yaml-source.js';
import { CatalogSchema, type Catalog } from '../schema/catalog.js';
import type { FrameworkId, Language } from '../schema/common.js';
import { ModuleFrontMatterSchema, TranslationFrontMatterSchema, type ModuleFrontMatter } from '../schema/module.js';
import { OrganisationSchema, organisationSchemaFor, type Organisation } from '../schema/organisation.js';
import { PolicyManifestSchema } from '../schema/policy.js';
import type { ModuleVariant, PolicyEntry, SectionModule, ValidatedProject } from './project.js';
import { checkConditions } from './rules/conditions.js';
import { checkControlIds } from './rules/control-ids.js';
import { checkPeopleAndRoles } from './rules/people-and-roles.js';
import { checkResponsibilities } from './rules/responsibilities.js';
import { checkPolicyReferences } from './rules/policy-references.js';
import { checkTemplates } from './rules/templates.js';
import { checkDocumentValues } from './rules/document-values.js';
import { checkDocumentText, moduleBodyText } from './rules/document-text.js';
import { checkReservedKeys } from './rules/reserved-keys.js';
import { checkBrandingFont } from './rules/branding-font.js';
import { checkStatementOfApplicability } from './rules/statement-of-applicability.js';
import { checkPolicyDocuments } from './rules/policy-documents.js';
import { checkDocumentTiers } from './rules/document-tiers.js';
import { checkTranslationStamps, translationStatuses, usedSections, type TranslationStatus } from './rules/translation-stamps.js';
import { applyTailoring } from './rules/tailoring.js';
import { resolveIncludedSections, resolvePolicyMappings, resolveRoleHolders } from './resolve-project.js';
import { validateYaml } from './zod-issues-to-diagnostics.js';
import { validateReleases } from './validate-releases.js';
import { verifyReleases, type ReleaseVerification } from './rules/release-approvals.js';
import { parseAllowedSigners } from '../release/allowed-signers.js';
import { validateAcknowledgements } from './validate-acknowledgements.js';

/**
 * Parses and checks every input: YAML and front matter with positions, the zod schemas, then the
 * cross-file rules. Collects every diagnostic it can before giving up; returns a project only when
 * nothing is in error.
 */
export function validateProject(
  sources: ProjectSources,
  options: { readonly template?: boolean; /** The pipeline's memo of parsed files; none: parse everything. */ readonly cache?: ParseCache } = {},
): {
  value: ValidatedProject | undefined;
  diagnostics: Diagnostic[];
  verifications?: readonly ReleaseVerification[];
  /** Where every module's translations stand; known whenever the organisation file is valid, even if other inputs are not. */
  translations?: readonly TranslationStatus[];
} {
  const diagnostics: Diagnostic[] = [];

  const organisationYaml = parseYamlFile(sources.organisation, options.cache);
  diagnostics.push(...organisationYaml.diagnostics);
  const organisationResult = organisationYaml.value
    ? validateYaml(organisationYaml.value, OrganisationSchema, 'organisation file')
    : { value: undefined, diagnostics: [] };
  diagnostics.push(...organisationResult.diagnostics);

  const catalogs = new Map<FrameworkId, ControlIndex>();
  const catalogFileOf = new Map<FrameworkId, string>();
  for (const file of sources.catalogs) {
    const parsed = parseCatalog(file, options.cache);
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.value) continue;
    const { id, index } = parsed.value;
    const first = catalogFileOf.get(id);
    if (first !== undefined) {
      diagnostics.push(
        diagnostic('catalog/duplicate-framework', file.path, { line: 1, column: 1 }, `This catalog is for the framework "${id}", which ${first} already defines.`, {
          hint: 'Keep one catalog per framework: remove one file, or give this one another framework id.',
        }),
      );
      continue;
    }
    catalogFileOf.set(id, file.path);
    catalogs.set(id, index);
  }

  // A module file that failed to load or parse still tells by its name which id it meant to define.
  const brokenModuleIds = new Set<string>(sources.unreadableModules.map(moduleIdFromFileName));
  const libraryModules = collectModules(sources.modules, diagnostics, brokenModuleIds, options.cache);
  const modules = withOwn(libraryModules, collectModules(sources.own.modules, diagnostics, brokenModuleIds, options.cache, libraryModules), 'module', diagnostics);
  const libraryPolicies = collectPolicies(sources.policies, diagnostics, options.cache);
  const ownPolicies = collectPolicies(sources.own.policies, diagnostics, options.cache);
  const untailored = withOwn(libraryPolicies, ownPolicies, 'policy', diagnostics);

  // Every language the organisation publishes in gets its own view of the file, prose resolved.
  const organisations = new Map<Language, Organisation>();
  if (organisationResult.value && organisationYaml.value) {
    for (const lang of organisationResult.value.languages) {
      const resolved = validateYaml(organisationYaml.value, organisationSchemaFor(lang), 'organisation file');
      diagnostics.push(...resolved.diagnostics);
      if (resolved.value) organisations.set(lang, resolved.value);
    }
  }
  const organisation = organisationResult.value ? organisations.get(organisationResult.value.languages[0]!) : undefined;
  const policies = organisation && organisationYaml.value ? applyTailoring(untailored, organisation, organisationYaml.value, diagnostics) : untailored;
  const releases = validateReleases(sources.releases, options.cache);
  diagnostics.push(...releases.diagnostics);

  const included = resolveIncludedSections(policies, modules, organisations);
  const mappings = resolvePolicyMappings(policies, modules, included, releases.value, catalogs, organisations);
  if (organisation && organisationYaml.value) {
    const context = { organisation, organisations, organisationFile: sources.organisation.path, organisationSource: organisationYaml.value, modules, libraryModules, brokenModuleIds, policies, catalogs, template: options.template === true, included, mappings };
    diagnostics.push(
      ...checkPeopleAndRoles(context),
      ...checkResponsibilities(context),
      ...checkPolicyReferences(context),
      ...checkControlIds(context),
      ...checkConditions(context),
      ...checkTemplates(context),
      ...checkDocumentValues(context),
      ...checkDocumentText(context),
      ...checkReservedKeys(context),
      ...checkBrandingFont(context),
      ...checkPolicyDocuments(context),
      ...checkDocumentTiers(context),
      ...checkTranslationStamps(context),
      ...checkStatementOfApplicability(context),
    );
  }

  const approvals = organisation
    ? verifyReleases({ releases: releases.value, releaseFiles: sources.releases, signatures: sources.signatures, allowedSigners: sources.allowedSigners, organisation, organisationFile: sources.organisation.path })
    : { verifications: [], diagnostics: [] };
  diagnostics.push(...approvals.diagnostics);
  const acknowledgements = organisation && sources.acknowledgements ? validateAcknowledgements(sources.acknowledgements, { people: organisation.people, releases: releases.value, asLedger: true }) : { value: [], diagnostics: [] };
  diagnostics.push(...acknowledgements.diagnostics);

  const translations = organisation
    ? translationStatuses(modules, [...organisations.keys()], usedSections(included))
    : undefined;
  if (!organisation || !organisationResult.value || !organisationYaml.value || hasErrors(diagnostics)) return { value: undefined, diagnostics, verifications: approvals.verifications, ...(translations ? { translations } : {}) };
  return {
    value: {
      organisation,
      organisations,
      organisationRecord: organisationResult.value as unknown as Record<string, unknown>,
      organisationFile: sources.organisation.path,
      organisationSource: organisationYaml.value,
      modules,
      policies,
      catalogs,
      releases: releases.value,
      verifications: approvals.verifications,
      acknowledgements: acknowledgements.value,
      allowedSigners: sources.allowedSigners ? { file: sources.allowedSigners.path, signers: parseAllowedSigners(sources.allowedSigners.text).signers } : undefined,
      inputs: allSourceFiles(sources),
      roleHolders: resolveRoleHolders(organisations),
      included,
      mappings,
    },
    diagnostics,
    ...(translations ? { translations } : {}),
  };
}

/** Parses the policy manifests of one origin (the library, or the project's own). */
function collectPolicies(files: readonly SourceFile[], diagnostics: Diagnostic[], cache: ParseCache | undefined): Map<string, PolicyEntry> {
  const policies = new Map<string, PolicyEntry>();
  for (const file of files) {
    const parsed = parsePolicyFile(file, cache);
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.value) continue;
    const entry = parsed.value;
    const existing = policies.get(entry.manifest.id);
    if (existing) {
      diagnostics.push(
        diagnostic('policy/duplicate-id', file.path, positionOf(entry.source, ['id']), `The policy id "${entry.manifest.id}" is already used by ${existing.file}.`, {
          hint: 'Give each policy manifest its own id.',
        }),
      );
      continue;
    }
    policies.set(entry.manifest.id, entry);
  }
  return policies;
}

/** One policy manifest parsed and checked on its own. */
const parsePolicyFile = cachedByContent('policy', (file: SourceFile): { value?: PolicyEntry; diagnostics: Diagnostic[] } => {
  const parsed = parseYamlSource(file.path, file.text);
  if (!parsed.value) return { diagnostics: parsed.diagnostics };
  const manifest = validateYaml(parsed.value, PolicyManifestSchema, 'policy manifest');
  const diagnostics = [...parsed.diagnostics, ...manifest.diagnostics];
  if (!manifest.value) return { diagnostics };
  const source = parsed.value;
  return {
    value: {
      manifest: manifest.value,
      file: file.path,
      source,
      sectionAt: manifest.value.sections.map((_, index) => ({ file: file.path, position: positionOf(source, ['sections', index]) })),
    },
    diagnostics,
  };
}, { durable: true });

/**
 * A catalog file checked and indexed. The index is a live structure (not plain data), so it is kept in
 * the pipeline's memo for this process only, built on the durable parse below.
 */
const parseCatalog = cachedByContent('catalog-index', (file: SourceFile, cache: ParseCache | undefined): { value?: { id: FrameworkId; index: ControlIndex }; diagnostics: Diagnostic[] } => {
  const parsed = readCatalog(file, cache);
  if (!parsed.value) return { diagnostics: parsed.diagnostics };
  return { value: { id: parsed.value.id, index: indexCatalog(parsed.value.catalog) }, diagnostics: parsed.diagnostics };
});

/** One catalog file parsed and checked: plain data, so that it can be kept in the disk cache. */
const readCatalog = cachedByContent('catalog', (file: SourceFile): { value?: { id: FrameworkId; catalog: Catalog }; diagnostics: Diagnostic[] } => {
  const diagnostics: Diagnostic[] = [];
  if (file.path.endsWith('.json')) {
    const oscal = catalogFromOscal(file.path, file.text, path.posix.basename(file.path, '.json'));
    const duplicate = oscal.value?.controls.find((control, index, all) => all.findIndex((other) => other.id === control.id) !== index);
    if (duplicate) {
      return { diagnostics: [...oscal.diagnostics, diagnostic('catalog/duplicate-control', file.path, { line: 0, column: 0 }, `The OSCAL catalog lists the control "${duplicate.id}" twice.`, { hint: 'Give every control its own id or label.' })] };
    }
    return oscal.value ? { value: { id: oscal.value.id, catalog: oscal.value }, diagnostics: oscal.diagnostics } : { diagnostics: oscal.diagnostics };
  }
  const parsed = parseYamlSource(file.path, file.text);
  diagnostics.push(...parsed.diagnostics);
  if (!parsed.value) return { diagnostics };
  const catalog = validateYaml(parsed.value, CatalogSchema, 'framework catalog');
  diagnostics.push(...catalog.diagnostics);
  if (!catalog.value) return { diagnostics };
  const seen = new Set<string>();
  catalog.value.controls.forEach((control, index) => {
    if (seen.has(control.id)) {
      diagnostics.push(
        diagnostic('catalog/duplicate-control', file.path, positionOf(parsed.value!, ['controls', index, 'id']), `The control id "${control.id}" is listed twice.`, {
          hint: 'Remove the second entry.',
        }),
      );
    }
    seen.add(control.id);
  });
  return { value: { id: catalog.value.id, catalog: catalog.value }, diagnostics };
}, { durable: true });

interface ParsedVariant {
  readonly variant: ModuleVariant;
  readonly metadata: ModuleFrontMatter | undefined;
}

/**
 * Parses every module file and groups the language variants of each module id. For the project's own
 * modules, `library` is the library's, so that a translation of a library module is told apart from
 * a translation of nothing.
 */
function collectModules(files: readonly SourceFile[], diagnostics: Diagnostic[], broken: Set<string>, cache: ParseCache | undefined, library?: ReadonlyMap<string, SectionModule>): Map<string, SectionModule> {
  const byId = new Map<string, ParsedVariant[]>();
  for (const file of files) {
    const parsed = parseModuleFile(file, cache);
    diagnostics.push(...parsed.diagnostics);
    for (const id of parsed.broken) broken.add(id);
    if (!parsed.value) continue;
    const { variant, id } = parsed.value;
    const list = byId.get(id) ?? [];
    const duplicate = list.find((entry) => entry.variant.lang === variant.lang);
    if (duplicate) {
      diagnostics.push(
        diagnostic('module/duplicate-id', file.path, positionOf(variant.frontMatter, ['id']), `The module id "${id}" in language "${variant.lang}" is already defined in ${duplicate.variant.file}.`, {
          hint: 'Rename one of the two modules, or delete the copy.',
        }),
      );
      continue;
    }
    list.push(parsed.value);
    byId.set(id, list);
  }

  const modules = new Map<string, SectionModule>();
  for (const [id, variants] of [...byId.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const primaries = variants.filter((entry) => entry.metadata);
    const primary = primaries[0];
    if (primaries.length > 1) {
      const second = primaries[1]!;
      diagnostics.push(
        diagnostic('module/duplicate-id', second.variant.file, positionOf(second.variant.frontMatter, ['id']), `The module "${id}" has metadata (kind, controls) in both ${primary!.variant.file} and ${second.variant.file}.`, {
          hint: 'Keep the metadata in one language and mark the other file as a translation with `translationOf:`.',
        }),
      );
    }
    if (!primary?.metadata) {
      if (broken.has(id)) continue;
      const replaced = library?.get(id);
      for (const orphan of variants) {
        if (replaced) {
          diagnostics.push(ownTranslationOfLibraryModule(orphan.variant, replaced));
          continue;
        }
        diagnostics.push(
          diagnostic('module/orphan-translation', orphan.variant.file, positionOf(orphan.variant.frontMatter, ['id']), `This translation belongs to the module "${id}", which has no file with its metadata.`, {
            hint: 'Create the default-language module with kind and controls, or fix the id.',
          }),
        );
      }
      continue;
    }
    modules.set(id, {
      id,
      kind: primary.metadata.kind,
      controls: primary.metadata.controls,
      supports: primary.metadata.supports,
      when: primary.metadata.when,
      generated: primary.metadata.generated,
      overrides: primary.metadata.overrides === true,
      file: primary.variant.file,
      frontMatter: primary.variant.frontMatter,
      variants: new Map<Language, ModuleVariant>(variants.map((entry) => [entry.variant.lang, entry.variant])),
    });
  }
  return modules;
}

/**
 * A project's translation of a library module, without a module of its own: an override replaces a
 * module in every language, so a translation alone cannot be laid over the library's.
 */
function ownTranslationOfLibraryModule(translation: ModuleVariant, replaced: SectionModule): Diagnostic {
  const libraryVariant = replaced.variants.get(translation.lang);
  const folder = translation.file.slice(0, translation.file.lastIndexOf('/') + 1);
  const copy = `${folder}${replaced.file.slice(replaced.file.lastIndexOf('/') + 1)}`;
  return diagnostic('module/orphan-translation', translation.file, positionOf(translation.frontMatter, ['id']), `This file translates the library module "${replaced.id}", but a project cannot replace one language of a library module: ${libraryVariant ? `the library's own "${translation.lang}" text, ${libraryVariant.file}, is used instead` : `the library's module has no "${translation.lang}" version, and this file is not used`}.`, {
    hint: `To use this translation, copy the library's ${replaced.file} to ${copy} and add \`overrides: true\` to its front matter: an override replaces the module in every language, with this file as its "${translation.lang}" version.`,
  });
}

/** One module file parsed on its own: front matter, template, heading checks. */
const parseModuleFile = cachedByContent('module', (file: SourceFile): { value?: ParsedVariant & { metadata: ModuleFrontMatter | undefined; id: string }; broken: string[]; diagnostics: Diagnostic[] } => {
  const diagnostics: Diagnostic[] = [];
  const split = splitFrontMatter(file.path, file.text);
  diagnostics.push(...split.diagnostics);
  if (!split.value) return { broken: [moduleIdFromFileName(file.path)], diagnostics };
  const { frontMatter, body, bodyLine } = split.value;
  const isTranslation = isRecord(frontMatter.data) && 'translationOf' in frontMatter.data;
  const metadata = isTranslation
    ? validateYaml(frontMatter, TranslationFrontMatterSchema, 'translation front matter')
    : validateYaml(frontMatter, ModuleFrontMatterSchema, 'module front matter');
  diagnostics.push(...metadata.diagnostics);
  const template = parseTemplate(file.path, body, bodyLine);
  diagnostics.push(...template.diagnostics, ...checkHeadings(file.path, body, bodyLine), ...(template.value ? moduleBodyText(template.value) : []));
  if (!metadata.value || !template.value) {
    const id = isRecord(frontMatter.data) ? frontMatter.data.id : undefined;
    return { broken: [...(typeof id === 'string' ? [id] : []), moduleIdFromFileName(file.path)], diagnostics };
  }
  const variant: ModuleVariant = {
    file: file.path,
    lang: metadata.value.lang,
    title: metadata.value.title,
    template: template.value,
    frontMatter,
    contentStamp: translationStamp(metadata.value.title, body),
    translates: 'translates' in metadata.value ? metadata.value.translates : undefined,
  };
  return {
    value: { variant, metadata: isTranslation ? undefined : (metadata.value as ModuleFrontMatter), id: metadata.value.id },
    broken: [],
    diagnostics,
  };
}, { durable: true });

const headingParser = unified().use(remarkParse);

/**
 * The module title is the level-1 heading, so a body heading of level 1 would break numbering; raw HTML
 * would be shown as code in one format and dropped in another.
 */
function checkHeadings(file: string, body: string, bodyLine: number): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // Plain CommonMark is enough to find headings, and much cheaper than parsing the GFM tables too.
  const tree = headingParser.parse(body);
  visit(tree, 'html', (node) => {
    if (!node.position) return;
    diagnostics.push(
      diagnostic('module/raw-html', file, markdownPosition(bodyLine, node.position), 'A module body contains raw HTML, which no output format can show faithfully and which is never passed through.', {
        hint: 'Use Markdown instead: **bold**, _italic_, lists and tables. To show the characters themselves, escape the "<" as "\\<".',
      }),
    );
  });
  visit(tree, 'heading', (node) => {
    if (node.depth === 1 && node.position) {
      diagnostics.push(
        diagnostic('module/heading-level', file, markdownPosition(bodyLine, node.position), 'A module body may not use a level-1 heading ("# "), because the module title is the level-1 heading.', {
          hint: 'Use "## " for the first level of sub-headings.',
        }),
      );
    }
  });
  return diagnostics;
}

/**
 * The library with the project's own modules or policies laid over it. An own one with a library id
 * replaces it only when it says `overrides: true`; one that says so but matches nothing in the library
 * is reported, since the library may have renamed or dropped what the client once tailored.
 */
function withOwn<T extends { readonly file: string; readonly source?: YamlSource; readonly frontMatter?: YamlSource; readonly overrides?: boolean; readonly manifest?: { readonly overrides?: boolean | undefined } }>(
  library: Map<string, T>,
  own: Map<string, T>,
  kind: 'module' | 'policy',
  diagnostics: Diagnostic[],
): Map<string, T> {
  const merged = new Map(library);
  for (const [id, entry] of own) {
    const source = (entry.frontMatter ?? entry.source)!;
    const overrides = entry.overrides === true || entry.manifest?.overrides === true;
    const replaced = library.get(id);
    if (replaced && !overrides) {
      diagnostics.push(
        diagnostic(kind === 'module' ? 'module/shadows-library' : 'policy/duplicate-id', entry.file, positionOf(source, ['id']), `The ${kind} id "${id}" is also the id of the library's ${replaced.file}.`, {
          hint: `Add \`overrides: true\` to use this ${kind} instead of the library's for this organisation, or give it an id of its own.`,
        }),
      );
      continue;
    }
    if (!replaced && overrides) {
      const suggestion = closest(id, [...library.keys()]);
      diagnostics.push(
        diagnostic('module/stale-override', entry.file, positionOf(source, ['overrides']), `This ${kind} overrides "${id}", but the library has no ${kind} with that id any more; it is used as a ${kind} of its own.`, {
          severity: 'warning',
          hint: suggestion ? `Did the library rename it to "${suggestion}"? Change the id, or remove \`overrides: true\`.` : 'Remove `overrides: true`, or change the id to the library one it replaces.',
        }),
      );
    }
    merged.set(id, entry);
  }
  return merged;
}

/** `policy-modules/sections/incident-roles.sv.md` → `incident-roles`, by the library's naming convention. */
function moduleIdFromFileName(file: string): string {
  const name = file.slice(file.lastIndexOf('/') + 1).replace(/\.md$/, '');
  return name.replace(/\.(en|sv)$/, '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A Markdown node's place in its module file: the body starts at `bodyLine`. */
function markdownPosition(bodyLine: number, position: { start: { line: number; column: number }; end: { line: number; column: number } }): Position {
  return {
    line: bodyLine + position.start.line - 1,
    column: position.start.column,
    end: { line: bodyLine + position.end.line - 1, column: position.end.column },
  };
}
