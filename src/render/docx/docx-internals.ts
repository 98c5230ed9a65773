import { Packer, type Document } from 'docx';

/** The docx release whose internals this file uses; package.json pins exactly this version. */
export const DOCX_VERSION = '9.15.2';

/** docx's package compiler: a document's files by their paths, in the order docx zips them. */
interface PackageCompiler {
  compile(file: Document): Map<string, string | Uint8Array>;
}

/**
 * The files of a Word package, uncompressed, taken from docx's private `Packer.compiler` (docx 9.15,
 * pinned at {@link DOCX_VERSION}). docx's public API only gives the zipped package; policymark
 * normalizes every file and zips the package itself anyway (render-docx.ts), so taking the files
 * before docx zips them saves compressing and inflating each one once.
 *
 * There is no fallback to the public API: the compiler missing after a docx upgrade is a programmer
 * error, and this throws, naming docx and the version it was written for. The unit test
 * test/unit/render/docx/docx-internals.test.ts fails first, and compares these files with the
 * public zip's.
 */
export function compilePackageFiles(document: Document): Record<string, string | Uint8Array> {
  const compiler = Reflect.get(Packer, 'compiler') as Partial<PackageCompiler> | undefined;
  if (typeof compiler?.compile !== 'function') {
    throw new Error(
      `docx's private Packer.compiler.compile is missing: policymark's Word renderer uses it and was written for docx ${DOCX_VERSION}. ` +
        'Pin docx back to that version, or adapt src/render/docx/docx-internals.ts to the new one.',
    );
  }
  const files: Record<string, string | Uint8Array> = {};
  for (const [name, data] of compiler.compile(document)) files[name] = typeof data === 'string' ? data : new Uint8Array(data);
  return files;
}
