import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../source/source-file.js';
import { parseYamlSource, positionOf } from '../source/yaml-source.js';
import { releaseHash } from '../release/release-hash.js';
import { compareSemver } from '../release/semver.js';
import { RELEASE_INDEX_FILE, ReleaseIndexSchema, ReleaseRecordSchema, type ReleaseRecord } from '../schema/release.js';
import { checkReleaseChain, type StoredIndex, type StoredRelease } from './rules/release-chain.js';
import { validateYaml } from './zod-issues-to-diagnostics.js';
import { cachedByContent, type ParseCache } from '../source/parse-cache.js';

/**
 * Reads the version store: every release file must be a valid record, sealed (its sha256 matches its
 * content), and stored at `releases/<policy>/<version>.json`; each policy's releases must form a chain
 * with its index `releases/<policy>/index.json` (see {@link checkReleaseChain}). Returns the releases per
 * policy, oldest first.
 */
export function validateReleases(files: readonly SourceFile[], cache?: ParseCache): { value: Map<string, ReleaseRecord[]>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const byPolicy = new Map<string, StoredRelease[]>();
  const indexes = new Map<string, StoredIndex>();
  for (const file of files) {
    if (file.path.split('/').at(-1) === RELEASE_INDEX_FILE) {
      const checked = checkIndexFile(file);
      diagnostics.push(...checked.diagnostics);
      if (checked.value) indexes.set(checked.value.index.policy, checked.value);
      continue;
    }
    const checked = checkReleaseFile(file, cache);
    diagnostics.push(...checked.diagnostics);
    if (!checked.value) continue;
    const list = byPolicy.get(checked.value.policy) ?? [];
    list.push({ record: checked.value, file });
    byPolicy.set(checked.value.policy, list);
  }
  const value = new Map<string, ReleaseRecord[]>();
  // A store with a damaged file is not judged as a chain: the damage is the diagnostic to fix first.
  const sound = diagnostics.length === 0;
  for (const policy of new Set([...byPolicy.keys(), ...indexes.keys()])) {
    const list = (byPolicy.get(policy) ?? []).sort((a, b) => compareSemver(a.record.version, b.record.version));
    if (sound) diagnostics.push(...checkReleaseChain(policy, list, indexes.get(policy)));
    if (list.length > 0) value.set(policy, list.map((r) => r.record));
  }
  return { value, diagnostics };
}

/** A release index: valid, and stored in the folder of the policy it indexes. */
function checkIndexFile(file: SourceFile): { value?: StoredIndex; diagnostics: Diagnostic[] } {
  const hint = 'Restore the file from version control; policymark rewrites it with every release.';
  const parsed = parseYamlSource(file.path, file.text);
  if (!parsed.value) return { diagnostics: parsed.diagnostics.map((d) => ({ ...d, code: 'release/invalid' as const, message: d.message.replace('This file could not be parsed', 'This release index is not valid JSON'), hint })) };
  const index = validateYaml(parsed.value, ReleaseIndexSchema, 'release index');
  if (!index.value) return { diagnostics: index.diagnostics.map((d) => ({ ...d, code: 'release/invalid' as const, hint })) };
  const expected = `releases/${index.value.policy}/${RELEASE_INDEX_FILE}`;
  if (!file.path.endsWith(expected)) {
    return {
      diagnostics: [
        diagnostic('release/misplaced', file.path, positionOf(parsed.value, ['policy']), `This release index is of ${index.value.policy}, and belongs at ${expected}.`, {
          hint: 'Move the file back to where policymark stored it.',
        }),
      ],
    };
  }
  return { value: { index: index.value, source: parsed.value }, diagnostics: [] };
}

/**
 * One release file, checked. Release files are large JSON snapshots: a sound one is read with
 * JSON.parse; only a file with a problem is parsed again for the positions its diagnostics need.
 */
const checkReleaseFile = cachedByContent('release', (file: SourceFile): { value?: ReleaseRecord; diagnostics: Diagnostic[] } => {
  let fast: ReleaseRecord | undefined;
  try {
    const record = ReleaseRecordSchema.safeParse(JSON.parse(file.text));
    if (record.success && releaseHash(record.data) === record.data.sha256 && file.path.endsWith(`releases/${record.data.policy}/${record.data.version}.json`)) fast = record.data;
  } catch {
    // not JSON: reported below, with a position
  }
  return fast ? { value: fast, diagnostics: [] } : checkReleaseWithPositions(file);
}, { durable: true });

function checkReleaseWithPositions(file: SourceFile): { value?: ReleaseRecord; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  // JSON is YAML, so the YAML parser gives positions for release files too.
  const parsed = parseYamlSource(file.path, file.text);
  if (!parsed.value) {
    diagnostics.push(...parsed.diagnostics.map((d) => ({ ...d, code: 'release/invalid' as const, message: d.message.replace('This file could not be parsed', 'This release file is not valid JSON'), hint: 'Restore the file from version control; releases are never edited by hand.' })));
    return { diagnostics };
  }
  const record = validateYaml(parsed.value, ReleaseRecordSchema, 'release record');
  if (!record.value) {
    diagnostics.push(...record.diagnostics.map((d) => ({ ...d, code: 'release/invalid' as const, hint: 'Restore the file from version control; releases are never edited by hand.' })));
    return { diagnostics };
  }
  const release = record.value;
  if (releaseHash(release) !== release.sha256) {
    diagnostics.push(
      diagnostic('release/tampered', file.path, positionOf(parsed.value, ['sha256']), `The release ${release.policy} ${release.version} has been changed since it was released: its content no longer matches its sha256 seal.`, {
        hint: 'Restore the file from version control (git checkout -- <file>); to change a policy, release a new version.',
      }),
    );
    return { diagnostics };
  }
  const expected = `releases/${release.policy}/${release.version}.json`;
  if (!file.path.endsWith(expected)) {
    diagnostics.push(
      diagnostic('release/misplaced', file.path, { line: 0, column: 0 }, `This file holds ${release.policy} ${release.version}, which belongs at ${expected}.`, {
        hint: 'Move the file back to where policymark stored it.',
      }),
    );
    return { diagnostics };
  }
  return { value: release, diagnostics };
}
