import { describe, expect, test } from 'vitest';

import { BUCKETS, fileBlameRuns, labelFor } from '../../src/blame/fileBlameModel';
import { UNCOMMITTED_ID } from '../../src/blame/format';
import { LineMap } from '../../src/blame/lineMap';
import type { BlameCommit, BlameResult } from '../../src/engine/types';

function commit(id: string, name: string, time: number): BlameCommit {
  return {
    id, authorName: name, authorEmail: `${name.toLowerCase()}@example.com`, authorTime: time, authorTz: '+0000',
    committerName: name, committerEmail: '', committerTime: time, committerTz: '+0000', summary: `by ${name}`, boundary: false,
  };
}

/** A blame whose line i belongs to commits[owner[i]]. */
function result(commits: BlameCommit[], owner: number[]): BlameResult {
  return {
    path: 'f', rev: 'HEAD', lineCount: owner.length,
    origin: Uint32Array.from(owner), sourceLine: Uint32Array.from(owner.map((_, i) => i + 1)), flags: new Uint8Array(owner.length),
    origins: commits.map((_, i) => ({ commit: i, path: 'f' })), commits, warnings: [], stats: { commitsVisited: 0, blobsDiffed: 0, elapsedMs: 0 },
  };
}

const DAY = 86_400;
const commits = [commit('a'.repeat(40), 'Ann', 100 * DAY), commit('b'.repeat(40), 'Bob', 200 * DAY), commit('c'.repeat(40), 'Cy', 300 * DAY)];

describe('fileBlameRuns', () => {
  test('one run per stretch of a commit, labelled once; inserted lines form an uncommitted run', () => {
    const text = 'l1\nl2\nl3\nl4\nl5\n';
    const map = new LineMap(result(commits, [0, 0, 1, 1, 0]), text);
    map.apply({ startLine: 3, startCharacter: 0, endLine: 3, endCharacter: 0, text: 'new\n' });
    const runs = fileBlameRuns(map, 'age');
    expect(runs.map((r) => [r.start, r.end, r.id[0], r.label])).toEqual([
      [0, 1, 'a', labelFor('Ann', 100 * DAY)],
      [2, 2, 'b', labelFor('Bob', 200 * DAY)],
      [3, 3, '0', 'Uncommitted'],
      [4, 4, 'b', labelFor('Bob', 200 * DAY)],
      [5, 5, 'a', labelFor('Ann', 100 * DAY)],
    ]);
    expect(runs[2]!.id).toBe(UNCOMMITTED_ID);
    // The empty line after the final newline has no run.
    expect(runs.at(-1)!.end).toBe(5);
  });

  test('age buckets: newest commit 0, older ones higher; author buckets: one per email', () => {
    const map = new LineMap(result(commits, [0, 1, 2]), 'x\ny\nz');
    const byAge = fileBlameRuns(map, 'age').map((r) => r.bucket);
    expect(byAge[2]).toBe(0);
    expect(byAge[0]).toBeGreaterThan(byAge[1]!);
    expect(byAge[0]).toBeLessThan(BUCKETS);
    const byAuthor = fileBlameRuns(new LineMap(result(commits, [0, 1, 0]), 'x\ny\nz'), 'author').map((r) => r.bucket);
    expect(byAuthor[0]).toBe(byAuthor[2]);
    for (const b of byAuthor) expect(b >= 0 && b < BUCKETS).toBe(true);
  });

  test('labels fit the column: a long name is cut with an ellipsis', () => {
    const label = labelFor('Bartholomew Longname-Featherstonehaugh', 0);
    expect([...label].length).toBeLessThanOrEqual(28);
    expect(label).toMatch(/^1970-01-01 Bartholomew .*…$/);
  });
});
