// One GitStateWatch (src/blame/gitWatch.ts) per repository whose files are blamed, plus a re-check
// of every repository when the window gains focus (a watcher can miss events).

import * as vscode from 'vscode';

import { GitStateWatch } from '../blame/gitWatch';
import type { RepoLocation } from '../blame/repoRoot';
import type { Log } from '../log';

export class GitWatcher implements vscode.Disposable {
  private readonly repos = new Map<string, Promise<GitStateWatch>>();
  private readonly focus: vscode.Disposable;

  constructor(private readonly onChange: (repo: RepoLocation) => void, private readonly log: Log) {
    this.focus = vscode.window.onDidChangeWindowState((s) => {
      if (s.focused) for (const w of this.repos.values()) void w.then((x) => x.check());
    });
  }

  add(repo: RepoLocation): void {
    if (this.repos.has(repo.gitDir)) return;
    const changed = (r: RepoLocation): void => {
      this.log.info(`git state changed in ${r.workTree}; blame refreshed`);
      this.onChange(r);
    };
    this.repos.set(repo.gitDir, GitStateWatch.start(repo, changed, (m) => this.log.debug(m)));
    this.log.debug(`watching git state of ${repo.workTree}`);
  }

  dispose(): void {
    this.focus.dispose();
    for (const w of this.repos.values()) void w.then((x) => x.close());
    this.repos.clear();
  }
}
