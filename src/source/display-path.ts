import path from 'node:path';

/** Project-relative POSIX path; never absolute, so no build machine path leaks into an output. */
export function displayPath(root: string, absolute: string): string {
  const relative = path.relative(root, absolute);
  return relative.split(path.sep).join('/') || '.';
}
