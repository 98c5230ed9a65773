import path from 'node:path';
import { boundedWordDiff } from '../diff/bounded-diff.js';
import type { WordChange } from '../diff/diff-models.js';
import type { SourceFile } from '../source/source-file.js';
import { splitFrontMatter } from '../source/front-matter.js';
import { parseYamlSource } from '../source/yaml-source.js';

/** How a file differs between two library versions. */
export type FileChangeKind = 'added' | 'removed' | 'changed';

/** A file of a library (or of a client project) by what it defines. */
export interface LibraryEntry {
  readonly kind: 'module' | 'policy' | 'catalog';
  /** Module, policy or catalog id. */
  readonly id: string;
  /** A module's language; empty for policies and catalogs. */
  readonly lang: string;
  /** The sections a policy manifest lists, in order. */
  readonly sections: readonly string[];
  readonly source: SourceFile;
}

/** One module, policy or catalog that differs between the two versions. */
export interface EntryChange {
  readonly kind: LibraryEntry['kind'];
  readonly id: string;
  readonly lang: string;
  /** Path inside the library. */
  readonly file: string;
  readonly change: FileChangeKind;
  /** Word-level changes of a changed file, long unchanged runs shortened to their ends. */
  readonly words: readonly WordChange[];
  /** A policy's sections added to and removed from its manifest. */
  readonly sectionsAdded: readonly string[];
  readonly sectionsRemoved: readonly string[];
}

/** What changed in a library from one version to another. */
export interface LibraryChanges {
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly changes: readonly EntryChange[];
}

/** Words of context kept on each side of a change. */
const CONTEXT_WORDS = 6;

/**
 * The entries of a library or project by key (`module:<id>:<lang>`, `policy:<id>`, `catalog:<id>`), from
 * files keyed by their path inside it. Ids come from the front matter or manifest where they can be
 * read, else from the file name, so that a file that does not parse is still compared.
 */
export function indexEntries(files: ReadonlyMap<string, SourceFile>): Map<string, LibraryEntry> {
  const entries = new Map<string, LibraryEntry>();
  for (const [file, source] of files) {
    const entry = entryOf(file, source);
    entries.set(entryKey(entry), entry);
  }
  return entries;
}

/** The key an entry is matched by across versions and against a client's own files. */
export function entryKey(entry: Pick<LibraryEntry, 'kind' | 'id' | 'lang'>): string {
  return entry.kind === 'module' ? `module:${entry.id}:${entry.lang}` : `${entry.kind}:${entry.id}`;
}

/** Compares two versions of a library: modules, policies and catalogs added, removed and changed. */
export function compareLibraries(base: ReadonlyMap<string, LibraryEntry>, target: ReadonlyMap<string, LibraryEntry>, versions: { from: string | undefined; to: string | undefined }): LibraryChanges {
  const changes: EntryChange[] = [];
  for (const key of [...new Set([...base.keys(), ...target.keys()])].sort()) {
    const before = base.get(key);
    const after = target.get(key);
    const entry = (after ?? before)!;
    if (before && after && before.source.text === after.source.text) continue;
    const change: FileChangeKind = !before ? 'added' : !after ? 'removed' : 'changed';
    const words = before && after ? shorten(boundedWordDiff(before.source.text, after.source.text).map((c): WordChange => ({ op: c.added ? 'insert' : c.removed ? 'delete' : 'equal', text: c.value }))) : [];
    const oldSections = before?.sections ?? [];
    const newSections = after?.sections ?? [];
    changes.push({
      kind: entry.kind,
      id: entry.id,
      lang: entry.lang,
      file: fileOf(after ?? before!),
      change,
      words,
      sectionsAdded: newSections.filter((s) => !oldSections.includes(s)),
      sectionsRemoved: oldSections.filter((s) => !newSections.includes(s)),
    });
  }
  return { ...versions, changes };
}

/** The path inside the library of an entry (its source's path is relative to where policymark runs). */
function fileOf(entry: LibraryEntry): string {
  return entry.source.manifestPath;
}

function entryOf(file: string, source: SourceFile): LibraryEntry {
  const name = path.posix.basename(file);
  const withPath = { ...source, manifestPath: file };
  if (file.startsWith('frameworks/')) return { kind: 'catalog', id: name.replace(/\.(yaml|json)$/, ''), lang: '', sections: [], source: withPath };
  if (file.endsWith('.yaml')) {
    const data = parseYamlSource(source.path, source.text).value?.data as { id?: unknown; sections?: unknown } | undefined;
    const id = typeof data?.id === 'string' ? data.id : name.replace(/\.yaml$/, '');
    const sections = Array.isArray(data?.sections) ? data.sections.filter((s): s is string => typeof s === 'string') : [];
    return { kind: 'policy', id, lang: '', sections, source: withPath };
  }
  const data = splitFrontMatter(source.path, source.text).value?.frontMatter.data as { id?: unknown; lang?: unknown } | undefined;
  const fromName = /^(.*?)(?:\.([a-z]{2}))?\.md$/.exec(name);
  const id = typeof data?.id === 'string' ? data.id : (fromName?.[1] ?? name);
  const lang = typeof data?.lang === 'string' ? data.lang : (fromName?.[2] ?? 'en');
  return { kind: 'module', id, lang, sections: [], source: withPath };
}

/** Keeps the changed runs whole and only a few words of each unchanged run around them. */
function shorten(words: readonly WordChange[]): WordChange[] {
  return words.map((run, index) => {
    if (run.op !== 'equal') return run;
    const parts = run.text.split(/(\s+)/);
    const keep = CONTEXT_WORDS * 2;
    if (parts.length <= keep * 2 + 1) return run;
    const head = index === 0 ? '' : parts.slice(0, keep).join('');
    const tail = index === words.length - 1 ? '' : parts.slice(-keep).join('');
    return { op: 'equal', text: `${head}${head ? ' … ' : '… '}${tail}` };
  });
}
