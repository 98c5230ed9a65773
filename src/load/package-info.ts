import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The policymark installation folder: it holds the bundled library (policy-modules/, frameworks/).
 * Found by walking up from this module to policymark's package.json, so that it is the same folder from
 * the TypeScript sources, the compiled dist/ and the single bundled file (whose chunks sit elsewhere).
 */
export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

/** The tool version recorded in every build manifest. */
export const TOOL_VERSION: string = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'policymark') return dir;
    if (path.dirname(dir) === dir) throw new Error(`policymark's package.json was not found above ${start}.`);
  }
}
