import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

const found = new Map<string, boolean>();

/**
 * Whether an external program (pdftotext, qpdf, ...) is on PATH. When it is missing the reason is
 * printed and tests that need it skip, unless POLICYMARK_REQUIRE_TOOLS=1, where a missing tool is an
 * error: CI must not pass by skipping.
 */
export function toolAvailable(name: string): boolean {
  const known = found.get(name);
  if (known !== undefined) return known;
  const available = (process.env['PATH'] ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        accessSync(path.join(dir, name), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  if (!available) {
    const reason = `${name} is not on PATH (Debian: apt-get install ${packageOf(name)})`;
    if (process.env['POLICYMARK_REQUIRE_TOOLS'] === '1') throw new Error(`${reason}; POLICYMARK_REQUIRE_TOOLS=1 requires it.`);
    console.warn(`skipping tests that need ${name}: ${reason}`);
  }
  found.set(name, available);
  return available;
}

/** Runs a tool and returns its standard output as text; a non-zero exit throws with its stderr. */
export function runTool(name: string, args: readonly string[]): string {
  return execFileSync(name, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

function packageOf(name: string): string {
  return name === 'qpdf' ? 'qpdf' : name.startsWith('pdf') ? 'poppler-utils' : name;
}
