import path from 'node:path';
import { loadStarterProject } from '../load/starter-project.js';
import { writeNewProject } from '../write/new-project.js';

/**
 * `init`: a new organisation project in `dir`, from the starter organisation file, its id taken from the
 * folder's name and its schema reference pointing at this installation's JSON Schema. Never overwrites
 * an organisation file; returns the one it found instead.
 */
export async function initProject(dir: string): Promise<{ created: string } | { exists: string }> {
  const starter = await loadStarterProject();
  const schema = path.relative(dir, starter.schemaFile).split(path.sep).join('/');
  const id = slug(path.basename(dir)) || 'example';
  const text = starter.organisation
    .replace(/^# yaml-language-server: \$schema=.*$/m, `# yaml-language-server: $schema=${schema}`)
    .replace(/^id: example$/m, `id: ${id}`);
  const result = await writeNewProject(dir, [
    { name: 'organisation.yaml', text, required: true },
    { name: '.gitignore', text: 'output/\n', required: false },
  ]);
  return result.exists ? { exists: path.join(dir, result.exists) } : { created: path.join(dir, 'organisation.yaml') };
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').replace(/^[^a-z]+/, '');
}
