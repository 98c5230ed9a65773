/** The format of an evidence pack's manifest (`manifest.json` in the zip `policymark pack` writes). */
export const PACK_FORMAT = 'policymark-evidence-pack/1';

/** An evidence pack's manifest: what it holds, each file with its sha256. */
export interface PackManifest {
  readonly format: typeof PACK_FORMAT;
  readonly organisation: string;
  readonly policy: string;
  readonly version: string;
  readonly tool: string;
  readonly files: readonly { readonly path: string; readonly sha256: string }[];
}
