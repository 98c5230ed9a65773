import { execFileSync, spawnSync } from 'node:child_process';
import type { TestContext } from 'vitest';

/**
 * Tests that check output with a real consumer (pandoc, LibreOffice, poppler, qpdf) need the tool on
 * PATH. Where it is missing they are skipped with the reason printed, unless POLICYMARK_REQUIRE_TOOLS=1
 * (CI, release checks), where a missing tool fails the test instead of hiding it.
 */

const found = new Map<string, boolean>();

/** Whether `name` is an executable on PATH. */
export function hasTool(name: string): boolean {
  if (!/^[A-Za-z0-9._+-]+$/.test(name)) throw new Error(`Not a tool name: ${JSON.stringify(name)}`);
  let present = found.get(name);
  if (present === undefined) {
    present = spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
    found.set(name, present);
  }
  return present;
}

/** Whether a missing tool must fail the run (POLICYMARK_REQUIRE_TOOLS=1). */
export function toolsRequired(): boolean {
  return process.env['POLICYMARK_REQUIRE_TOOLS'] === '1';
}

/**
 * True when `name` is available. When it is not: throws if tools are required, else prints why the
 * caller will skip and returns false.
 */
export function requireTool(name: string): boolean {
  if (hasTool(name)) return true;
  const reason = `${name} is not installed (not found on PATH)`;
  if (toolsRequired()) throw new Error(`${reason}, and POLICYMARK_REQUIRE_TOOLS=1 requires it.`);
  console.warn(`skipped: ${reason}; set POLICYMARK_REQUIRE_TOOLS=1 to make this a failure.`);
  return false;
}

/**
 * Call first in a test body: skips the test (with the reason as its note) when any tool is missing,
 * or fails it when POLICYMARK_REQUIRE_TOOLS=1.
 *
 * @example
 * it('pandoc reads the headings', (ctx) => {
 *   skipUnlessTools(ctx, 'pandoc');
 *   ...
 * });
 */
export function skipUnlessTools(ctx: TestContext, ...names: string[]): void {
  const missing = names.filter((name) => !requireTool(name));
  if (missing.length > 0) ctx.skip(`needs ${missing.join(', ')}`);
}

/** Runs a tool and returns its standard output as text; a non-zero exit throws with its stderr. */
export function runTool(name: string, args: readonly string[]): string {
  return execFileSync(name, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}
