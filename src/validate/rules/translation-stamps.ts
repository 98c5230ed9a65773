import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { positionOf } from '../../source/yaml-source.js';
import type { Language } from '../../schema/common.js';
import type { RuleContext, SectionModule } from '../project.js';

/** Where one module stands in one language the organisation publishes in. */
export interface TranslationStatus {
  readonly module: string;
  readonly lang: Language;
  /**
   * `current`: stamped with the source as it is; `stale`: the source changed since the stamp;
   * `unstamped`: the translation records no stamp; `missing`: there is no translation.
   */
  readonly state: 'current' | 'stale' | 'unstamped' | 'missing';
  /** The file with the module's metadata, which the translation translates. */
  readonly sourceFile: string;
  readonly sourceLang: Language;
  /** The translation; undefined when it is missing. */
  readonly file: string | undefined;
  /** What the translation should record once reviewed against the source as it is now. */
  readonly expectedStamp: string;
  /** What the translation records; undefined when unstamped or missing. */
  readonly stamp: string | undefined;
  /** Whether a policy of the organisation includes the module in this language. */
  readonly used: boolean;
}

/**
 * The translation state of every module in every language of the organisation other than the one
 * holding the module's metadata, in module id and language order.
 */
export function translationStatuses(
  modules: ReadonlyMap<string, SectionModule>,
  langs: readonly Language[],
  used: (module: string, lang: Language) => boolean,
): TranslationStatus[] {
  const statuses: TranslationStatus[] = [];
  for (const module of [...modules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const source = [...module.variants.values()].find((variant) => variant.file === module.file);
    if (!source) continue;
    for (const lang of langs) {
      if (lang === source.lang) continue;
      const translation = module.variants.get(lang);
      const base = { module: module.id, lang, sourceFile: source.file, sourceLang: source.lang, expectedStamp: source.contentStamp, used: used(module.id, lang) };
      if (!translation) {
        statuses.push({ ...base, state: 'missing', file: undefined, stamp: undefined });
        continue;
      }
      const state = translation.translates === undefined ? 'unstamped' : translation.translates === source.contentStamp ? 'current' : 'stale';
      statuses.push({ ...base, state, file: translation.file, stamp: translation.translates });
    }
  }
  return statuses;
}

/**
 * Every translation in a language the organisation publishes in says which version of its source it
 * translates, and that version is the source as it is now. A stale translation is reported at both
 * files: the reader of either one learns that the two no longer say the same. A missing translation
 * of a section a policy uses is `module/missing-translation` (policy-documents.ts), not repeated here.
 */
export function checkTranslationStamps(context: RuleContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const status of translationStatuses(context.modules, [...context.organisations.keys()], usedSections(context.included))) {
    if (status.state === 'current' || status.state === 'missing' || status.file === undefined) continue;
    const translation = context.modules.get(status.module)!.variants.get(status.lang)!;
    const stampCommand = `policymark translations stamp ${status.module} --lang ${status.lang}`;
    if (status.state === 'unstamped') {
      diagnostics.push(
        diagnostic('translation/unstamped', status.file, positionOf(translation.frontMatter, ['translationOf']), `This translation does not record which version of ${status.sourceFile} it translates, so a later change to the "${status.sourceLang}" text would go unnoticed.`, {
          severity: 'warning',
          hint: `Check that it says what ${status.sourceFile} says, then run "${stampCommand}".`,
        }),
      );
      continue;
    }
    diagnostics.push(
      diagnostic('translation/stale', status.file, positionOf(translation.frontMatter, ['translates']), `${status.sourceFile} has changed since this translation was stamped; the "${status.lang}" text may no longer say what the "${status.sourceLang}" text says.`, {
        severity: 'warning',
        hint: `Compare the two files (e.g. "git log -p ${status.sourceFile}"), update the translation, then run "${stampCommand}".`,
      }),
      diagnostic('translation/stale', status.sourceFile, { line: 1, column: 1 }, `This module changed since its "${status.lang}" translation ${status.file} was stamped; the translation may no longer say the same.`, {
        severity: 'warning',
        hint: `Update ${status.file} to match, then run "${stampCommand}".`,
      }),
    );
  }
  return diagnostics;
}

/** Whether some policy includes a module in a language, from the included sections of every policy. */
export function usedSections(included: RuleContext['included']): (module: string, lang: Language) => boolean {
  const used = new Set<string>();
  for (const byLang of included.values()) {
    for (const [lang, sections] of byLang) for (const { module } of sections) used.add(`${module.id}\u0000${lang}`);
  }
  return (module, lang) => used.has(`${module}\u0000${lang}`);
}
