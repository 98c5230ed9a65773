import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.js';

/**
 * One file of a new project. `required`: the project's reason to exist (organisation.yaml); when it is
 * there already, nothing at all is written. `create`: written only where absent. `replace`: the caller
 * merged the existing file into `text` (a .gitignore with lines added), written atomically.
 */
export interface NewProjectFile {
  readonly name: string;
  readonly text: string;
  readonly mode: 'required' | 'create' | 'replace';
}

/**
 * Writes the files of a new project into `dir`, never overwriting a file it did not merge. Returns the
 * required file that existed (nothing written then), or the names written and those kept as they were.
 */
export async function writeNewProject(dir: string, files: readonly NewProjectFile[]): Promise<{ exists: string } | { written: string[]; kept: string[] }> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  const kept: string[] = [];
  for (const file of files.filter((f) => f.mode === 'required')) {
    try {
      await writeFile(path.join(dir, file.name), file.text, { flag: 'wx' });
      written.push(file.name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { exists: file.name };
      throw error;
    }
  }
  for (const file of files.filter((f) => f.mode !== 'required')) {
    const target = path.join(dir, file.name);
    await mkdir(path.dirname(target), { recursive: true });
    if (file.mode === 'replace') {
      await writeFileAtomic(target, file.text);
      written.push(file.name);
      continue;
    }
    try {
      await writeFile(target, file.text, { flag: 'wx' });
      written.push(file.name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      kept.push(file.name);
    }
  }
  return { written, kept };
}
