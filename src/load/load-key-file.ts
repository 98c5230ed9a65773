import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { readRegularFile } from './read-regular-file.js';

/** Private keys are small; anything larger is not one. */
const MAX_KEY_BYTES = 64 * 1024;

/** Reads the signing key a release names with `--key`: its text, or a diagnostic naming the flag. */
export async function loadKeyFile(absolute: string, shown: string): Promise<{ text: string } | { diagnostic: Diagnostic }> {
  const read = await readRegularFile(absolute, MAX_KEY_BYTES, true);
  if ('problem' in read) {
    const why = read.problem === 'not-found' ? 'does not exist' : read.problem === 'too-large' ? 'is too large to be a private key' : read.problem === 'not-a-file' ? 'is not a regular file' : `could not be read (${read.code})`;
    return {
      diagnostic: diagnostic('signature/key-unusable', '--key', { line: 0, column: 0 }, `The signing key ${shown} ${why}.`, {
        hint: 'Name the approver\'s private key file, e.g. --key ~/.ssh/id_ed25519 (made with ssh-keygen -t ed25519).',
      }),
    };
  }
  return { text: read.bytes.toString('utf8') };
}
