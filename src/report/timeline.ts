// The Timeline tab's data: insertions and deletions per person per month or per week, from
// extractCommits (GitFleet's commit records: the whole repository, not only the analysed files).
// Commits are given to the report's merged people by alias (email, then name); commits of excluded
// people, with an excluded message or an excluded revision prefix are left out; merges carry none.

import type { AnalysisSettings, CommitRecord } from '../engine/types';
import { textMatcher } from '../engine/glob';
import type { RepositoryReport } from './model';
import { peopleIndex } from './people';

export type Granularity = 'month' | 'week';

export interface TimelineSeries {
  /** The report's person (name and email as in the Authors table); "Others" for commits of nobody in it. */
  name: string;
  email: string;
  /** Index in the Authors table (the author colour), -1 for Others. */
  rank: number;
  insertions: number[];
  deletions: number[];
}

export interface Timeline {
  granularity: Granularity;
  /** Period starts (unix seconds, UTC), oldest first, one per month/week from the first commit to the last. */
  periods: number[];
  /** Labels: `2024-03` for months, `2024-03-04` (the Monday) for weeks. */
  labels: string[];
  series: TimelineSeries[];
}

const DAY = 86_400;

export function periodStart(time: number, granularity: Granularity): number {
  const d = new Date(time * 1000);
  if (granularity === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) / 1000;
  return midnight - ((d.getUTCDay() + 6) % 7) * DAY; // back to Monday
}

function nextPeriod(start: number, granularity: Granularity): number {
  if (granularity === 'week') return start + 7 * DAY;
  const d = new Date(start * 1000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000;
}

function label(start: number, granularity: Granularity): string {
  const iso = new Date(start * 1000).toISOString();
  return granularity === 'month' ? iso.slice(0, 7) : iso.slice(0, 10);
}

/** At most this many periods: a long history by week would be thousands of bars. */
export const MAX_PERIODS = 600;

export function buildTimeline(report: RepositoryReport, commits: CommitRecord[], settings: AnalysisSettings, granularity: Granularity): Timeline {
  const people = peopleIndex(report);
  const excludedMessage = textMatcher(settings.excludeMessages);
  const excludedRevisions = (settings.excludeRevisions ?? []).map((r) => r.toLowerCase());

  const kept = commits.filter(
    (c) =>
      !c.isMerge &&
      !people.excluded(c.authorName, c.authorEmail) &&
      !excludedMessage(c.message.split('\n')[0] ?? '') &&
      !excludedRevisions.some((r) => c.sha.startsWith(r)),
  );
  if (kept.length === 0) return { granularity, periods: [], labels: [], series: [] };
  let first = Infinity;
  let last = -Infinity;
  for (const c of kept) {
    first = Math.min(first, c.authorTime);
    last = Math.max(last, c.authorTime);
  }
  const periods: number[] = [];
  const lastStart = periodStart(last, granularity);
  for (let p = periodStart(first, granularity); p <= lastStart; p = nextPeriod(p, granularity)) periods.push(p);
  // Too many periods: keep the most recent ones (older commits fall out of the chart, not the tables).
  if (periods.length > MAX_PERIODS) periods.splice(0, periods.length - MAX_PERIODS);
  const index = new Map(periods.map((p, i) => [p, i]));

  const others = report.authors.length;
  const series: TimelineSeries[] = [...report.authors.map((a) => ({ name: a.name, email: a.email })), { name: 'Others', email: '' }].map((p, rank) => ({
    ...p,
    rank: rank === others ? -1 : rank,
    insertions: new Array<number>(periods.length).fill(0),
    deletions: new Array<number>(periods.length).fill(0),
  }));
  for (const c of kept) {
    const i = index.get(periodStart(c.authorTime, granularity));
    if (i === undefined) continue;
    const person = people.find(c.authorName, c.authorEmail) ?? others;
    series[person]!.insertions[i]! += c.additions;
    series[person]!.deletions[i]! += c.deletions;
  }
  return { granularity, periods, labels: periods.map((p) => label(p, granularity)), series: series.filter((s) => s.insertions.some(Boolean) || s.deletions.some(Boolean)) };
}
