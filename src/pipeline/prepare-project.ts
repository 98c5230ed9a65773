import path from 'node:path';
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { closest } from '../diagnostics/suggest.js';
import type { ImageAsset } from '../load/load-assets.js';
import { loadProjectSources, type ProjectLocation, type ProjectSources } from '../load/load-project.js';
import type { Language } from '../schema/common.js';
import { ParseCache } from '../source/parse-cache.js';
import { BUILD_ID, loadStoredParses, parseCacheFile, PARSE_CACHE_FORMAT } from '../load/parse-cache-file.js';
import { storeParses } from '../write/parse-cache-file.js';
import type { ValidatedProject } from '../validate/project.js';

/** What a command asks of a project: which policies, in which languages, and whether as a template. */
export interface ProjectRequest extends ProjectLocation {
  /** Policy ids; every policy of the library when empty. */
  readonly policies: readonly string[];
  /** Languages; every language of the organisation when empty. */
  readonly langs: readonly Language[];
  /** Template mode: values left empty are placeholders, not errors. */
  readonly template?: boolean | undefined;
  /**
   * How the user named the policies and languages (an option such as `--policy`, or the argument
   * itself), so that an unknown one is reported where it was written. Default: `--policy`, `--lang`.
   */
  readonly namedBy?: { readonly policies?: string; readonly langs?: string } | undefined;
}

/** A loaded, validated and resolved project with its assets and the selection a command works on. */
export interface PreparedProject {
  readonly project: ValidatedProject;
  readonly logo: ImageAsset | undefined;
  /** The selected policy ids: as requested, or all of them in id order. */
  readonly policies: readonly string[];
  /** The selected languages: as requested, or the organisation's in its order. */
  readonly langs: readonly Language[];
}

/**
 * The pipeline's one memo: parsed and checked input files by path and sha256, for the life of the
 * process, so that a batch build (many organisations, one library) parses each library file once.
 * Seeded from the project's disk cache by the first project a process prepares, and written back once,
 * after that project: a batch's later clients share the library it parsed. Content-addressed, so it
 * can never serve a stale result.
 */
let parseCache: ParseCache | undefined;
let parseCacheAt: string | undefined;
let parseCacheStored = false;

/** The process's parse cache, seeded (when first needed) from the disk cache of the first project asked for. */
export function projectParseCache(organisationFile: string): ParseCache {
  if (!parseCache) {
    const file = parseCacheFile(path.dirname(organisationFile));
    parseCacheAt = file;
    parseCache = new ParseCache({ stored: () => loadStoredParses(file) });
  }
  return parseCache;
}

/**
 * The one way into a project for every command: load → validate (which resolves) → assets → selection.
 * Returns a prepared project only when nothing is in error; every diagnostic of every stage otherwise.
 * `loaded` lets a build that first checked whether it is up to date reuse what it read.
 */
export async function prepareProject(
  request: ProjectRequest,
  loaded?: { value: ProjectSources | undefined; diagnostics: readonly Diagnostic[] },
): Promise<{ value?: PreparedProject; diagnostics: Diagnostic[] }> {
  const cache = projectParseCache(request.organisationFile);
  const sources = loaded ?? (await loadProjectSources(request, undefined, cache));
  // Loaded here rather than at the top, so that a build that turns out to be up to date never loads
  // the validation code (and Markdown, Handlebars and zod with it).
  const { validateProject } = await import('../validate/validate-project.js');
  const diagnostics: Diagnostic[] = [...sources.diagnostics];
  if (!sources.value) return { diagnostics: sortDiagnostics(diagnostics) };
  const validated = validateProject(sources.value, { template: request.template === true, cache });
  const toStore = parseCacheStored ? undefined : cache.toStore();
  if (parseCacheAt !== undefined && toStore !== undefined && BUILD_ID !== undefined) {
    parseCacheStored = true;
    await storeParses(parseCacheAt, { format: PARSE_CACHE_FORMAT, buildId: BUILD_ID, entries: toStore });
  }
  diagnostics.push(...validated.diagnostics);
  const project = validated.value;
  if (!project || hasErrors(diagnostics)) return { diagnostics: sortDiagnostics(dedupe(diagnostics)) };

  const known = [...project.policies.keys()].sort();
  const policies = request.policies.length > 0 ? [...request.policies] : known;
  for (const id of policies) {
    if (project.policies.has(id)) continue;
    const suggestion = closest(id, known);
    diagnostics.push(
      diagnostic('policy/unknown-policy', request.namedBy?.policies ?? '--policy', { line: 0, column: 0 }, `There is no policy "${id}" in the library.`, {
        hint: suggestion ? `Did you mean "${suggestion}"?` : `Available: ${known.join(', ')}.`,
      }),
    );
  }
  const langs = request.langs.length > 0 ? [...request.langs] : [...project.organisation.languages];
  for (const lang of langs) {
    if (project.organisation.languages.includes(lang)) continue;
    diagnostics.push(
      diagnostic('organisation/unsupported-language', request.namedBy?.langs ?? '--lang', { line: 0, column: 0 }, `The language "${lang}" was requested, but ${project.organisation.shortName ?? project.organisation.id} publishes in ${project.organisation.languages.join(', ')} only.`, {
        hint: `Add "${lang}" to \`languages\` in ${project.organisationFile}, or build another language.`,
      }),
    );
  }
  const unique = sortDiagnostics(dedupe(diagnostics));
  if (hasErrors(unique)) return { diagnostics: unique };
  return { value: { project, logo: sources.value.logo, policies, langs }, diagnostics: unique };
}

/** The same finding reached twice (e.g. once per language) is reported once. */
function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
