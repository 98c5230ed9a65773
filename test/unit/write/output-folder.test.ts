import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitFolder, createStagingFolder, recoverFolder } from '../../../src/write/output-folder.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function parent(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policymark-folder-'));
  dirs.push(dir);
  return dir;
}

/** A pid no process has: the writer that left these scratch folders was killed. */
const DEAD = 2 ** 22 + 12345;

describe('output folder swap', () => {
  it('a kill between the two renames: the next reader puts the old folder back', async () => {
    const dir = parent();
    mkdirSync(path.join(dir, `.draft.${DEAD}.aaaaaaaaaaaa.old`));
    writeFileSync(path.join(dir, `.draft.${DEAD}.aaaaaaaaaaaa.old`, 'a.md'), 'old');
    mkdirSync(path.join(dir, `.draft.${DEAD}.bbbbbbbbbbbb.new`));
    await recoverFolder(path.join(dir, 'draft'));
    expect(readdirSync(dir)).toEqual(['draft']);
    expect(readFileSync(path.join(dir, 'draft', 'a.md'), 'utf8')).toBe('old');
  });

  it('a kill after the swap: the folder set aside is removed, the new folder kept', async () => {
    const dir = parent();
    mkdirSync(path.join(dir, 'draft'));
    writeFileSync(path.join(dir, 'draft', 'a.md'), 'new');
    mkdirSync(path.join(dir, `.draft.${DEAD}.aaaaaaaaaaaa.old`));
    await recoverFolder(path.join(dir, 'draft'));
    expect(readdirSync(dir)).toEqual(['draft']);
    expect(readFileSync(path.join(dir, 'draft', 'a.md'), 'utf8')).toBe('new');
  });

  it('commit replaces a non-empty folder as a whole and leaves no scratch folder', async () => {
    const dir = parent();
    const folder = path.join(dir, 'draft');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'old-only.md'), 'old');
    const staging = await createStagingFolder(folder);
    writeFileSync(path.join(staging, 'a.md'), 'new');
    await commitFolder(staging, folder);
    expect(readdirSync(dir)).toEqual(['draft']);
    expect(readdirSync(folder)).toEqual(['a.md']);
    expect(existsSync(staging)).toBe(false);
  });
});
