import { organisationJsonSchema } from '../../schema/json-schema.js';
import { EXIT_OK, type CliIo } from '../io.js';
import { parseFlags } from '../options.js';

export const SCHEMA_USAGE = `Usage: policymark schema

Prints the JSON Schema of organisation files. Editors with the YAML language server use it for
completion and checks when the file starts with
  # yaml-language-server: $schema=<path to organisation.schema.json>

Options:
  --json             accepted for uniformity: the schema is JSON either way
  -h, --help         show this help
`;

export async function runSchema(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, { help: { type: 'boolean', short: 'h', default: false }, json: { type: 'boolean', default: false } }, SCHEMA_USAGE);
  io.stdout.write(values.help ? SCHEMA_USAGE : organisationJsonSchema());
  return EXIT_OK;
}
