// When cached blames go stale: which files under a git dir signal a change, and a cheap fingerprint
// of the state a blame depends on. Plain module: no `vscode`.
//
// A blame of the buffer is "HEAD's history + the buffer's text". The text is in the cache key
// (cache.ts), so what must be watched is HEAD: the symbolic ref, the commit it resolves to (loose
// ref or packed-refs), and in-progress operations (MERGE_HEAD, ORIG_HEAD written by reset, rebase,
// merge, pull), plus the stash ref the issue names. The index is watched as a *trigger* (most
// operations write it last, so its event comes after the refs settled) but is not part of the
// fingerprint: blame does not read it, and VS Code's own git extension refreshes it on every
// `git status`, which must not throw away every blame.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { RepoLocation } from './repoRoot';

/** Glob (relative to a git dir) of the files whose change may change a blame, for file watchers. */
export const GIT_STATE_GLOB = '{HEAD,ORIG_HEAD,MERGE_HEAD,CHERRY_PICK_HEAD,REVERT_HEAD,REBASE_HEAD,index,packed-refs,refs/**,logs/refs/stash}';

/** True for a path (relative to a git dir, `/`-separated) whose change should be looked at. */
export function isStatePath(rel: string): boolean {
  if (rel.endsWith('.lock')) return false; // git writes `X.lock` then renames it to `X`: the rename is the change
  if (/^(HEAD|ORIG_HEAD|MERGE_HEAD|CHERRY_PICK_HEAD|REVERT_HEAD|REBASE_HEAD|index|packed-refs)$/.test(rel)) return true;
  return rel.startsWith('refs/') || rel === 'logs/refs/stash';
}

async function read(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/** The id a ref name points at: its loose file, else its packed-refs line (symbolic refs followed). */
export async function resolveRef(dirs: Pick<RepoLocation, 'gitDir' | 'commonDir'>, name: string, depth = 0): Promise<string | undefined> {
  // Per-worktree refs (HEAD, ORIG_HEAD…) live in the git dir; shared ones (refs/…) in the common dir.
  const file = name.startsWith('refs/') ? join(dirs.commonDir, name) : join(dirs.gitDir, name);
  const loose = await read(file);
  if (loose !== undefined) {
    const sym = /^ref:\s*(\S+)/.exec(loose);
    if (sym) return depth < 5 ? resolveRef(dirs, sym[1]!, depth + 1) : undefined;
    return loose.split(/\s/)[0];
  }
  if (!name.startsWith('refs/')) return undefined;
  const packed = await read(join(dirs.commonDir, 'packed-refs'));
  for (const line of packed?.split('\n') ?? []) {
    const m = /^([0-9a-f]{40,64}) (\S+)$/.exec(line);
    if (m && m[2] === name) return m[1];
  }
  return undefined;
}

/** A string that changes whenever HEAD (what it names or resolves to), a merge/reset marker or the stash changes. */
export async function gitStateFingerprint(dirs: Pick<RepoLocation, 'gitDir' | 'commonDir'>): Promise<string> {
  const [head, commit, orig, merge, stash] = await Promise.all([
    read(join(dirs.gitDir, 'HEAD')),
    resolveRef(dirs, 'HEAD'),
    read(join(dirs.gitDir, 'ORIG_HEAD')),
    read(join(dirs.gitDir, 'MERGE_HEAD')),
    resolveRef(dirs, 'refs/stash'),
  ]);
  return [head, commit, orig, merge, stash].map((s) => s ?? '-').join('|');
}
