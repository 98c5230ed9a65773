import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { LibraryIdentitySources } from '../load/load-library.js';
import { LibraryManifestSchema } from '../schema/library-manifest.js';
import { SEMVER_PATTERN } from '../schema/release.js';
import { parseYamlSource, positionOf } from '../source/yaml-source.js';
import { validateYaml } from '../validate/zod-issues-to-diagnostics.js';

/** The version a library declares, and where it says so. */
export interface LibraryVersion {
  /** X.Y.Z, or undefined when the library declares none. */
  readonly version: string | undefined;
  /** The file that declares it (as diagnostics show it), when one does. */
  readonly declaredIn: string | undefined;
}

/**
 * The version of a library: `version:` of its `policymark-library.yaml`, else the `version` of its
 * `package.json` (a library published as an npm package), else none. An invalid manifest is an error at
 * its position; a library without a version is not, since a library folder may predate versions.
 */
export function libraryVersionOf(identity: LibraryIdentitySources): { value: LibraryVersion; diagnostics: Diagnostic[] } {
  const { manifest, packageJson } = identity;
  if (manifest) {
    const parsed = parseYamlSource(manifest.path, manifest.text);
    if (!parsed.value) return { value: { version: undefined, declaredIn: manifest.path }, diagnostics: relabel(parsed.diagnostics) };
    const checked = validateYaml(parsed.value, LibraryManifestSchema, 'library manifest');
    if (!checked.value) return { value: { version: undefined, declaredIn: manifest.path }, diagnostics: relabel(checked.diagnostics) };
    return { value: { version: checked.value.version, declaredIn: manifest.path }, diagnostics: [] };
  }
  if (packageJson) {
    let version: unknown;
    try {
      version = (JSON.parse(packageJson.text) as { version?: unknown } | null)?.version;
    } catch {
      version = undefined;
    }
    if (typeof version === 'string' && SEMVER_PATTERN.test(version)) return { value: { version, declaredIn: packageJson.path }, diagnostics: [] };
    if (version !== undefined) {
      const parsed = parseYamlSource(packageJson.path, packageJson.text).value;
      return {
        value: { version: undefined, declaredIn: packageJson.path },
        diagnostics: [
          diagnostic('library/invalid-manifest', packageJson.path, parsed ? positionOf(parsed, ['version']) : { line: 0, column: 0 }, `The library package's version ${JSON.stringify(version)} is not a version like "1.2.0".`, {
            hint: 'A library version is X.Y.Z without a pre-release or build suffix; or declare it in policymark-library.yaml.',
          }),
        ],
      };
    }
  }
  return { value: { version: undefined, declaredIn: undefined }, diagnostics: [] };
}

/** Problems found by the shared YAML and schema checks, under the library manifest's own code. */
function relabel(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => ({ ...d, code: 'library/invalid-manifest' as const, hint: d.hint ?? 'policymark-library.yaml holds `version: X.Y.Z` and optionally `name:`.' }));
}
