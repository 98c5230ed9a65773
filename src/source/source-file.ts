import { createHash } from 'node:crypto';

/** A file as read from disk: its paths, its text, and the hash of its bytes. */
export interface SourceFile {
  /** Where diagnostics show the file: relative to the folder policymark runs from, so the user can open it. */
  readonly path: string;
  /**
   * What manifests and releases record: relative to the organisation file's folder, or for a library
   * outside it `<library>/<path in the library>`; the same whichever folder policymark runs from.
   */
  readonly manifestPath: string;
  readonly text: string;
  readonly sha256: string;
}

/**
 * Decodes file bytes as UTF-8 text with LF line endings and no byte-order mark.
 * Returns undefined when the bytes are not valid UTF-8 (or contain NUL, i.e. are binary).
 */
export function decodeText(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
  if (text.includes('\u0000')) return undefined;
  return text.replace(/\r\n?/g, '\n');
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
