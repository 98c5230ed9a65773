import path from 'node:path';
import type { DocumentModel } from '../model/document.js';
import type { Language } from '../schema/common.js';
import type { ValidatedProject } from '../validate/project.js';

/** Where a release is stored, as a project-relative path. */
export function releaseFilePath(organisationFile: string, policy: string, version: string): string {
  const dir = path.posix.dirname(organisationFile);
  return path.posix.join(dir === '.' ? '' : dir, 'releases', policy, `${version}.json`);
}

/**
 * The files a document was made from, for its manifest: for a released document its sealed release
 * file; for a composed one the organisation file, its manifest, its modules and the catalogs it cites.
 */
export function documentInputs(
  project: ValidatedProject,
  document: { readonly policy: string; readonly lang: Language; readonly model: DocumentModel },
  composedFrom: 'release' | 'sources' = document.model.policy.status === 'released' ? 'release' : 'sources',
): { path: string; sha256: string }[] {
  // Keyed by the path diagnostics use (what the validated project refers to); recorded by the manifest path.
  const hashes = new Map(project.inputs.map((input) => [input.path, { path: input.manifestPath, sha256: input.sha256 }]));
  if (composedFrom === 'release') {
    // A release renders from its sealed snapshot, whatever the library says today.
    const file = releaseFilePath(project.organisationFile, document.policy, document.model.policy.version);
    const input = hashes.get(file);
    return input ? [input] : [];
  }
  const files = new Set<string>([project.organisationFile]);
  const policy = project.policies.get(document.policy);
  if (policy) files.add(policy.file);
  for (const section of document.model.sections) {
    const module = project.modules.get(section.module);
    if (!module) continue;
    files.add(module.file);
    const variant = module.variants.get(document.lang);
    if (variant) files.add(variant.file);
  }
  for (const framework of document.model.appendix) {
    const catalog = project.inputs.find((input) => input.path.endsWith(`frameworks/${framework.framework}.yaml`));
    if (catalog) files.add(catalog.path);
  }
  return [...files].flatMap((file) => {
    const input = hashes.get(file);
    return input ? [input] : [];
  });
}
