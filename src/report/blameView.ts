// The Blame tab's data: one file's BlameResult turned into what the webview draws, compact enough to
// post (commits once, then one commit index and one text line per line).

import type { BlameResult } from '../engine/types';

export interface BlameViewCommit {
  sha: string;
  author: string;
  email: string;
  /** Unix seconds. */
  time: number;
  summary: string;
}

export interface BlameView {
  repo: string;
  path: string;
  /** The revision blamed (the report's head). */
  rev: string;
  commits: BlameViewCommit[];
  /** Per line (0-based): index into `commits`. */
  lineCommit: number[];
  /** Per line: its text, without the line ending. */
  text: string[];
}

/** Splits the blamed bytes into `lineCount` lines (a last line without a newline counts; the empty text after a final newline does not). */
export function splitLines(bytes: Uint8Array | undefined, lineCount: number): string[] {
  const text = bytes ? new TextDecoder('utf-8').decode(bytes) : '';
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > lineCount) lines.length = lineCount;
  while (lines.length < lineCount) lines.push('');
  return lines;
}

export function blameView(repo: string, result: BlameResult): BlameView {
  const used = new Map<number, number>();
  const commits: BlameViewCommit[] = [];
  const lineCommit: number[] = new Array(result.lineCount);
  for (let i = 0; i < result.lineCount; i++) {
    const c = result.origins[result.origin[i]!]!.commit;
    let index = used.get(c);
    if (index === undefined) {
      const commit = result.commits[c]!;
      index = commits.length;
      used.set(c, index);
      commits.push({ sha: commit.id, author: commit.authorName, email: commit.authorEmail, time: commit.authorTime, summary: commit.summary });
    }
    lineCommit[i] = index;
  }
  return { repo, path: result.path, rev: result.rev, commits, lineCommit, text: splitLines(result.text, result.lineCount) };
}
