import { TOOL_VERSION } from '../pipeline/package-info.js';
import { BUILD_USAGE, runBuild } from './commands/build.js';
import { CHECK_USAGE, runCheck } from './commands/check.js';
import { INIT_USAGE, runInit } from './commands/init.js';
import { runSchema, SCHEMA_USAGE } from './commands/schema.js';
import { RELEASE_USAGE, runRelease } from './commands/release.js';
import { REGISTER_USAGE, runRegister } from './commands/register.js';
import { DIFF_USAGE, runDiff } from './commands/diff.js';
import { COVERAGE_USAGE, runCoverage } from './commands/coverage.js';
import { runSoa, SOA_USAGE } from './commands/soa.js';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './io.js';

export const MAIN_USAGE = `Usage: policymark <command> [options]

Policy-as-code for information-security and compliance policies.

Commands:
  build      compose the organisation's policies and write Word, PDF and Markdown documents
  check      validate every input and print diagnostics; writes nothing
  release    freeze a policy as an approved, sealed version
  register   list every policy with version, owner, approval and review status
  diff       what changed between two versions of a policy
  coverage   framework controls covered by the policies, and the gaps
  soa        the ISO/IEC 27001 Statement of Applicability
  init       create a new organisation project
  schema     print the JSON Schema of organisation files

Run "policymark <command> --help" for a command's options.
Exit codes: 0 ok, 1 errors in the input files, 2 usage or internal error.
`;

const COMMANDS: Record<string, { run: (args: readonly string[], io: CliIo) => Promise<number>; usage: string }> = {
  build: { run: runBuild, usage: BUILD_USAGE },
  check: { run: runCheck, usage: CHECK_USAGE },
  init: { run: runInit, usage: INIT_USAGE },
  schema: { run: runSchema, usage: SCHEMA_USAGE },
  release: { run: runRelease, usage: RELEASE_USAGE },
  register: { run: runRegister, usage: REGISTER_USAGE },
  diff: { run: runDiff, usage: DIFF_USAGE },
  coverage: { run: runCoverage, usage: COVERAGE_USAGE },
  soa: { run: runSoa, usage: SOA_USAGE },
};

/** Runs one command line; never throws. Content errors are diagnostics, never stack traces. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(MAIN_USAGE);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${TOOL_VERSION}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`Unknown command "${name}".\n\n${MAIN_USAGE}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n\n${error.usage ?? command.usage}`);
      return EXIT_USAGE;
    }
    const detail = io.env.POLICYMARK_DEBUG ? (error as Error).stack : (error as Error).message;
    io.stderr.write(`policymark failed unexpectedly: ${detail}\nThis is a bug in policymark, not in your files; set POLICYMARK_DEBUG=1 for details.\n`);
    return EXIT_USAGE;
  }
}

/** Entry point for bin/policymark.js. */
export async function run(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });
}
