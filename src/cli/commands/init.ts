import path from 'node:path';
import { initProject } from '../../pipeline/init-project.js';
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
  const result = await initProject(dir);
  const shown = path.relative(io.cwd, 'created' in result ? result.created : result.exists).split(path.sep).join('/');
  if ('exists' in result) {
    io.stderr.write(`${shown}  error  An organisation file already exists here; init never overwrites it.  init/exists\n  hint: Choose another folder: policymark init <dir>.\n`);
    return EXIT_CONTENT;
  }
  const rel = path.relative(io.cwd, dir) || '.';
  io.stderr.write(`Created ${shown}.\nNext: cd ${rel} && policymark check && policymark build\n`);
  return EXIT_OK;
}
