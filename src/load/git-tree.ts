import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';

/** One file of a commit's tree: its path from the top of the repository, POSIX, and its bytes. */
export interface GitTreeFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** The files under some folders of a repository as they were at a commit. */
export interface GitTree {
  /** The repository's top folder (absolute): the paths of `files` are relative to it. */
  readonly top: string;
  /** The commit the ref named, in full. */
  readonly commit: string;
  readonly files: readonly GitTreeFile[];
}

/** The largest tree a review reads from git: far above any policy project, far below a runaway repository. */
const MAX_TREE_BYTES = 256 * 1024 * 1024;

/**
 * Reads, through the `git` command, the tracked files under those of `folders` (absolute) that are inside the repository of the first,
 * as they were at `ref`, without touching the working tree or the index: `git ls-tree` lists them and
 * one `git cat-file --batch` returns their contents. A missing git, a folder outside any repository or
 * a ref that names no commit is a diagnostic, never an exception.
 */
export async function readGitTree(folders: readonly string[], ref: string): Promise<{ value?: GitTree; diagnostics: Diagnostic[] }> {
  const cwd = folders[0]!;
  const top = await git(['rev-parse', '--show-toplevel'], cwd);
  if ('missing' in top) {
    return { diagnostics: [diagnostic('load/git-unavailable', '--base', { line: 0, column: 0 }, 'The git command could not be run, so the base version cannot be read.', { hint: 'Install git and make sure it is on the PATH (in CI, check out the repository with its history).' })] };
  }
  if ('failed' in top) {
    return { diagnostics: [diagnostic('load/git-not-a-repository', '--base', { line: 0, column: 0 }, `The project folder ${cwd} is not inside a git repository, so there is no base version to compare with.`, { hint: 'Run review in a clone of the repository that holds the organisation file.' })] };
  }
  const topDir = top.stdout.trim();
  const commit = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], topDir);
  if (!('stdout' in commit)) {
    return { diagnostics: [diagnostic('load/git-unknown-ref', '--base', { line: 0, column: 0 }, `"${ref}" names no commit in the repository at ${topDir}.`, { hint: 'Give a branch, tag or commit that exists here, e.g. --base origin/main; in CI, fetch it first (actions/checkout with fetch-depth: 0, or git fetch origin main).' })] };
  }
  const sha = commit.stdout.trim();
  // A folder outside the repository (an installed library) is not under version control here: it is read as it is.
  const inside = folders.map((folder) => path.relative(topDir, folder)).filter((rel) => !rel.startsWith('..') && !path.isAbsolute(rel)).map((rel) => (rel === '' ? '.' : rel.split(path.sep).join('/')));
  if (inside.length === 0) return { value: { top: topDir, commit: sha, files: [] }, diagnostics: [] };
  const listing = await git(['ls-tree', '-r', '-z', '--full-tree', sha, '--', ...inside], topDir);
  if (!('stdout' in listing)) {
    return { diagnostics: [diagnostic('load/git-unknown-ref', '--base', { line: 0, column: 0 }, `The files of ${ref} could not be listed: ${'stderr' in listing ? listing.stderr.trim() : 'git is missing'}.`, {})] };
  }
  const entries = listing.stdout.split('\0').filter(Boolean).flatMap((line) => {
    const match = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(line);
    return match ? [{ object: match[1]!, path: match[2]! }] : [];
  });
  const contents = await catFiles(entries.map((e) => e.object), topDir);
  return { value: { top: topDir, commit: sha, files: entries.map((entry, index) => ({ path: entry.path, bytes: contents[index]! })) }, diagnostics: [] };
}

type GitRun = { stdout: string } | { failed: true; stderr: string } | { missing: true };

function git(args: readonly string[], cwd: string): Promise<GitRun> {
  return new Promise((resolve) => {
    execFile('git', [...args], { cwd, maxBuffer: MAX_TREE_BYTES, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') resolve({ missing: true });
      else if (error) resolve({ failed: true, stderr: String(stderr) });
      else resolve({ stdout: String(stdout) });
    });
  });
}

/** The contents of many blobs through one `git cat-file --batch`: "<sha> blob <size>\n<bytes>\n" each. */
function catFiles(objects: readonly string[], cwd: string): Promise<Uint8Array[]> {
  if (objects.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let size = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_TREE_BYTES) child.kill();
      else chunks.push(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 || size > MAX_TREE_BYTES) return reject(new Error(`git cat-file stopped (exit ${code}).`));
      const all = Buffer.concat(chunks);
      const out: Uint8Array[] = [];
      let at = 0;
      for (let i = 0; i < objects.length; i += 1) {
        const end = all.indexOf(0x0a, at);
        const header = all.subarray(at, end).toString('utf8').split(' ');
        const length = Number(header[2]);
        out.push(new Uint8Array(all.subarray(end + 1, end + 1 + length)));
        at = end + 1 + length + 1;
      }
      resolve(out);
    });
    child.stdin.end(`${objects.join('\n')}\n`);
  });
}
