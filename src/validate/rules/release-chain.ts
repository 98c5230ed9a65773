import { z } from 'zod';
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { compareSemver } from '../../release/semver.js';
import type { Language } from '../../schema/common.js';
import type { ReleaseIndex, ReleaseRecord } from '../../schema/release.js';
import type { SourceFile } from '../../source/source-file.js';
import { parseYamlSource, positionOf, type YamlSource } from '../../source/yaml-source.js';

/** A stored release with the file it came from. */
export interface StoredRelease {
  readonly record: ReleaseRecord;
  readonly file: SourceFile;
}

/** A policy's release index, parsed, with positions for its diagnostics. */
export interface StoredIndex {
  readonly index: ReleaseIndex;
  readonly source: YamlSource;
}

const HistorySchema = z.array(z.object({ version: z.string(), date: z.string(), author: z.string(), approver: z.string(), summary: z.string() }));
type HistoryRow = z.infer<typeof HistorySchema>[number];

/**
 * The stored releases of one policy form a chain: each release's version history (the rows its
 * documents show) is exactly the releases stored before it, then itself; and every release the index
 * lists is stored, with the seal the index recorded. A deleted middle release is named by the history
 * of every later one; a deleted latest one only by the index, which is why every release rewrites it.
 * Stored releases newer than the index's last entry are accepted: a release interrupted between
 * storing its file and rewriting the index leaves exactly that, and the next release repairs it.
 */
export function checkReleaseChain(policy: string, releases: readonly StoredRelease[], stored: StoredIndex | undefined): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const byVersion = new Map(releases.map((r) => [r.record.version, r]));
  const reportedMissing = new Set<string>();
  if (stored) diagnostics.push(...checkIndex(policy, stored, byVersion, reportedMissing));

  for (const [position, release] of releases.entries()) {
    for (const [lang, document] of Object.entries(release.record.documents)) {
      // Each language's history shows that language's summary, where a release gave one.
      const expected: HistoryRow[] = releases.slice(0, position + 1).map(({ record: r }) => ({ version: r.version, date: r.date, author: r.author, approver: r.approver, summary: r.summaries?.[lang as Language] ?? r.summary }));
      const history = HistorySchema.safeParse((document as { history?: unknown } | undefined)?.history);
      if (!history.success) continue;
      const rows = history.data;
      const absent = rows.flatMap((row, i) => (row.version !== release.record.version && !byVersion.has(row.version) ? [{ row, i }] : []));
      if (absent.length > 0) {
        const source = parsed(release.file);
        for (const { row, i } of absent.filter(({ row }) => !reportedMissing.has(row.version))) {
          reportedMissing.add(row.version);
          diagnostics.push(
            diagnostic('release/missing', release.file.path, source ? positionOf(source, ['documents', lang, 'history', i, 'version']) : { line: 1, column: 1 }, `Release ${policy} ${row.version} is missing: ${release.record.version} lists it in its version history, but releases/${policy}/${row.version}.json is not stored.`, {
              hint: `Restore releases/${policy}/${row.version}.json from version control (git log --all -- <file> finds it); a release is never deleted.`,
            }),
          );
        }
        break;
      }
      if (!sameHistory(rows, expected)) {
        const source = parsed(release.file);
        const omitted = expected.filter((row) => !rows.some((r) => r.version === row.version)).map((row) => row.version);
        const what = omitted.length > 0 ? `leaves out ${omitted.join(', ')}, stored before it` : `differs from the releases stored before it (${expected.map((r) => r.version).join(', ')})`;
        diagnostics.push(
          diagnostic('release/history-mismatch', release.file.path, source ? positionOf(source, ['documents', lang, 'history']) : { line: 1, column: 1 }, `The version history of ${policy} ${release.record.version} ${what}: it was released at the same time as another release, or from a different store.`, {
            hint: `Its documents show a wrong history forever. Remove this release file (and its entry in releases/${policy}/index.json) and release the change again under a new version.`,
          }),
        );
        break;
      }
    }
  }
  return diagnostics;
}

function checkIndex(policy: string, stored: StoredIndex, byVersion: ReadonlyMap<string, StoredRelease>, reportedMissing: Set<string>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const { index, source } = stored;
  for (const [i, entry] of index.releases.entries()) {
    const release = byVersion.get(entry.version);
    if (!release) {
      reportedMissing.add(entry.version);
      diagnostics.push(
        diagnostic('release/missing', source.file, positionOf(source, ['releases', i, 'version']), `Release ${policy} ${entry.version} is missing: the release index lists it, but releases/${policy}/${entry.version}.json is not stored.`, {
          hint: `Restore releases/${policy}/${entry.version}.json from version control (git log --all -- <file> finds it); a release is never deleted.`,
        }),
      );
    } else if (release.record.sha256 !== entry.sha256) {
      diagnostics.push(
        diagnostic('release/index-mismatch', source.file, positionOf(source, ['releases', i, 'sha256']), `The stored release ${policy} ${entry.version} is not the one that was released: its seal differs from the one the release index recorded.`, {
          hint: `Restore releases/${policy}/${entry.version}.json and this index from version control; a release is never replaced.`,
        }),
      );
    }
  }
  const last = index.releases.at(-1)?.version;
  const listed = new Set(index.releases.map((entry) => entry.version));
  for (const version of byVersion.keys()) {
    if (listed.has(version) || (last !== undefined && compareSemver(version, last) > 0)) continue;
    diagnostics.push(
      diagnostic('release/index-mismatch', source.file, positionOf(source, ['releases']), `The release ${policy} ${version} is stored, but the release index, which lists every release up to ${last ?? 'none'}, does not list it.`, {
        hint: `Restore releases/${policy}/index.json from version control, or remove releases/${policy}/${version}.json if it was never released here.`,
      }),
    );
  }
  return diagnostics;
}

function sameHistory(rows: readonly HistoryRow[], expected: readonly HistoryRow[]): boolean {
  return rows.length === expected.length && rows.every((row, i) => {
    const other = expected[i]!;
    return row.version === other.version && row.date === other.date && row.author === other.author && row.approver === other.approver && row.summary === other.summary;
  });
}

/** Positions are only needed for a problem, so the large release file is parsed for them only then. */
function parsed(file: SourceFile): YamlSource | undefined {
  return parseYamlSource(file.path, file.text).value;
}
