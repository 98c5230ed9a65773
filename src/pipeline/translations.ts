import path from 'node:path';
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { closest } from '../diagnostics/suggest.js';
import { loadProjectSources, MAX_TEXT_FILE_BYTES, type ProjectLocation } from '../load/load-project.js';
import { readRegularFile } from '../load/read-regular-file.js';
import type { Language } from '../schema/common.js';
import { withTranslationStamp } from '../source/translation-stamp.js';
import type { TranslationStatus } from '../validate/rules/translation-stamps.js';
import { writeFileAtomic } from '../write/atomic-write.js';

export type { TranslationStatus } from '../validate/rules/translation-stamps.js';

/** Where every translation stands, or why that cannot be said (the organisation file is not valid). */
export type TranslationsResult =
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: true; readonly diagnostics: readonly Diagnostic[]; readonly translations: readonly TranslationStatus[] };

/**
 * `translations`: the state of every module's translation in every language of the organisation
 * (current, stale, unstamped or missing). Other problems of the project do not hide the list: it is
 * what a translator needs while the project does not build.
 */
export async function listTranslations(location: ProjectLocation): Promise<TranslationsResult> {
  const sources = await loadProjectSources(location);
  if (!sources.value) return { ok: false, diagnostics: sortDiagnostics(sources.diagnostics) };
  const { validateProject } = await import('../validate/validate-project.js');
  const validated = validateProject(sources.value);
  const diagnostics = sortDiagnostics([...sources.diagnostics, ...validated.diagnostics]);
  if (!validated.translations) return { ok: false, diagnostics };
  return { ok: true, diagnostics, translations: validated.translations };
}

/** What stamping did: the file written and the stamp it now records, or the problems that stopped it. */
export type StampResult =
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: true; readonly diagnostics: readonly Diagnostic[]; readonly file: string; readonly stamp: string; readonly changed: boolean };

/**
 * `translations stamp`: records in a translation that it translates its source module as it is now,
 * after a person has checked that it does. Only the `translates:` line changes; the file is replaced
 * atomically.
 */
export async function stampTranslation(location: ProjectLocation, request: { readonly module: string; readonly lang: Language }): Promise<StampResult> {
  const listed = await listTranslations(location);
  if (!listed.ok) return listed;
  const ofModule = listed.translations.filter((status) => status.module === request.module);
  if (ofModule.length === 0) {
    const known = [...new Set(listed.translations.map((status) => status.module))];
    const suggestion = closest(request.module, known);
    return fail(diagnostic('translation/unknown-module', request.module, { line: 0, column: 0 }, `There is no section module "${request.module}" with a translation to stamp.`, {
      hint: suggestion ? `Did you mean "${suggestion}"?` : 'Run "policymark translations" for the list of modules and their translations.',
    }));
  }
  const status = ofModule.find((entry) => entry.lang === request.lang);
  if (!status?.file) {
    return fail(diagnostic('translation/unknown-module', request.module, { line: 0, column: 0 }, `The section module "${request.module}" has no "${request.lang}" translation to stamp.`, {
      hint: `Write policy-modules/sections/${request.module}.${request.lang}.md first (with \`translationOf:\`), or name another language with --lang.`,
    }));
  }
  const absolute = path.resolve(location.root, status.file);
  const read = await readRegularFile(absolute, MAX_TEXT_FILE_BYTES, false);
  if (!('bytes' in read)) {
    return fail(diagnostic('load/unreadable-file', status.file, { line: 0, column: 0 }, `The translation could not be read again to stamp it (${read.problem}).`, { hint: 'Check the file and run the command again.' }));
  }
  // The raw text, byte-order mark and line endings as they are, so that only the one line changes.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(read.bytes);
  const stamped = withTranslationStamp(text, status.expectedStamp);
  if (stamped === undefined) {
    return fail(diagnostic('module/missing-front-matter', status.file, { line: 1, column: 1 }, 'The translation has no front-matter block to record the stamp in.', { hint: 'Start the file with a "---" line, its front matter and another "---" line.' }));
  }
  const changed = stamped !== text;
  if (changed) await writeFileAtomic(absolute, stamped);
  const remaining = listed.diagnostics.filter((entry) => !(entry.code.startsWith('translation/') && (entry.file === status.file || entry.file === status.sourceFile)));
  return { ok: true, diagnostics: remaining.filter((entry) => hasErrors([entry])), file: status.file, stamp: status.expectedStamp, changed };
}

function fail(problem: Diagnostic): { ok: false; diagnostics: Diagnostic[] } {
  return { ok: false, diagnostics: [problem] };
}
