import { TOOL_VERSION } from '../load/package-info.js';
import { environmentErrorOf } from '../diagnostics/environment-error.js';
import { guardStandardOutput } from '../write/standard-output.js';
import { closest } from '../diagnostics/suggest.js';
import { completionScript, COMPLETION_USAGE, optionsOfUsage, SHELLS, type Shell } from './completion.js';
import { EXIT_ENVIRONMENT, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, formatEnvironmentError, UsageError, type CliIo } from './io.js';

export const MAIN_USAGE = `Usage: policymark <command> [options]

Policy-as-code for information-security and compliance policies.

Commands:
  build      compose the organisation's policies and write Word, PDF and Markdown documents
  check      validate every input and print diagnostics; writes nothing
  release    freeze a policy as an approved, sealed version
  verify     check every release's seal, signature, signer, approver role and organisation
  pack       the evidence pack of one release: documents, signature, proof of approval
  ack        record staff acknowledgements of released policies (ack import FILE.csv)
  register   list every policy with version, owner, approval and review status
  diff       what changed between two versions of a policy
  review     what a pull request changes in the policies, and who must approve it
  coverage   framework controls covered by the policies, and the gaps
  soa        the ISO/IEC 27001 Statement of Applicability
  import     read the values filled into a Word template back into the organisation file
  oscal      export the policies and framework catalogs as OSCAL for GRC tools
  site       the policy portal: a static, accessible web site of the approved documents
  preview    serve the portal of the working drafts on 127.0.0.1, rebuilt when a file is saved
  upgrade    move client projects to a new library version, merging their overrides three ways
  clients    one line per client: library version, releases, overdue reviews, acknowledgements
  init       create a new organisation project
  schema     print the JSON Schema of organisation files
  translations  list stale, unstamped and missing translations; stamp one after review
  completion print a shell completion script (bash, zsh, fish)
  help       the help of a command: policymark help build

Run "policymark help <command>" or "policymark <command> --help" for a command's options.
Every command takes --json (a result on stdout, see the README) and -q/--quiet (only errors on stderr).
Exit codes: 0 ok, 1 errors in the input files, 2 usage, environment (disk, permissions) or internal error.
Colours only on a terminal; NO_COLOR or TERM=dumb turn them off, FORCE_COLOR turns them on.
`;

type CommandModule = { readonly run: (args: readonly string[], io: CliIo) => Promise<number>; readonly usage: string };

/**
 * Commands are loaded when called, so that a quick command (check, an up-to-date build, --help) does
 * not pay for loading the Word and PDF libraries.
 */
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  build: async () => { const m = await import('./commands/build.js'); return { run: m.runBuild, usage: m.BUILD_USAGE }; },
  check: async () => { const m = await import('./commands/check.js'); return { run: m.runCheck, usage: m.CHECK_USAGE }; },
  import: async () => { const m = await import('./commands/import.js'); return { run: m.runImport, usage: m.IMPORT_USAGE }; },
  init: async () => { const m = await import('./commands/init.js'); return { run: m.runInit, usage: m.INIT_USAGE }; },
  schema: async () => { const m = await import('./commands/schema.js'); return { run: m.runSchema, usage: m.SCHEMA_USAGE }; },
  release: async () => { const m = await import('./commands/release.js'); return { run: m.runRelease, usage: m.RELEASE_USAGE }; },
  verify: async () => { const m = await import('./commands/verify.js'); return { run: m.runVerify, usage: m.VERIFY_USAGE }; },
  pack: async () => { const m = await import('./commands/pack.js'); return { run: m.runPack, usage: m.PACK_USAGE }; },
  ack: async () => { const m = await import('./commands/ack.js'); return { run: m.runAck, usage: m.ACK_USAGE }; },
  register: async () => { const m = await import('./commands/register.js'); return { run: m.runRegister, usage: m.REGISTER_USAGE }; },
  diff: async () => { const m = await import('./commands/diff.js'); return { run: m.runDiff, usage: m.DIFF_USAGE }; },
  review: async () => { const m = await import('./commands/review.js'); return { run: m.runReview, usage: m.REVIEW_USAGE }; },
  coverage: async () => { const m = await import('./commands/coverage.js'); return { run: m.runCoverage, usage: m.COVERAGE_USAGE }; },
  oscal: async () => { const m = await import('./commands/oscal.js'); return { run: m.runOscal, usage: m.OSCAL_USAGE }; },
  soa: async () => { const m = await import('./commands/soa.js'); return { run: m.runSoa, usage: m.SOA_USAGE }; },
  site: async () => { const m = await import('./commands/site.js'); return { run: m.runSite, usage: m.SITE_USAGE }; },
  preview: async () => { const m = await import('./commands/preview.js'); return { run: m.runPreview, usage: m.PREVIEW_USAGE }; },
  upgrade: async () => { const m = await import('./commands/upgrade.js'); return { run: m.runUpgrade, usage: m.UPGRADE_USAGE }; },
  clients: async () => { const m = await import('./commands/clients.js'); return { run: m.runClients, usage: m.CLIENTS_USAGE }; },
  translations: async () => { const m = await import('./commands/translations.js'); return { run: m.runTranslations, usage: m.TRANSLATIONS_USAGE }; },
};

