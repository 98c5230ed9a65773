import { unified } from 'unified';
import remarkParse from 'remark-parse';
import { visit } from 'unist-util-visit';
import { indexCatalog, type ControlIndex } from '../catalog/control-index.js';
import { parseTemplate } from '../compose/template.js';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { splitFrontMatter } from '../load/front-matter.js';
import type { ProjectSources } from '../load/load-project.js';
import { parseYamlSource, positionOf } from '../load/yaml-source.js';
import { CatalogSchema } from '../schema/catalog.js';
import type { FrameworkId, Language } from '../schema/common.js';
import { ModuleFrontMatterSchema, TranslationFrontMatterSchema, type ModuleFrontMatter } from '../schema/module.js';
import { OrganisationSchema, organisationSchemaFor, type Organisation } from '../schema/organisation.js';
import { PolicyManifestSchema } from '../schema/policy.js';
import type { ModuleVariant, PolicyEntry, SectionModule, ValidatedProject } from './project.js';
import { checkConditions } from './rules/conditions.js';
import { checkControlIds } from './rules/control-ids.js';
import { checkPeopleAndRoles } from './rules/people-and-roles.js';
import { checkPolicyReferences } from './rules/policy-references.js';
import { checkTemplates } from './rules/templates.js';
import { checkStatementOfApplicability } from './rules/statement-of-applicability.js';
import { validateYaml } from './zod-issues-to-diagnostics.js';
import { validateReleases } from './validate-releases.js';

/**
 * Parses and checks every input: YAML and front matter with positions, the zod schemas, then the
 * cross-file rules. Collects every diagnostic it can before giving up; returns a project only when
 * nothing is in error.
 */
export function validateProject(sources: ProjectSources): { value: ValidatedProject | undefined; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];

  const organisationYaml = parseYamlSource(sources.organisation.path, sources.organisation.text);
  diagnostics.push(...organisationYaml.diagnostics);
  const organisationResult = organisationYaml.value
    ? validateYaml(organisationYaml.value, OrganisationSchema, 'organisation file')
    : { value: undefined, diagnostics: [] };
  diagnostics.push(...organisationResult.diagnostics);

  const catalogs = new Map<FrameworkId, ControlIndex>();
  for (const file of sources.catalogs) {
    const parsed = parseYamlSource(file.path, file.text);
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.value) continue;
    const catalog = validateYaml(parsed.value, CatalogSchema, 'framework catalog');
    diagnostics.push(...catalog.diagnostics);
    if (!catalog.value) continue;
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
    catalogs.set(catalog.value.id, indexCatalog(catalog.value));
  }

  // A module file that failed to load or parse still tells by its name which id it meant to define.
  const brokenModuleIds = new Set<string>(sources.unreadableModules.map(moduleIdFromFileName));
  const modules = collectModules(sources, diagnostics, brokenModuleIds);

  const policies = new Map<string, PolicyEntry>();
  for (const file of sources.policies) {
    const parsed = parseYamlSource(file.path, file.text);
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.value) continue;
    const manifest = validateYaml(parsed.value, PolicyManifestSchema, 'policy manifest');
    diagnostics.push(...manifest.diagnostics);
    if (!manifest.value) continue;
    const existing = policies.get(manifest.value.id);
    if (existing) {
      diagnostics.push(
        diagnostic('policy/duplicate-id', file.path, positionOf(parsed.value, ['id']), `The policy id "${manifest.value.id}" is already used by ${existing.file}.`, {
          hint: 'Give each policy manifest its own id.',
        }),
      );
      continue;
    }
    policies.set(manifest.value.id, { manifest: manifest.value, file: file.path, source: parsed.value });
  }

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
  if (organisation && organisationYaml.value) {
    const context = { organisation, organisationFile: sources.organisation.path, organisationSource: organisationYaml.value, modules, brokenModuleIds, policies, catalogs };
    diagnostics.push(
      ...checkPeopleAndRoles(context),
      ...checkPolicyReferences(context),
      ...checkControlIds(context),
      ...checkConditions(context),
      ...checkTemplates(context),
      ...checkStatementOfApplicability(context),
    );
  }

  const releases = validateReleases(sources.releases);
  diagnostics.push(...releases.diagnostics);

  if (!organisation || !organisationResult.value || !organisationYaml.value || hasErrors(diagnostics)) return { value: undefined, diagnostics };
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
      inputs: [sources.organisation, ...sources.modules, ...sources.policies, ...sources.catalogs, ...sources.releases],
    },
    diagnostics,
  };
}

