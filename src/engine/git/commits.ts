// extractCommits on the git CLI: one `git log --numstat` walk (GitFleet's commit record).

import { EngineError, type CommitRecord, type CommitsOptions } from '../types';
import { parseDateBound } from '../dates';
import { asEngineError } from './errors';
import { parseLog, parseRawDate } from './log-parse';
import { resolveCommit, workTreeOf } from './repo';
import { gitText } from './run';

/**
 * Rules (shared with the native engine): commits reachable from `rev` (default HEAD) in git log's
 * default order; `since`/`until` filter on the committer time (inclusive); additions/deletions are
 * git's numstat with rename detection (-M, git's default) against the parent (binary files count 0; merges have none); `message` is the
 * raw message without trailing newlines.
 */
export async function extractCommits(repo: string, options: CommitsOptions = {}): Promise<CommitRecord[]> {
  const signal = options.signal;
  try {
    const workTree = await workTreeOf(repo, signal);
    const head = await resolveCommit(workTree, options.rev ?? 'HEAD', signal);
    const since = options.since ? parseDateBound(options.since, 'start') : -Infinity;
    const until = options.until ? parseDateBound(options.until, 'end') : Infinity;
    const mailmap = options.mailmap !== false;
    const format = ['%H', '%P', mailmap ? '%aN' : '%an', mailmap ? '%aE' : '%ae', '%ad', mailmap ? '%cN' : '%cn', mailmap ? '%cE' : '%ce', '%cd', '%B'];
    const out = await gitText(
      workTree,
      ['log', '-z', '--numstat', '-M', '--date=raw', `--format=%x1e${format.join('%x00')}`, head, '--'],
      { signal },
    );
    const result: CommitRecord[] = [];
    for (const { fields, numstat } of parseLog(out, format.length)) {
      const [sha, parents, an, ae, ad, cn, ce, cd, message] = fields as string[];
      const author = parseRawDate(ad!);
      const committer = parseRawDate(cd!);
      if (committer.time < since || committer.time > until) continue;
      let additions = 0;
      let deletions = 0;
      for (const n of numstat) {
        additions += n.added ?? 0;
        deletions += n.deleted ?? 0;
      }
      result.push({
        sha: sha!,
        message: (message ?? '').replace(/\n+$/, ''),
        authorName: an!,
        authorEmail: ae!,
        authorTime: author.time,
        authorOffset: author.offset,
        committerName: cn!,
        committerEmail: ce!,
        committerTime: committer.time,
        committerOffset: committer.offset,
        additions,
        deletions,
        isMerge: parents!.trim().split(' ').filter(Boolean).length > 1,
      });
    }
    return result;
  } catch (err) {
    if (err instanceof EngineError) throw err;
    throw asEngineError(err);
  }
}
