// File blame as runs: consecutive lines of one commit share one label (drawn on the run's first
// line) and one colour bucket. A fixed number of buckets means a fixed number of decoration types
// however long the file is. Plain module: no `vscode`.

import { truncate } from './format';
import type { LineMap } from './lineMap';

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
  const times = new Map<string, number>();
  for (let line = 0; line < map.lineCount; line++) {
    const b = map.lineBlame(line);
    if (b.kind === 'none') continue;
    const id = b.kind === 'commit' ? b.commit.id : '0'.repeat(40);
    const last = runs[runs.length - 1];
    if (last && last.id === id && last.end === line - 1) {
      last.end = line;
      continue;
    }
    let label = 'Uncommitted';
    let bucket = 0;
    if (b.kind === 'commit') {
      label = labelFor(b.commit.authorName, b.commit.authorTime);
      times.set(id, b.commit.authorTime);
      bucket = colorBy === 'author' ? hash(b.commit.authorEmail.toLowerCase()) % BUCKETS : -1;
    }
    runs.push({ start: line, end: line, id, bucket, label });
  }
  if (colorBy === 'age') {
    // Rank, not time: a file with one old burst and recent touches still spreads over all colours.
    const order = [...times.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
    const rank = new Map(order.map((id, i) => [id, Math.min(BUCKETS - 1, Math.floor((i * BUCKETS) / Math.max(1, order.length)))]));
    for (const r of runs) if (r.bucket < 0) r.bucket = rank.get(r.id) ?? 0;
  }
  return runs;
}