interface ParsedVariant {
  readonly variant: ModuleVariant;
  readonly metadata: ModuleFrontMatter | undefined;
}

/** Parses every module file and groups the language variants of each module id. */
function collectModules(sources: ProjectSources, diagnostics: Diagnostic[], broken: Set<string>): Map<string, SectionModule> {
  const byId = new Map<string, ParsedVariant[]>();
  for (const file of sources.modules) {
    const split = splitFrontMatter(file.path, file.text);
    diagnostics.push(...split.diagnostics);
    if (!split.value) {
      broken.add(moduleIdFromFileName(file.path));
      continue;
    }
    const { frontMatter, body, bodyLine } = split.value;
    const isTranslation = isRecord(frontMatter.data) && 'translationOf' in frontMatter.data;
    const metadata = isTranslation
      ? validateYaml(frontMatter, TranslationFrontMatterSchema, 'translation front matter')
      : validateYaml(frontMatter, ModuleFrontMatterSchema, 'module front matter');
    diagnostics.push(...metadata.diagnostics);
    const template = parseTemplate(file.path, body, bodyLine);
    diagnostics.push(...template.diagnostics, ...checkHeadings(file.path, body, bodyLine));
    if (!metadata.value || !template.value) {
      const id = isRecord(frontMatter.data) ? frontMatter.data.id : undefined;
      if (typeof id === 'string') broken.add(id);
      broken.add(moduleIdFromFileName(file.path));
      continue;
    }
    const variant: ModuleVariant = {
      file: file.path,
      lang: metadata.value.lang,
      title: metadata.value.title,
      template: template.value,
      frontMatter,
    };
    const list = byId.get(metadata.value.id) ?? [];
    const duplicate = list.find((entry) => entry.variant.lang === variant.lang);
    if (duplicate) {
      diagnostics.push(
        diagnostic('module/duplicate-id', file.path, positionOf(frontMatter, ['id']), `The module id "${metadata.value.id}" in language "${variant.lang}" is already defined in ${duplicate.variant.file}.`, {
          hint: 'Rename one of the two modules, or delete the copy.',
        }),
      );
      continue;
    }
    list.push({ variant, metadata: isTranslation ? undefined : (metadata.value as ModuleFrontMatter) });
    byId.set(metadata.value.id, list);
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
      for (const orphan of variants) {
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
      when: primary.metadata.when,
      generated: primary.metadata.generated,
      file: primary.variant.file,
      frontMatter: primary.variant.frontMatter,
      variants: new Map<Language, ModuleVariant>(variants.map((entry) => [entry.variant.lang, entry.variant])),
    });
  }
  return modules;
}

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
      diagnostic('module/raw-html', file, { line: bodyLine + node.position.start.line - 1, column: node.position.start.column }, 'A module body contains raw HTML, which no output format can show faithfully and which is never passed through.', {
        hint: 'Use Markdown instead: **bold**, _italic_, lists and tables. To show the characters themselves, escape the "<" as "\\<".',
      }),
    );
  });
  visit(tree, 'heading', (node) => {
    if (node.depth === 1 && node.position) {
      diagnostics.push(
        diagnostic('module/heading-level', file, { line: bodyLine + node.position.start.line - 1, column: node.position.start.column }, 'A module body may not use a level-1 heading ("# "), because the module title is the level-1 heading.', {
          hint: 'Use "## " for the first level of sub-headings.',
        }),
      );
    }
  });
  return diagnostics;
}

/** `policy-modules/sections/incident-roles.sv.md` → `incident-roles`, by the library's naming convention. */
function moduleIdFromFileName(file: string): string {
  const name = file.slice(file.lastIndexOf('/') + 1).replace(/\.md$/, '');
  return name.replace(/\.(en|sv)$/, '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
