// File blame as runs: consecutive lines of one commit share one label (drawn on the run's first
// line) and one colour bucket. A fixed number of buckets means a fixed number of decoration types
// however long the file is. Plain module: no `vscode`.

import { truncate, UNCOMMITTED_ID } from './format';
import { NO_LINE, UNCOMMITTED, type LineMap } from './lineMap';

/** Colour buckets, and so decoration types: `gitAuthorship.fileBlameColor0` … `9`. Bucket 0 is the newest (heatmap). */
export const BUCKETS = 10;
/** Characters of the label column (author and date). */
export const LABEL_WIDTH = 28;

export interface BlameRun {
  /** 0-based, inclusive. */
  start: number;
  end: number;
  /** Commit id; the all-zero id for uncommitted lines. */
  id: string;
  bucket: number;
  label: string;
}

const dayFormat = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });

/** FNV-1a, for a stable colour per author. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function labelFor(authorName: string, authorTime: number): string {
  const day = dayFormat.format(authorTime * 1000);
  return `${day} ${truncate(authorName, LABEL_WIDTH - day.length - 1)}`;
}

export function fileBlameRuns(map: LineMap, colorBy: 'author' | 'age'): BlameRun[] {
  const runs: BlameRun[] = [];
  const commits = map.base.commits;
  let last: BlameRun | undefined;
  let lastCommit = NO_LINE;
  for (let line = 0; line < map.lineCount; line++) {
    const c = map.lineCommit(line);
    if (c === NO_LINE) continue;
    if (last && c === lastCommit && last.end === line - 1) {
      last.end = line;
      continue;
    }
    const commit = c === UNCOMMITTED ? undefined : commits[c]!;
    last = {
      start: line,
      end: line,
      id: commit?.id ?? UNCOMMITTED_ID,
      // Age buckets are ranks, filled in below; uncommitted lines are the newest.
      bucket: commit ? (colorBy === 'author' ? hash(commit.authorEmail.toLowerCase()) % BUCKETS : -1) : 0,
      label: commit ? labelFor(commit.authorName, commit.authorTime) : 'Uncommitted',
    };
    lastCommit = c;
    runs.push(last);
  }
  if (colorBy === 'age') {
    // Rank, not time: a file with one old burst and recent touches still spreads over all colours.
    const times = new Map<string, number>();
    for (const commit of commits) if (commit.id !== UNCOMMITTED_ID) times.set(commit.id, commit.authorTime);
    const used = new Set(runs.map((r) => r.id));
    const order = [...times.entries()].filter(([id]) => used.has(id)).sort((a, b) => b[1] - a[1]).map(([id]) => id);
    const rank = new Map(order.map((id, i) => [id, Math.min(BUCKETS - 1, Math.floor((i * BUCKETS) / Math.max(1, order.length)))]));
    for (const r of runs) if (r.bucket < 0) r.bucket = rank.get(r.id) ?? 0;
  }
  return runs;
}
