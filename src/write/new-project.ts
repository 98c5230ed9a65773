import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes the files of a new project into `dir`. A `required` file is never overwritten: when it
 * exists, nothing at all is written and its name is returned. Others are written only where absent
 * (an existing .gitignore is kept as it is).
 */
export async function writeNewProject(dir: string, files: readonly { readonly name: string; readonly text: string; readonly required: boolean }[]): Promise<{ exists?: string }> {
  await mkdir(dir, { recursive: true });
  for (const file of files.filter((f) => f.required)) {
    try {
      await writeFile(path.join(dir, file.name), file.text, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { exists: file.name };
      throw error;
    }
  }
  for (const file of files.filter((f) => !f.required)) {
    await writeFile(path.join(dir, file.name), file.text, { flag: 'wx' }).catch(() => undefined);
  }
  return {};
}
