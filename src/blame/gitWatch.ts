// Notices git operations (commit, checkout, rebase, stash, pull, reset — from VS Code, a terminal
// or another tool) in a repository: Node's fs.watch on the git dir (HEAD, index, ORIG_HEAD,
// packed-refs: not recursive) and on refs/ and logs/refs/ (recursive); a matching event, after a
// short quiet time, recomputes the fingerprint of gitState.ts and reports the repository only if it
// changed. Plain module (no `vscode`): the editor side adds a re-check on window focus, since
// watchers can miss events (network file systems, remote editors).

import { watch, type FSWatcher } from 'node:fs';
import { join, relative, sep } from 'node:path';

import { gitStateFingerprint, isStatePath } from './gitState';
import type { RepoLocation } from './repoRoot';

/** git writes several files per operation: wait for it to settle (ms). */
export const SETTLE_MS = 250;

export class GitStateWatch {
  private fingerprint = '';
  private readonly watchers: FSWatcher[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  private constructor(
    readonly repo: RepoLocation,
    private readonly onChange: (repo: RepoLocation) => void,
    private readonly onError: (message: string) => void,
  ) {}

  /** Starts watching; `onChange` runs after each operation that changed the fingerprint. */
  static async start(repo: RepoLocation, onChange: (repo: RepoLocation) => void, onError: (message: string) => void = () => {}): Promise<GitStateWatch> {
    const w = new GitStateWatch(repo, onChange, onError);
    w.fingerprint = await gitStateFingerprint(repo);
    w.listen(repo.gitDir, repo.gitDir, false);
    w.listen(join(repo.commonDir, 'refs'), repo.commonDir, true);
    w.listen(join(repo.commonDir, 'logs', 'refs'), repo.commonDir, true);
    if (repo.commonDir !== repo.gitDir) w.listen(repo.commonDir, repo.commonDir, false); // packed-refs of a linked worktree
    return w;
  }

  private listen(dir: string, base: string, recursive: boolean): void {
    try {
      const watcher = watch(dir, { recursive, persistent: false }, (_event, file) => {
        const rel = relative(base, join(dir, file?.toString() ?? '')).split(sep).join('/');
        // No file name (some platforms): look anyway.
        if (!file || isStatePath(rel)) this.schedule();
      });
      watcher.on('error', (err) => this.onError(`git watcher ${dir}: ${err.message}`));
      this.watchers.push(watcher);
    } catch (err) {
      // refs/ or logs/refs/ may not exist yet (a fresh repository): HEAD and packed-refs still are watched.
      this.onError(`cannot watch ${dir}: ${(err as Error).message}`);
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check(), SETTLE_MS);
  }

  /** Compares the fingerprint now with the last one; reports a change. Also for callers' own triggers. */
  async check(): Promise<boolean> {
    const now = await gitStateFingerprint(this.repo);
    if (this.closed || now === this.fingerprint) return false;
    this.fingerprint = now;
    this.onChange(this.repo);
    return true;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
  }
}
