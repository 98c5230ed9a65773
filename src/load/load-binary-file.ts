import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { readRegularFile } from './read-regular-file.js';

/** Largest evidence pack accepted: documents in every language and format of one policy. */
export const MAX_PACK_BYTES = 256 * 1024 * 1024;

/** Reads a binary file a command names (an evidence pack): its bytes, or a diagnostic. */
export async function loadBinaryFile(absolute: string, shown: string): Promise<{ bytes: Uint8Array } | { diagnostic: Diagnostic }> {
  const read = await readRegularFile(absolute, MAX_PACK_BYTES, true);
  if (!('problem' in read)) return { bytes: read.bytes };
  const why = read.problem === 'not-found' ? 'does not exist' : read.problem === 'too-large' ? 'is larger than an evidence pack can be' : read.problem === 'not-a-file' ? 'is not a regular file' : `could not be read (${read.code})`;
  return { diagnostic: diagnostic('pack/invalid', shown, { line: 0, column: 0 }, `The evidence pack ${shown} ${why}.`, { hint: 'Name a zip file made by policymark pack.' }) };
}
