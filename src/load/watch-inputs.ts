import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

/** Stops watching. */
export type StopWatching = () => void;

/**
 * Calls `onChange` when one of `files` (absolute paths) is saved. The folders holding them are watched
 * rather than the files, because many editors save by writing a new file and renaming it over the old
 * one, which ends a watch on the file itself. Events come in bursts; the caller debounces.
 */
export function watchInputs(files: readonly string[], onChange: (file: string) => void): StopWatching {
  const wanted = new Set(files.map((file) => path.resolve(file)));
  const folders = [...new Set([...wanted].map((file) => path.dirname(file)))].sort();
  const watchers: FSWatcher[] = [];
  for (const folder of folders) {
    try {
      const watcher = watch(folder, { persistent: true }, (_event, name) => {
        if (name === null) return;
        const file = path.join(folder, name.toString());
        // A new file in a watched folder (a module just added) matters as much as a changed one.
        if (wanted.has(file) || /\.(md|ya?ml|json|png|jpe?g|csv)$/i.test(file)) onChange(file);
      });
      watcher.on('error', () => watcher.close());
      watchers.push(watcher);
    } catch {
      // A folder removed since the build: the next build reports what is missing.
    }
  }
  return () => {
    for (const watcher of watchers) watcher.close();
  };
}
