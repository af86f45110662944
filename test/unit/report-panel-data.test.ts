// The panel's data helpers in plain Node: the timeline buckets, the Blame tab's compact view, and the
// guard on messages from the webview.

import { describe, expect, it } from 'vitest';
import { buildRepositoryReport } from '../../src/report/model';
import { buildTimeline, periodStart } from '../../src/report/timeline';
import { blameView, splitLines } from '../../src/report/blameView';
import { parseWebviewMessage } from '../../src/report/protocol';
import { notificationText } from '../../src/report/format/sanitize';
import type { BlameResult, CommitRecord, RepositoryAnalysis } from '../../src/engine/types';

const T = Date.UTC(2024, 0, 31, 12) / 1000; // Wednesday 31 January 2024, noon UTC
const DAY = 86_400;

const analysis: RepositoryAnalysis = {
  name: 'r',
  path: '/r',
  head: 'h'.repeat(40),
  headTime: T,
  authors: [
    { name: 'Ann', email: 'ann@x', aliases: [{ name: 'Ann', email: 'ann@x' }, { name: 'A.', email: 'ANN@home' }], commits: 3, excluded: false },
    { name: 'Bot', email: 'bot@x', aliases: [{ name: 'Bot', email: 'bot@x' }], commits: 1, excluded: true },
  ],
  files: [{ path: 'a', formerPaths: [], size: 1, totalLines: 1 }],
  cells: [{ author: 0, file: 0, lines: 1, insertions: 1, deletions: 0, commits: 1, insertionTimeSum: T, lineTimeSum: T }],
  skipped: [],
  warnings: [],
  stats: { commitsWalked: 1, filesAnalyzed: 1, linesAnalyzed: 1, phases: [] },
};

function commit(sha: string, name: string, email: string, time: number, additions: number, deletions: number, message = 'change', isMerge = false): CommitRecord {
  return { sha, message, authorName: name, authorEmail: email, authorTime: time, authorOffset: 0, committerName: name, committerEmail: email, committerTime: time, committerOffset: 0, additions, deletions, isMerge };
}

describe('timeline', () => {
  const report = buildRepositoryReport(analysis, { now: T });
  const commits = [
    commit('aaaa1', 'Ann', 'ann@x', T, 5, 1),
    commit('bbbb2', 'A.', 'ann@home', T + 2 * DAY, 3, 0), // an alias, by email (case-insensitive): Ann; 2 February
    commit('cccc3', 'Bot', 'bot@x', T, 100, 100), // excluded person
    commit('dddd4', 'Zed', 'zed@x', T - 40 * DAY, 7, 2), // nobody in the report: Others; December 2023
    commit('eeee5', 'Ann', 'ann@x', T, 50, 50, 'Merge x', true), // merges carry none
    commit('ffff6', 'Ann', 'ann@x', T, 9, 9, 'WIP: skip me'),
    commit('abcd7', 'Ann', 'ann@x', T, 11, 11),
  ];

  it('by month: every month from the first commit to the last, people by alias, exclusions applied', () => {
    const t = buildTimeline(report, commits, { excludeMessages: ['wip*'], excludeRevisions: ['ABCD'] }, 'month');
    expect(t.labels).toEqual(['2023-12', '2024-01', '2024-02']);
    expect(t.series).toEqual([
      { name: 'Ann', email: 'ann@x', rank: 0, insertions: [0, 5, 3], deletions: [0, 1, 0] },
      { name: 'Others', email: '', rank: -1, insertions: [7, 0, 0], deletions: [2, 0, 0] },
    ]);
  });

  it('by week: periods start on Mondays (UTC)', () => {
    expect(new Date(periodStart(T, 'week') * 1000).toISOString()).toBe('2024-01-29T00:00:00.000Z');
    const t = buildTimeline(report, commits.slice(0, 2), {}, 'week');
    expect(t.labels).toEqual(['2024-01-29']);
    expect(t.series[0]!.insertions).toEqual([8]);
    expect(buildTimeline(report, [], {}, 'week')).toEqual({ granularity: 'week', periods: [], labels: [], series: [] });
  });
});

describe('blame view', () => {
  it('lists each commit once and one text line per blamed line', () => {
    const c = (id: string, name: string) => ({ id, authorName: name, authorEmail: `${name}@x`, authorTime: T, authorTz: '+0000', committerName: name, committerEmail: `${name}@x`, committerTime: T, committerTz: '+0000', summary: `by ${name}`, boundary: false });
    const result: BlameResult = {
      path: 'f.ts',
      rev: 'r'.repeat(40),
      lineCount: 3,
      origin: Uint32Array.from([1, 0, 1]),
      sourceLine: Uint32Array.from([1, 1, 2]),
      flags: new Uint8Array(3),
      origins: [{ commit: 0, path: 'f.ts' }, { commit: 1, path: 'old.ts' }],
      commits: [c('1'.repeat(40), 'ann'), c('2'.repeat(40), 'bob')],
      text: new TextEncoder().encode('one\r\ntwo <b>\nthree'),
      warnings: [],
      stats: { commitsVisited: 2, blobsDiffed: 1, elapsedMs: 1 },
    };
    const v = blameView('/r', result);
    expect(v.commits.map((x) => x.author)).toEqual(['bob', 'ann']);
    expect(v.lineCommit).toEqual([0, 1, 0]);
    expect(v.text).toEqual(['one', 'two <b>', 'three']);
    expect(splitLines(new TextEncoder().encode('a\n'), 1)).toEqual(['a']);
    expect(splitLines(undefined, 2)).toEqual(['', '']);
  });
});

describe('messages from the webview', () => {
  it('accepts the known shapes and refuses anything else', () => {
    expect(parseWebviewMessage({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(parseWebviewMessage({ type: 'openFile', repo: '/r', path: 'a.ts', extra: 1 })).toEqual({ type: 'openFile', repo: '/r', path: 'a.ts' });
    expect(parseWebviewMessage({ type: 'export', format: 'csv', table: 'files' })).toEqual({ type: 'export', format: 'csv', table: 'files' });
    expect(parseWebviewMessage({ type: 'rerun', values: { since: '2024-01-01' } })).toEqual({ type: 'rerun', values: { since: '2024-01-01' } });
    for (const bad of [null, 'ready', {}, { type: 'openFile', repo: 1, path: 'a' }, { type: 'export', format: 'exe' }, { type: 'export', format: 'csv', table: 'x' }, { type: 'saveSettings', values: { engine: 'git' } }, { type: 'rerun', values: [] }, { type: 'run' }]) {
      expect(parseWebviewMessage(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });
});

describe('notification text', () => {
  it('a repository name cannot make a link in a notification', () => {
    expect(notificationText('Git Authorship: could not analyse [x](command:workbench.action.quit)')).toBe('Git Authorship: could not analyse [x] (command:workbench.action.quit)');
    expect(notificationText('a ] ( b')).toBe('a ] ( b');
    expect(notificationText('plain [text] (here)')).toBe('plain [text] (here)');
  });
});
