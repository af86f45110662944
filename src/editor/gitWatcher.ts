// Notices git operations (commit, checkout, rebase, stash, pull, reset — from VS Code, a terminal
// or another tool) in the repositories whose files are blamed. Node's fs.watch on the git dir
// (HEAD, index, ORIG_HEAD, packed-refs: not recursive) and on refs/ and logs/refs/ (recursive);
// a matching event, after a short quiet time, recomputes the fingerprint of gitState.ts and reports
// the repository only if it changed. Watchers can miss events (network file systems, editors
// remote from the repository), so window focus also re-checks every repository.

import { watch, type FSWatcher } from 'node:fs';
import { join, relative, sep } from 'node:path';

import * as vscode from 'vscode';

import { gitStateFingerprint, isStatePath } from '../blame/gitState';
import type { RepoLocation } from '../blame/repoRoot';
import type { Log } from '../log';

/** git writes several files per operation: wait for it to settle (ms). */
const SETTLE_MS = 250;

interface Watched {
  repo: RepoLocation;
  fingerprint: string;
  watchers: FSWatcher[];
  timer?: ReturnType<typeof setTimeout>;
}

export class GitWatcher implements vscode.Disposable {
  private readonly repos = new Map<string, Watched>();
  private readonly focus: vscode.Disposable;

  constructor(private readonly onChange: (repo: RepoLocation) => void, private readonly log: Log) {
    this.focus = vscode.window.onDidChangeWindowState((s) => {
      if (s.focused) for (const w of this.repos.values()) void this.check(w);
    });
  }

  async add(repo: RepoLocation): Promise<void> {
    if (this.repos.has(repo.gitDir)) return;
    const w: Watched = { repo, fingerprint: await gitStateFingerprint(repo), watchers: [] };
    this.repos.set(repo.gitDir, w);
    const listen = (dir: string, recursive: boolean): void => {
      try {
        const watcher = watch(dir, { recursive, persistent: false }, (_event, file) => {
          const rel = relative(w.repo.gitDir === dir ? dir : w.repo.commonDir, join(dir, file?.toString() ?? '')).split(sep).join('/');
          // No file name (some platforms): check anyway.
          if (!file || isStatePath(rel)) this.schedule(w);
        });
        watcher.on('error', (err) => this.log.debug(`git watcher ${dir}: ${err.message}`));
        w.watchers.push(watcher);
      } catch (err) {
        this.log.debug(`cannot watch ${dir}: ${(err as Error).message}`);
      }
    };
    listen(repo.gitDir, false);
    listen(join(repo.commonDir, 'refs'), true);
    listen(join(repo.commonDir, 'logs', 'refs'), true);
    if (repo.commonDir !== repo.gitDir) listen(repo.commonDir, false); // packed-refs of a linked worktree
    this.log.debug(`watching git state of ${repo.workTree}`);
  }

  private schedule(w: Watched): void {
    clearTimeout(w.timer);
    w.timer = setTimeout(() => void this.check(w), SETTLE_MS);
  }

  private async check(w: Watched): Promise<void> {
    const now = await gitStateFingerprint(w.repo);
    if (now === w.fingerprint) return;
    w.fingerprint = now;
    this.log.info(`git state changed in ${w.repo.workTree}; blame refreshed`);
    this.onChange(w.repo);
  }

  dispose(): void {
    this.focus.dispose();
    for (const w of this.repos.values()) {
      clearTimeout(w.timer);
      for (const x of w.watchers) x.close();
    }
    this.repos.clear();
  }
}
