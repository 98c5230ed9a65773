import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../load/package-info.js';
import { EXIT_CONTENT, EXIT_OK, type CliIo } from '../io.js';
import { parseFlags } from '../options.js';

export const INIT_USAGE = `Usage: policymark init [DIR]

Creates a new organisation project in DIR (default: the current folder): an organisation.yaml with
every variable filled with example values, linked to the JSON Schema so that editors autocomplete,
and a .gitignore for the output folder. The project builds as created; then replace the values.
An existing organisation.yaml is never overwritten.

Options:
  -h, --help         show this help
`;

export async function runInit(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, { help: { type: 'boolean', short: 'h', default: false } }, INIT_USAGE, true);
  if (values.help) {
    io.stdout.write(INIT_USAGE);
    return EXIT_OK;
  }
  const dir = path.resolve(io.cwd, positionals[0] ?? '.');
  const target = path.join(dir, 'organisation.yaml');
  const shown = path.relative(io.cwd, target).split(path.sep).join('/');
  await mkdir(dir, { recursive: true });
  const starter = await readFile(path.join(PACKAGE_ROOT, 'examples', 'starter', 'organisation.yaml'), 'utf8');
  const schema = path.relative(dir, path.join(PACKAGE_ROOT, 'src', 'schema', 'organisation.schema.json')).split(path.sep).join('/');
  const id = slug(path.basename(dir)) || 'example';
  const text = starter
    .replace(/^# yaml-language-server: \$schema=.*$/m, `# yaml-language-server: $schema=${schema}`)
    .replace(/^id: example$/m, `id: ${id}`);
  try {
    await writeFile(target, text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      io.stderr.write(`${shown}  error  An organisation file already exists here; init never overwrites it.  init/exists\n  hint: Choose another folder: policymark init <dir>.\n`);
      return EXIT_CONTENT;
    }
    throw error;
  }
  await writeFile(path.join(dir, '.gitignore'), 'output/\n', { flag: 'w' }).catch(() => undefined);
  const rel = path.relative(io.cwd, dir) || '.';
  io.stderr.write(`Created ${shown}.\nNext: cd ${rel} && policymark check && policymark build\n`);
  return EXIT_OK;
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').replace(/^[^a-z]+/, '');
}
