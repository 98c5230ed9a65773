import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEST_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const REPO_ROOT = path.dirname(TEST_DIR);
export const FIXTURES = path.join(TEST_DIR, 'fixtures');
export const BASE_PROJECT = path.join(FIXTURES, '_base');

/**
 * A throwaway project: the base fixture (organisation, small library, small catalogs) with a case's
 * files laid over it. Tests build into it and never touch the repository.
 */
/**
 * Files a case makes instead of committing them (binary, huge, or links): `text`, `base64`, or a text
 * repeated `repeat.count` times.
 */
export interface GeneratedFiles {
  readonly write?: Readonly<Record<string, { text?: string; base64?: string; repeat?: { text: string; count: number } }>>;
  readonly symlink?: Readonly<Record<string, string>>;
}

export function makeProject(overlay?: string, remove: readonly string[] = [], generate: GeneratedFiles = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policymark-'));
  cpSync(BASE_PROJECT, dir, { recursive: true });
  if (overlay) {
    for (const entry of readdirSync(overlay)) {
      if (GOLDEN_FILES.has(entry) || entry === 'case.json') continue;
      cpSync(path.join(overlay, entry), path.join(dir, entry), { recursive: true });
    }
  }
  for (const file of remove) rmSync(path.join(dir, file), { force: true, recursive: true });
  for (const [file, spec] of Object.entries(generate.write ?? {})) {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    const bytes = spec.base64 !== undefined ? Buffer.from(spec.base64, 'base64')
      : spec.repeat ? Buffer.from(spec.repeat.text.repeat(spec.repeat.count))
      : Buffer.from(spec.text ?? '');
    writeFileSync(target, bytes);
  }
  for (const [file, target] of Object.entries(generate.symlink ?? {})) {
    rmSync(path.join(dir, file), { force: true });
    symlinkSync(target, path.join(dir, file));
  }
  return dir;
}

export function removeProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export const GOLDEN_FILES = new Set(['diagnostics.txt', 'model.json', 'expected.md', 'document.txt', 'pdf.txt']);

/** Every file below a folder, relative and sorted. */
/**
 * Every file under `dir`, as POSIX paths relative to it. The build's own bookkeeping (`.policymark/`,
 * the stamps of incremental builds) is not an output and is left out.
 */
export function listFilesRecursive(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current)) {
      if (entry === '.policymark') continue;
      const full = path.join(current, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(path.relative(dir, full).split(path.sep).join('/'));
    }
  };
  try {
    walk(dir);
  } catch {
    return [];
  }
  return out.sort();
}
