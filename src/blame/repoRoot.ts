// Which repository a file belongs to: walk up from the file to the nearest `.git`, a folder (a
// normal work tree) or a file (`gitdir: …`: a linked worktree or a submodule). The nearest one wins,
// so a file inside a submodule belongs to the submodule. Plain module: no `vscode`.

import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export interface RepoLocation {
  /** The work tree: what the engine takes as `repo`. */
  workTree: string;
  /** This work tree's git dir: HEAD and index live here. */
  gitDir: string;
  /** The shared git dir: refs, packed-refs, logs (the same as gitDir except for linked worktrees). */
  commonDir: string;
}

async function kind(path: string): Promise<'dir' | 'file' | undefined> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

async function readTrimmed(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/** The git dir a `.git` file points at, and its common dir. */
async function fromGitFile(gitFile: string): Promise<{ gitDir: string; commonDir: string } | undefined> {
  const content = await readTrimmed(gitFile);
  const m = content && /^gitdir:\s*(.+)$/m.exec(content);
  if (!m) return undefined;
  const gitDir = resolve(dirname(gitFile), m[1]!.trim());
  if ((await kind(gitDir)) !== 'dir') return undefined;
  return { gitDir, commonDir: await commonDirOf(gitDir) };
}

async function commonDirOf(gitDir: string): Promise<string> {
  const common = await readTrimmed(join(gitDir, 'commondir'));
  return common ? resolve(gitDir, common) : gitDir;
}

/** The repository holding `file` (an absolute path), or undefined outside any work tree. */
export async function findRepo(file: string): Promise<RepoLocation | undefined> {
  let dir = dirname(resolve(file));
  for (;;) {
    const dotGit = join(dir, '.git');
    const k = await kind(dotGit);
    if (k === 'dir' && (await kind(join(dotGit, 'HEAD'))) === 'file') {
      return { workTree: dir, gitDir: dotGit, commonDir: await commonDirOf(dotGit) };
    }
    if (k === 'file') {
      const dirs = await fromGitFile(dotGit);
      if (dirs) return { workTree: dir, ...dirs };
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** `file` relative to the work tree, `/`-separated (the engine's path form); undefined if outside it or inside `.git`. */
export function repoRelative(workTree: string, file: string): string | undefined {
  const rel = relative(workTree, file);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  const posix = rel.split(sep).join('/');
  if (posix === '.git' || posix.startsWith('.git/')) return undefined;
  return posix;
}

/**
 * Where the text an editor shows for `file` comes from: its repository and work-tree path. A
 * symlink shows its target's text, so the target is blamed (git, and the engine, blame a link as
 * its own blob: one line naming the target), and a file reached through a symlinked folder is
 * found in its real repository. Undefined outside any work tree.
 */
export async function locateShownFile(file: string): Promise<{ repo: RepoLocation; path: string } | undefined> {
  const shown = await realpath(file).catch(() => file);
  const repo = await findRepo(shown);
  const path = repo && repoRelative(repo.workTree, shown);
  return repo && path ? { repo, path } : undefined;
}
