import { lstat, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { positionOf, type YamlSource } from '../source/yaml-source.js';
import { displayPath } from '../source/display-path.js';
import { sha256 } from '../source/source-file.js';
import { imageSize } from './image-size.js';

/** Largest logo accepted. */
export const MAX_LOGO_BYTES = 2 * 1024 * 1024;

/** An image the organisation file refers to, read and identified. */
export interface ImageAsset {
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
 * must be a PNG or JPEG image of at most 2 MiB.
 */
export async function loadLogo(root: string, organisationFile: string, source: YamlSource, logo: string | undefined): Promise<{ value: ImageAsset | undefined; diagnostics: Diagnostic[] }> {
  if (logo === undefined) return { value: undefined, diagnostics: [] };
  const at = positionOf(source, ['branding', 'logo']);
  const file = displayPath(root, organisationFile);
  const fail = (code: DiagnosticCode, message: string, hint: string) => ({ value: undefined, diagnostics: [diagnostic(code, file, at, message, { hint, fieldPath: 'branding.logo' })] });
  const projectDir = path.dirname(organisationFile);
  if (path.isAbsolute(logo) || logo.split(/[\\/]/).includes('..')) {
    return fail('asset/outside-project', `The logo path "${logo}" leads outside the folder of the organisation file.`, 'Copy the logo next to the organisation file and give a relative path such as "logo.png".');
  }
  const target = path.resolve(projectDir, logo);
  let bytes: Buffer;
  try {
    const [realProject, realTarget] = await Promise.all([realpath(projectDir), realpath(target)]);
    if (realTarget !== realProject && !realTarget.startsWith(`${realProject}${path.sep}`)) {
      return fail('asset/outside-project', `The logo "${logo}" is a link to a file outside the folder of the organisation file.`, 'Copy the image itself into the project instead of linking to it.');
    }
    const info = await lstat(realTarget);
    if (!info.isFile()) return fail('asset/not-found', `The logo "${logo}" is not a file.`, 'Name a PNG or JPEG file.');
    if (info.size > MAX_LOGO_BYTES) return fail('asset/too-large', `The logo "${logo}" is ${(info.size / 1048576).toFixed(1)} MiB; at most 2 MiB is accepted.`, 'Export a smaller image; 600 pixels wide is plenty for a document header.');
    bytes = await readFile(realTarget);
  } catch {
    return fail('asset/not-found', `The logo "${logo}" does not exist.`, 'The path is relative to the organisation file.');
  }
  const type = imageType(bytes);
  if (!type) return fail('asset/unsupported-image', `The logo "${logo}" is not a PNG or JPEG image.`, 'Save the logo as PNG (preferred) or JPEG; SVG, GIF and WebP are not supported.');
  const size = imageSize(bytes, type);
  if (!size) return fail('asset/unsupported-image', `The logo "${logo}" has no readable width and height.`, 'Export the logo again as PNG (preferred) or JPEG.');
  return { value: { path: displayPath(root, target), bytes, type, width: size.width, height: size.height, sha256: sha256(bytes) }, diagnostics: [] };
}

/** Identifies PNG and JPEG by their signatures, whatever the file is called. */
export function imageType(bytes: Uint8Array): 'png' | 'jpeg' | undefined {
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}
