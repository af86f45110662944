// git's own answers, to compare the engines with. Run through simple-git (strings) or the fixture's
// CLI wrapper (bytes, for byte-exact porcelain).

import { simpleGit } from 'simple-git';
import type { RepoBuilder } from '../fixtures/builder';

export function referenceGit(dir: string) {
  return simpleGit({ baseDir: dir, unsafe: { allowUnsafeFsMonitor: true, allowUnsafePager: true } });
}

/** `git blame --porcelain [extra] <rev> -- path` bytes. */
export function gitPorcelain(repo: RepoBuilder, path: string, extra: string[] = [], rev = 'HEAD'): Buffer {
  return repo.gitBytes(['blame', '--porcelain', ...extra, ...(rev ? [rev] : []), '--', path]);
}

/** Replaces the uncommitted pseudo-commit's times (they are "now") so two runs compare. */
export function normalizeNotCommitted(porcelain: Buffer | string): string {
  return porcelain
    .toString('latin1')
    .replace(/^((?:author|committer)-time) \d+$/gm, (line, key: string) => `${key} <time>`);
}
