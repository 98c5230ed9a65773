import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeDocument } from '../../src/compose/compose-document.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { DocumentModel } from '../../src/model/document.js';
import { draftVersion, type VersionContext } from '../../src/model/version.js';
import type { Language } from '../../src/schema/common.js';
import type { ValidatedProject } from '../../src/validate/project.js';
import { prepareProject } from '../../src/pipeline/prepare-project.js';
import { BASE_PROJECT, makeProject, removeProject } from './project.js';

/**
 * The one place unit tests go through prepare (load → validate) → compose. When the pipeline API changes, this
 * file is the only one to edit.
 */

/** Project-relative path → file text, laid over the base fixture (test/fixtures/_base). */
export type ProjectFiles = Readonly<Record<string, string>>;

export interface ComposeFixtureOptions {
  /** Base fixture files to delete first, e.g. a section module the case replaces. */
  readonly remove?: readonly string[];
  /** Policy to compose; default `incident-management` (the base fixture's). */
  readonly policy?: string;
  readonly lang?: Language;
  /** Default: the working draft after the policy's stored releases. */
  readonly version?: VersionContext;
  /** Template mode, for validation and composition alike. */
  readonly template?: boolean;
  /**
   * The languages the organisation publishes in. Default: English only, unless `lang` asks for another
   * (then the base's en and sv), since validation requires every module in every published language.
   */
  readonly languages?: readonly Language[];
}

export interface ComposedFixture {
  /** Undefined when a stage refused the project; `diagnostics` says why. */
  readonly model: DocumentModel | undefined;
  /** Every diagnostic of preparing the project (load, validation, selection); composition has none. */
  readonly diagnostics: readonly Diagnostic[];
  /** The validated project, for tests that compose more than one request. */
  readonly project: ValidatedProject | undefined;
}

/**
 * Writes a small project (the base fixture with `files` laid over it), loads, validates and composes
 * one document of it. The project folder is removed before this returns: composition is pure.
 */
export async function composeFixture(files: ProjectFiles, options: ComposeFixtureOptions = {}): Promise<ComposedFixture> {
  const languages = options.languages ?? (options.lang && options.lang !== 'en' ? ['en', options.lang] : ['en']);
  const organisation = (files['organisation.yaml'] ?? BASE_ORGANISATION).replace(/^languages: \[en, sv\]$/m, `languages: [${languages.join(', ')}]`);
  const all = { ...files, 'organisation.yaml': organisation };
  const dir = makeProject(undefined, options.remove ?? [], { write: Object.fromEntries(Object.entries(all).map(([file, text]) => [file, { text }])) });
  try {
    const policyId = options.policy ?? 'incident-management';
    const prepared = await prepareProject({
      root: dir,
      organisationFile: path.join(dir, 'organisation.yaml'),
      libraryDir: dir,
      policies: [policyId],
      langs: options.lang ? [options.lang] : [],
      template: options.template === true,
    });
    if (!prepared.value) return { model: undefined, diagnostics: prepared.diagnostics, project: undefined };
    const { project } = prepared.value;
    const model = composeDocument(project, {
      policyId,
      lang: options.lang ?? project.organisation.languages[0]!,
      version: options.version ?? draftVersion(project.releases.get(policyId) ?? []),
      ...(options.template ? { template: true } : {}),
    });
    return { model, diagnostics: prepared.diagnostics, project };
  } finally {
    removeProject(dir);
  }
}

/** Like {@link composeFixture}, but fails with the diagnostics when no document came out. */
export async function composeModel(files: ProjectFiles, options: ComposeFixtureOptions = {}): Promise<DocumentModel> {
  const { model, diagnostics } = await composeFixture(files, options);
  if (!model) throw new Error(`the fixture did not compose:\n${diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`).join('\n')}`);
  return model;
}

/** Front matter fields of a section module; `id`, `title` and `lang` are given separately. */
export interface ModuleSpec {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly kind?: string;
  readonly lang?: Language;
  /** Extra front matter lines, YAML as written (`controls:`, `when:` ...). */
  readonly frontMatter?: string;
}

/** A section module file at its library path. */
export function sectionModule(spec: ModuleSpec): ProjectFiles {
  const lang = spec.lang ?? 'en';
  const suffix = lang === 'en' ? '' : `.${lang}`;
  const frontMatter = [`id: ${spec.id}`, `title: ${JSON.stringify(spec.title)}`, `kind: ${spec.kind ?? 'other'}`, `lang: ${lang}`, ...(spec.frontMatter ? [spec.frontMatter.trimEnd()] : [])];
  return { [`policy-modules/sections/${spec.id}${suffix}.md`]: `---\n${frontMatter.join('\n')}\n---\n${spec.body}` };
}

/** A policy manifest at its library path, owned by the CISO and approved by the CEO. */
export function policyManifest(id: string, sections: readonly string[], extra = ''): ProjectFiles {
  const lines = [
    `id: ${id}`,
    'title:',
    `  en: ${JSON.stringify(`Test policy ${id}`)}`,
    `  sv: ${JSON.stringify(`Testpolicy ${id}`)}`,
    'owner: ciso',
    'approver: ceo',
    'classification: internal',
    'sections:',
    ...sections.map((section) => `  - ${section}`),
    ...(extra ? [extra.trimEnd()] : []),
  ];
  return { [`policy-modules/policies/${id}.yaml`]: `${lines.join('\n')}\n` };
}

/** The base fixture's organisation file, as written. */
export const BASE_ORGANISATION = readFileSync(path.join(BASE_PROJECT, 'organisation.yaml'), 'utf8');

/**
 * The base organisation file changed by `edit`. An edit that changes nothing throws, so that a test
 * whose search text went stale fails instead of silently testing the base.
 */
export function organisationFile(edit: (yaml: string) => string): ProjectFiles {
  const text = edit(BASE_ORGANISATION);
  if (text === BASE_ORGANISATION) throw new Error('organisationFile: the edit left the organisation file unchanged');
  return { 'organisation.yaml': text };
}

/** Replaces exactly one occurrence of `from`; throws when it occurs zero or several times. */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`replaceOnce: ${JSON.stringify(from)} occurs ${at < 0 ? 'nowhere' : 'more than once'}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}
