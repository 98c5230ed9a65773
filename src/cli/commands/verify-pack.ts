import path from 'node:path';
import { verifyPack } from '../../pipeline/verify-pack.js';
import { EXIT_CONTENT, EXIT_OK, note, type CliIo } from '../io.js';
import { printDiagnostics } from '../print-diagnostics.js';
import { clockToday } from '../options.js';
import { styleFor } from '../style.js';

/** `verify PACK.zip`: the evidence pack verified on its own, offline. */
export async function runVerifyPack(pack: string, json: boolean, io: CliIo): Promise<number> {
  const result = await verifyPack(path.resolve(io.cwd, pack), pack, clockToday());
  if (json) {
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result.ok ? EXIT_OK : EXIT_CONTENT;
  }
  const style = styleFor(io.stderr.isTTY === true, io.env);
  printDiagnostics(io, result.diagnostics);
  if (!result.ok) return EXIT_CONTENT;
  io.stdout.write(`${result.policy} ${result.version}  ${result.organisation}  ${result.status === 'signed' ? `signed ${result.fingerprint}` : 'UNSIGNED'}\n`);
  note(io, `${style.green('Verified')}: the evidence pack ${pack}.\n`);
  return EXIT_OK;
}
