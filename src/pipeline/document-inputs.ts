import { createHash } from 'node:crypto';
import type { ValidatedProject } from '../validate/project.js';

/**
 * A key per policy over every input file its documents can depend on, so that two projects giving a
 * policy the same key compose it to the same models. Deliberately coarse: every input that is not a
 * section module (the organisation file, every manifest, the catalogs, the releases, the ledger) is
 * in every key, because titles, roles, versions and tailoring cross documents; of the section
 * modules, a key holds those its (tailored) manifest names, in every language and whether or not a
 * condition includes them, since a saved condition can change that. A policy with generated content
 * (the Statement of Applicability cites what every other policy maps to) depends on every module.
 * A policy is missing from the map when a file it depends on is not among the project's inputs.
 */
export function documentInputKeys(project: ValidatedProject): Map<string, string> {
  const moduleFiles = new Map<string, readonly string[]>();
  for (const module of project.modules.values()) {
    moduleFiles.set(module.id, [...new Set([module.file, ...[...module.variants.values()].map((variant) => variant.file)])].sort());
  }
  const isModuleFile = new Set([...moduleFiles.values()].flat());
  const hashOf = new Map(project.inputs.map((input) => [input.path, input.sha256] as const));
  const common = createHash('sha256');
  for (const input of [...project.inputs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (!isModuleFile.has(input.path)) common.update(`${input.path}\u0000${input.sha256}\n`);
  }
  const commonKey = common.digest('hex');
  const allModules = [...moduleFiles.keys()].sort();
  const keys = new Map<string, string>();
  for (const [id, entry] of project.policies) {
    const named = entry.manifest.sections;
    const generated = named.some((section) => project.modules.get(section)?.generated !== undefined);
    const hash = createHash('sha256').update(commonKey);
    let known = true;
    for (const section of generated ? allModules : [...named].sort()) {
      hash.update(`\n${section}`);
      for (const file of moduleFiles.get(section) ?? []) {
        const sha = hashOf.get(file);
        // A file the project did not list as read has no hash to vouch for it: such a policy gets no key, so nothing is reused for it.
        if (sha === undefined) known = false;
        hash.update(`\u0000${file}\u0000${sha ?? ''}`);
      }
    }
    if (known) keys.set(id, hash.digest('hex'));
  }
  return keys;
}
