import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The import map of .dependency-cruiser.cjs, run as `npm run lint` runs it: src/ must be clean, and a
 * fixture with one of each kind of mistake must be refused with exactly those mistakes, so that a lint
 * that silently stopped checking would fail here.
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const depcruise = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

function cruise(cwd: string): Violation[] {
  const run = spawnSync(process.execPath, [depcruise, 'src', '--config', CONFIG, '--output-type', 'json'], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (!run.stdout) throw new Error(`dependency-cruiser did not run: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('import lint', () => {
  it('finds no cycle and no forbidden import in src/', () => {
    const violations = cruise(ROOT).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(violations).toEqual([]);
  }, 60_000);

  it('refuses a cycle, an upward import, a renderer importing another, and file access outside load/ and write/', () => {
    const violations = cruise(path.join(import.meta.dirname, 'fixture')).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
    expect(violations).toEqual([
      'layer-model: src/model/document.ts → src/render/docx/render-docx.ts',
      'no-circular: src/model/document.ts → src/render/docx/render-docx.ts',
      'only-load-reads-only-write-writes: src/compose/compose-document.ts → fs',
      'renderers-are-leaves: src/render/docx/render-docx.ts → src/render/pdf/render-pdf.ts',
    ]);
  }, 60_000);
});
