import { composeDocument } from '../compose/compose-document.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { DocumentModel } from '../model/document.js';
import { draftVersion, releasedDocument } from '../model/version.js';
import type { Language } from '../schema/common.js';
import type { PreparedProject } from './prepare-project.js';
import { releaseFilePath } from './release-store.js';

/**
 * Which version of each policy to build: the latest release (the working draft where there is none),
 * always the working draft, or one named release.
 */
export type VersionSelection = { readonly kind: 'latest' } | { readonly kind: 'draft' } | { readonly kind: 'version'; readonly version: string };

/** One document of a command: a policy in one language at one version, as a model. */
export interface SelectedDocument {
  readonly policy: string;
  readonly lang: Language;
  /** A release version, `draft`, or `template`. */
  readonly version: string;
  readonly model: DocumentModel;
}

/**
 * The compose step: each selected policy in each selected language, taken from its sealed release or
 * composed from the library. Each document is composed once; a release is never recomposed.
 */
export function composeSelected(
  prepared: PreparedProject,
  options: { readonly select?: VersionSelection | undefined; readonly template?: boolean | undefined },
): { documents: SelectedDocument[]; diagnostics: Diagnostic[] } {
  const { project } = prepared;
  const diagnostics: Diagnostic[] = [];
  const documents: SelectedDocument[] = [];
  const template = options.template === true;
  const select: VersionSelection = template ? { kind: 'draft' } : (options.select ?? { kind: 'latest' });
  for (const policy of prepared.policies) {
    const releases = project.releases.get(policy) ?? [];
    const release = select.kind === 'version' ? releases.find((r) => r.version === select.version) : select.kind === 'latest' ? releases.at(-1) : undefined;
    if (select.kind === 'version' && !release) {
      diagnostics.push(
        diagnostic('release/unknown-version', '--version', { line: 0, column: 0 }, `The policy "${policy}" has no release ${select.version}.`, {
          hint: releases.length > 0 ? `Released versions: ${releases.map((r) => r.version).join(', ')}.` : 'It has not been released yet; build the working draft with --draft.',
        }),
      );
      continue;
    }
    for (const lang of prepared.langs) {
      if (release) {
        const model = releasedDocument(release, lang);
        if (model) documents.push({ policy, lang, version: release.version, model });
        else {
          diagnostics.push(
            diagnostic('release/missing-language', releaseFilePath(project.organisationFile, policy, release.version), { line: 0, column: 0 }, `Release ${release.version} of "${policy}" has no "${lang}" document; it was released before that language was added.`, {
              hint: 'Build the working draft with --draft, or release a new version.',
            }),
          );
        }
        continue;
      }
      const model = composeDocument(project, { policyId: policy, lang, version: draftVersion(releases, lang), template });
      documents.push({ policy, lang, version: template ? 'template' : 'draft', model });
    }
  }
  return { documents, diagnostics };
}
