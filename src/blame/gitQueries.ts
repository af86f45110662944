// What BlameResult does not carry, asked of git through the fallback engine's safe runner
// (argument arrays, `core.fsmonitor=false`, no pager, never a shell): a commit's full message and a
// file's bytes at a revision. `cat-file` runs no textconv or filter programs a repository may name.
// Plain module: no `vscode`.

import { blobAt } from '../engine/git/repo';
import { gitText } from '../engine/git/run';

const messages = new Map<string, string>();

/** The full message of a commit (cached: a commit id never changes its message). */
export async function commitMessage(repo: string, id: string, signal?: AbortSignal): Promise<string> {
  const hit = messages.get(id);
  if (hit !== undefined) return hit;
  const text = (await gitText(repo, ['log', '-1', '--no-show-signature', '--format=%B', id, '--'], { signal })).replace(/\s+$/, '');
  if (messages.size > 500) messages.clear();
  messages.set(id, text);
  return text;
}

/** The file `path` at `rev`, as UTF-8 text; '' when the path does not exist there. */
export async function fileAtRevision(repo: string, rev: string, path: string, signal?: AbortSignal): Promise<string> {
  try {
    return (await blobAt(repo, `${rev}:${path}`, signal))?.toString('utf8') ?? '';
  } catch (err) {
    if ((err as { code?: string }).code === 'ABORTED') throw err;
    return '';
  }
}
