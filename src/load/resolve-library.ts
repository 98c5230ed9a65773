import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Where a module library is. A library is a folder holding `policy-modules/` and `frameworks/`; it is
 * named either by a path (relative to the folder it is given from) or by the name of an npm package
 * installed for the project, looked up in `node_modules` folders from there upwards, as Node does.
 * A consultant keeps one library for many clients this way, in a folder or as a versioned package.
 */
export function resolveLibrary(spec: string, from: string): { dir: string } | { error: string; hint: string } {
  const looksLikePath = spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../') || path.isAbsolute(spec);
  const asPath = path.resolve(from, spec);
  if (looksLikePath || isDirectory(asPath)) {
    if (isLibrary(asPath)) return { dir: asPath };
    return {
      error: `The library folder "${spec}" ${isDirectory(asPath) ? 'holds no policy-modules/ and frameworks/' : 'does not exist'}.`,
      hint: 'Name a folder that holds policy-modules/ and frameworks/, or an installed npm package that does.',
    };
  }
  if (!/^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(spec)) {
    return { error: `"${spec}" is neither a folder nor an npm package name.`, hint: 'Use a relative path such as ./library, or a package name such as @acme/policy-library.' };
  }
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', spec);
    if (isLibrary(candidate)) return { dir: candidate };
    if (path.dirname(dir) === dir) break;
  }
  return { error: `The library package "${spec}" is not installed.`, hint: `Install it with \`npm install ${spec}\` in the project, or give a folder path instead.` };
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function isLibrary(dir: string): boolean {
  return existsSync(path.join(dir, 'policy-modules')) && existsSync(path.join(dir, 'frameworks'));
}
