import { EXIT_CONTENT, type CliIo } from '../io.js';

/** `verify PACK.zip`: the evidence pack verified on its own. */
export async function runVerifyPack(pack: string, json: boolean, io: CliIo): Promise<number> {
  const message = `Verifying evidence packs is not available yet (${pack}).`;
  if (json) io.stdout.write(`${JSON.stringify({ ok: false, diagnostics: [{ message }] }, null, 2)}\n`);
  else io.stderr.write(`${message}\n`);
  return EXIT_CONTENT;
}
