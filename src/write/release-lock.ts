import { mkdir, readFile, rm, rmdir, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { writeNewFile } from './atomic-write.js';
import { isRunning } from './process-alive.js';

/** Who holds a lock, as written in the lock file. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO timestamp of when the lock was taken. */
  readonly since: string;
}

/** A lock that is held; `release` removes it (and the folders it created, if they are still empty). */
export interface HeldLock {
  release(): Promise<void>;
}

export interface LockOptions {
  /** How long to wait for a live holder before giving up, in milliseconds. */
  readonly waitMs?: number;
}

/**
 * Takes the release lock of one policy: `<dir>/.lock`, created only if it does not exist (a temporary
 * file hard-linked into place, so that the lock appears with its holder already written). A lock whose
 * holder is a process of this machine that no longer runs is stale, left by a killed release, and is
 * broken. A live holder is waited for; after `waitMs` the holder is returned instead of a lock.
 */
export async function acquireReleaseLock(dir: string, options: LockOptions = {}): Promise<{ lock: HeldLock } | { holder: LockHolder | undefined; file: string }> {
  const file = path.join(dir, '.lock');
  const createdDir = await mkdir(dir, { recursive: true });
  const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const text = `${JSON.stringify(me)}\n`;
  const deadline = Date.now() + (options.waitMs ?? 60_000);
  for (let attempt = 0; ; attempt++) {
    try {
      if (await writeNewFile(file, text)) return { lock: { release: () => releaseLock(file, text, createdDir) } };
    } catch (error) {
      // The folder was removed by a holder that just finished and tidied up: make it again.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(dir, { recursive: true });
      continue;
    }
    const current = await readHolder(file);
    if (current === 'gone') continue;
    if (await isStale(file, current)) {
      await breakStaleLock(file, current);
      continue;
    }
    if (Date.now() > deadline) return { holder: current === 'unreadable' ? undefined : current.holder, file };
    await sleep(Math.min(25 * 2 ** Math.min(attempt, 3), 200));
  }
}

type ReadHolder = 'gone' | 'unreadable' | { readonly holder: LockHolder; readonly text: string };

async function readHolder(file: string): Promise<ReadHolder> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.since === 'string') {
      return { holder: { pid: value.pid, host: value.host, since: value.since }, text };
    }
  } catch {
    // not ours, or damaged: judged by age below
  }
  return 'unreadable';
}

/** Stale: its holder, on this machine, no longer runs; or it is not a lock policymark wrote and is old. */
async function isStale(file: string, current: Exclude<ReadHolder, 'gone'>): Promise<boolean> {
  if (current === 'unreadable') {
    const age = await stat(file).then((s) => Date.now() - s.mtimeMs, () => 0);
    return age > 10_000;
  }
  return current.holder.host === hostname() && !isRunning(current.holder.pid);
}

/**
 * Removes a stale lock without ever removing a live one. Two processes may both find the same stale
 * lock; only the one that creates `<lock>.break` may remove it, and only if the lock still holds the
 * stale holder it saw, so a lock taken in between by a third process survives.
 */
async function breakStaleLock(file: string, stale: Exclude<ReadHolder, 'gone'>): Promise<void> {
  const guard = `${file}.break`;
  if (!(await writeNewFile(guard, `${process.pid}\n`))) {
    // Someone else is breaking it; a guard left by a process killed while breaking is itself stale.
    const age = await stat(guard).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > 10_000) await rm(guard, { force: true });
    await sleep(20);
    return;
  }
  try {
    const now = await readHolder(file);
    const same = now === 'unreadable' ? stale === 'unreadable' : now !== 'gone' && stale !== 'unreadable' && now.text === stale.text;
    if (same) await rm(file, { force: true });
  } finally {
    await rm(guard, { force: true });
  }
}

async function releaseLock(file: string, text: string, createdDir: string | undefined): Promise<void> {
  const now = await readHolder(file);
  if (now !== 'gone' && now !== 'unreadable' && now.text === text) await rm(file, { force: true });
  if (!createdDir) return;
  // Leave no empty folder behind for a release that stored nothing (an unknown policy, a refused version).
  for (let dir = path.dirname(file); dir.startsWith(createdDir); dir = path.dirname(dir)) {
    try {
      await rmdir(dir);
    } catch {
      return;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
