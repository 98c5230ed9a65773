import { diagnostic, type Diagnostic, type Position } from '../../diagnostics/diagnostic.js';
import type { Language } from '../../schema/common.js';
import { positionOf } from '../../source/yaml-source.js';
import type { RuleContext, SectionModule } from '../project.js';

/** One module missing in one language, with every policy that would print it there. */
interface MissingTranslation {
  readonly module: SectionModule;
  readonly lang: Language;
  /** Where each policy lists the module, by policy id. */
  readonly uses: Map<string, { readonly file: string; readonly position: Position }>;
}

/**
 * Every policy can be composed in every language the organisation publishes in: its conditions leave
 * at least one section, and each included section has a module in that language. (Titles per language
 * are checked with the other manifest references.) A module missing in a language is one fault,
 * reported once however many policies use it.
 */
export function checkPolicyDocuments(context: RuleContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const missing = new Map<string, MissingTranslation>();
  for (const entry of context.policies.values()) {
    const { manifest } = entry;
    for (const [lang, organisation] of context.organisations) {
      const included = context.included.get(manifest.id)?.get(lang) ?? [];
      if (included.length === 0) {
        diagnostics.push(
          diagnostic('policy/empty', entry.file, positionOf(entry.source, ['sections']), `Every section of the policy "${manifest.id}" is excluded by its conditions for ${organisation.shortName ?? organisation.id}.`, {
            hint: 'Check the `when:` conditions of its modules against the organisation file.',
          }),
        );
      }
      for (const { module, index } of included) {
        // A translation that failed to parse was reported itself; its absence here is not news.
        if (module.variants.has(lang) || context.brokenModuleIds.has(module.id)) continue;
        const key = `${module.id}\u0000${lang}`;
        const fault = missing.get(key) ?? { module, lang, uses: new Map() };
        fault.uses.set(manifest.id, entry.sectionAt[index] ?? { file: entry.file, position: positionOf(entry.source, ['sections', index]) });
        missing.set(key, fault);
      }
    }
  }
  for (const fault of missing.values()) {
    const own = context.libraryModules.get(fault.module.id) !== fault.module;
    diagnostics.push(own ? ownModuleMissing(fault, context.libraryModules.get(fault.module.id)) : libraryModuleMissing(fault));
  }
  return diagnostics;
}

/**
 * The library's module: reported where the first policy lists it, since the library's manifests and
 * modules are what a library author edits, and a client cannot edit them.
 */
function libraryModuleMissing({ module, lang, uses }: MissingTranslation): Diagnostic {
  const policies = [...uses.keys()].sort();
  const first = uses.get(policies[0]!)!;
  const others = policies.length > 1 ? ` It is used by the policies ${quotedList(policies)}.` : '';
  return diagnostic('module/missing-translation', first.file, first.position, `The section module "${module.id}" has no "${lang}" version (it exists in: ${[...module.variants.keys()].join(', ')}).${others}`, {
    hint: `Add a translation with \`id: ${module.id}\`, \`lang: ${lang}\` and \`translationOf:\` to policy-modules/sections/.`,
  });
}

/**
 * The project's own module (an override, or one the library does not have): the fault is in the
 * project's file, so that is where it is reported, at `overrides:` or `id:`, with the library's
 * translation named as a place to start where the library has one.
 */
function ownModuleMissing({ module, lang, uses }: MissingTranslation, replaced: SectionModule | undefined): Diagnostic {
  const policies = [...uses.keys()].sort();
  const usedBy = `${policies.length > 1 ? 'the policies' : 'the policy'} ${quotedList(policies)}`;
  const sourceLang = [...module.variants.values()].find((variant) => variant.file === module.file)?.lang ?? 'en';
  const translation = module.file.replace(/(\.[a-z]{2})?\.md$/, `.${lang}.md`);
  const libraryText = replaced?.variants.get(lang);
  const published = `but ${usedBy} use${policies.length > 1 ? '' : 's'} it and the organisation publishes in "${lang}"`;
  const message = replaced
    ? `This override of "${module.id}" has no "${lang}" version, ${published}; an override replaces the library's module in every language${libraryText ? `, so the library's "${lang}" text is not used` : ''}.`
    : `The module "${module.id}" has no "${lang}" version (it exists in: ${[...module.variants.keys()].join(', ')}), ${published}.`;
  const start = libraryText ? `; the library's ${libraryText.file} is a place to start` : '';
  return diagnostic('module/missing-translation', module.file, positionOf(module.frontMatter, [replaced ? 'overrides' : 'id'], { key: true }), message, {
    hint: `Add ${translation} with \`id: ${module.id}\`, \`lang: ${lang}\` and \`translationOf: ${sourceLang}\`${start}.${libraryText ? ' Or delete this override to use the library\'s module again.' : ''}`,
  });
}

/** `"a"`, `"a" and "b"`, `"a", "b" and "c"`; beyond five, the first four and how many more. */
function quotedList(items: readonly string[]): string {
  const quoted = items.map((item) => `"${item}"`);
  if (quoted.length > 5) return `${quoted.slice(0, 4).join(', ')} and ${quoted.length - 4} more`;
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)!}`;
}