/** The commands in the order of the main help, for suggestions and shell completion. */
export const COMMAND_NAMES: readonly string[] = [...Object.keys(COMMANDS), 'completion', 'help'];

/** The usage text of a command, loaded on demand (for completion and `help <command>`). */
export async function commandUsage(name: string): Promise<string | undefined> {
  if (name === 'completion') return COMPLETION_USAGE;
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  return load ? (await load()).usage : undefined;
}

/**
 * Runs one command line; never throws. Content errors are diagnostics, never stack traces. `--quiet`
 * (or `-q`) is global: it is taken out of the arguments before a command parses them.
 */
export async function main(argv: readonly string[], given: CliIo): Promise<number> {
  const separator = argv.indexOf('--');
  const before = separator === -1 ? argv : argv.slice(0, separator);
  const quiet = before.some((arg) => arg === '--quiet' || arg === '-q');
  const io: CliIo = quiet ? { ...given, quiet: true } : given;
  const [name, ...args] = quiet ? [...before.filter((arg) => arg !== '--quiet' && arg !== '-q'), ...(separator === -1 ? [] : argv.slice(separator))] : argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.stdout.write(MAIN_USAGE);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${TOOL_VERSION}\n`);
    return EXIT_OK;
  }
  if (name === 'help') {
    const [topic, ...rest] = args;
    if (topic === undefined) {
      io.stdout.write(MAIN_USAGE);
      return EXIT_OK;
    }
    if (rest.length > 0) return usageError(io, 'help takes one command name, such as `policymark help build`.', undefined);
    if (topic === 'help') {
      io.stdout.write(MAIN_USAGE);
      return EXIT_OK;
    }
    return main([topic, '--help'], io);
  }
  if (name === 'completion') return runCompletion(args, io);
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    const suggestion = name.startsWith('-') ? undefined : closest(name, COMMAND_NAMES);
    const message = name.startsWith('-') ? `Unknown option "${name}" before the command.` : `Unknown command "${name}".${suggestion ? ` Did you mean ${suggestion}?` : ''}`;
    return usageError(io, message, undefined);
  }
  const command = await load();
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) return usageError(io, error.message, name);
    const environment = environmentErrorOf(error);
    if (environment) {
      io.stderr.write(formatEnvironmentError(environment, io.cwd));
      if (io.env.POLICYMARK_DEBUG) io.stderr.write(`${(error as Error).stack}\n`);
      return EXIT_ENVIRONMENT;
    }
    const detail = io.env.POLICYMARK_DEBUG ? (error as Error).stack : (error as Error).message;
    io.stderr.write(`policymark failed unexpectedly: ${detail}\nThis is a bug in policymark, not in your files; set POLICYMARK_DEBUG=1 for details.\n`);
    return EXIT_INTERNAL;
  }
}

/** A usage error is one line, then where to read more: the whole help would bury the line that matters. */
function usageError(io: CliIo, message: string, command: string | undefined): number {
  io.stderr.write(`${message}\nSee \`policymark ${command === undefined ? '' : `${command} `}--help\`.\n`);
  return EXIT_USAGE;
}

async function runCompletion(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(COMPLETION_USAGE);
    return EXIT_OK;
  }
  const [shell, ...rest] = args;
  if (shell === undefined || rest.length > 0 || !(SHELLS as readonly string[]).includes(shell)) {
    const hint = shell === undefined ? '' : closest(shell, SHELLS);
    return usageError(io, `completion takes one shell: ${SHELLS.join(', ')}${shell === undefined ? '' : `, not "${args.join(' ')}"`}.${hint ? ` Did you mean ${hint}?` : ''}`, 'completion');
  }
  const table = await Promise.all(COMMAND_NAMES.map(async (command) => ({ command, options: optionsOfUsage((await commandUsage(command)) ?? '') })));
  io.stdout.write(completionScript(shell as Shell, table));
  return EXIT_OK;
}

/** Entry point for bin/policymark.js. */
export async function run(): Promise<void> {
  const stdout = guardStandardOutput(process.stdout);
  const code = await main(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: stdout.stream, stderr: process.stderr });
  const failure = await stdout.finish();
  if (failure) process.stderr.write(formatEnvironmentError(failure, process.cwd()));
  process.exitCode = failure ? EXIT_ENVIRONMENT : code;
}
