import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { diagnostic, type Diagnostic, type Position } from '../diagnostics/diagnostic.js';
import { displayPath } from '../source/display-path.js';
import { sha256 } from '../source/source-file.js';
import { parseImage } from './parse-image.js';
import { readRegularFile, staysInside } from './read-regular-file.js';

/** Largest logo accepted. */
export const MAX_LOGO_BYTES = 2 * 1024 * 1024;

/** An image the organisation file refers to, read and identified. */
export interface ImageAsset {
  /** Relative to the organisation file's folder (a logo never lies outside it): what manifests record. */
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly type: 'png' | 'jpeg';
  /** Pixel size, read once here; renderers scale by it. */
  readonly width: number;
  readonly height: number;
  readonly sha256: string;
}

/**
 * Reads the logo named in the organisation file. The path is relative to the organisation file and
 * must stay inside its folder (no `..`, no absolute path, no symbolic link leading out), and the file
 * must be a PNG or JPEG image of at most 2 MiB. `at` gives the position of `branding.logo` in the
 * organisation file, asked for only when there is something to report.
 */
export async function loadLogo(root: string, organisationFile: string, at: () => Position, logo: string | undefined): Promise<{ value: ImageAsset | undefined; diagnostics: Diagnostic[] }> {
  if (logo === undefined) return { value: undefined, diagnostics: [] };
  const file = displayPath(root, organisationFile);
  const fail = (code: DiagnosticCode, message: string, hint: string) => ({ value: undefined, diagnostics: [diagnostic(code, file, at(), message, { hint, fieldPath: 'branding.logo' })] });
  const projectDir = path.dirname(organisationFile);
  if (path.isAbsolute(logo) || logo.split(/[\\/]/).includes('..')) {
    return fail('asset/outside-project', `The logo path "${logo}" leads outside the folder of the organisation file.`, 'Copy the logo next to the organisation file and give a relative path such as "logo.png".');
  }
  const target = path.resolve(projectDir, logo);
  if (existsSync(target) && !(await staysInside(projectDir, target))) {
    return fail('asset/outside-project', `The logo "${logo}" is a link to a file outside the folder of the organisation file.`, 'Copy the image itself into the project instead of linking to it.');
  }
  // Links were resolved above; the real path is opened without following one, so the check cannot be raced.
  const read = await readRegularFile(await realpath(target).catch(() => target), MAX_LOGO_BYTES, false);
  if ('problem' in read) {
    if (read.problem === 'too-large') return fail('asset/too-large', `The logo "${logo}" is ${(read.size / 1048576).toFixed(1)} MiB; at most 2 MiB is accepted.`, 'Export a smaller image; 600 pixels wide is plenty for a document header.');
    if (read.problem === 'not-a-file') return fail('asset/not-found', `The logo "${logo}" is not a regular file (it is a folder, a device, a pipe or a link).`, 'Name a PNG or JPEG file.');
    if (read.problem === 'unreadable') return fail('asset/not-found', `The logo "${logo}" could not be read (${read.code}).`, 'Check its permissions.');
    return fail('asset/not-found', `The logo "${logo}" does not exist.`, 'The path is relative to the organisation file.');
  }
  const { bytes } = read;
  const image = parseImage(bytes);
  if ('problem' in image) {
    if (image.problem === 'unsupported') return fail('asset/unsupported-image', `The logo "${logo}" is not a PNG or JPEG image.`, 'Save the logo as PNG (preferred) or JPEG; SVG, GIF and WebP are not supported.');
    if (image.problem === 'too-large') return fail('asset/too-large', `The logo "${logo}" ${image.detail}.`, 'Export a smaller image; 600 pixels wide is plenty for a document header.');
    return fail('asset/damaged-image', `The logo "${logo}" cannot be used: the image ${image.detail}.`, 'Open the logo in an image editor and export it again as PNG (preferred) or baseline JPEG.');
  }
  return { value: { path: displayPath(projectDir, target), bytes, type: image.type, width: image.width, height: image.height, sha256: sha256(bytes) }, diagnostics: [] };
}
