import { verifyProject } from '../../pipeline/verify.js';
import { EXIT_CONTENT, EXIT_OK, UsageError, note, type CliIo } from '../io.js';
import { printDiagnostics } from '../print-diagnostics.js';
import { clockToday, parseFlags, PROJECT_OPTIONS, projectLocation } from '../options.js';
import { styleFor } from '../style.js';

export const VERIFY_USAGE = `Usage: policymark verify [--org FILE | PACK.zip] [options]

Verifies every release of the project as an auditor would: its seal (sha256), its signature
(SSHSIG, namespace "policymark", releases/<policy>/<version>.json.sig), that allowed_signers lists the
signing key for the approver on the release date, that the approver held the policy's approver role
on that date (or was its delegate), that the release belongs to this organisation id, and that the
releases of a policy are dated forward and none after today. Unsigned releases are listed as
unsigned; releases made before policymark recorded approvers (format 1) as legacy.
Given an evidence pack (PACK.zip, from "policymark pack"), verifies the release inside it on its own.

Options:
  --require-signatures  also fail on an unsigned or legacy release
  --org FILE            organisation variables file (default: organisation.yaml)
  --library DIR         module library (default: the bundled one)
  --json                print the result as JSON
  -h, --help            show this help

Exit codes: 0 every release verified, 1 a check failed, 2 usage or environment error.
`;

export async function runVerify(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, { ...PROJECT_OPTIONS, 'require-signatures': { type: 'boolean', default: false } }, VERIFY_USAGE, true);
  if (values.help) {
    io.stdout.write(VERIFY_USAGE);
    return EXIT_OK;
  }
  if (positionals.length > 1) throw new UsageError('Name at most one evidence pack.', VERIFY_USAGE);
  if (positionals[0] !== undefined) {
    if (values.org !== undefined) throw new UsageError('Give an evidence pack or --org, not both.', VERIFY_USAGE);
    const { runVerifyPack } = await import('./verify-pack.js');
    return runVerifyPack(positionals[0], values.json, io);
  }
  const result = await verifyProject({ ...projectLocation(io, values), today: clockToday() });
  const weak = result.releases.filter((r) => r.status === 'unsigned' || r.status === 'legacy');
  const ok = result.ok && !(values['require-signatures'] && weak.length > 0);
  if (values.json) {
    const releases = result.releases.map(({ problems, ...release }) => ({ ...release, problems: problems.map((p) => p.code) }));
    io.stdout.write(`${JSON.stringify({ ok, organisation: result.organisation, releases, diagnostics: result.diagnostics }, null, 2)}\n`);
    return ok ? EXIT_OK : EXIT_CONTENT;
  }
  const style = styleFor(io.stderr.isTTY === true, io.env);
  for (const r of result.releases) {
    const how = r.status === 'signed' ? `signed ${r.fingerprint}` : r.status === 'unsigned' ? 'UNSIGNED' : r.status === 'legacy' ? 'legacy release (no recorded approver id, unsigned)' : 'FAILED';
    io.stdout.write(`${r.policy} ${r.version}  ${r.date}  approved by ${r.approver}${r.approverId ? ` (${r.approverId})` : ''}  ${how}\n`);
  }
  printDiagnostics(io, result.diagnostics);
  if (!ok) {
    if (result.ok) io.stderr.write(`${weak.length} release${weak.length === 1 ? ' is' : 's are'} not signed, and --require-signatures was given.\n`);
    return EXIT_CONTENT;
  }
  const signed = result.releases.filter((r) => r.status === 'signed').length;
  note(io, `${style.green('Verified')}: ${result.releases.length} release${result.releases.length === 1 ? '' : 's'}, ${signed} signed, ${weak.length} unsigned.\n`);
  return EXIT_OK;
}
