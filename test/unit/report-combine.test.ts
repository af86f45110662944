// The combined view: people merged across repositories by a shared email or name, files named
// `<repository>/<path>`, and the model's totals spanning every repository.

import { describe, expect, it } from 'vitest';
import { combineAnalyses, sourcesOf } from '../../src/report/combine';
import { buildRepositoryReport } from '../../src/report/model';
import type { RepositoryAnalysis } from '../../src/engine/types';

const NOW = 1_700_000_000;

function repo(name: string, path: string, authors: [string, string, number, boolean?][], cells: [number, string, number][]): RepositoryAnalysis {
  const files = [...new Set(cells.map((c) => c[1]))];
  return {
    name,
    path,
    head: 'a'.repeat(40),
    headTime: NOW,
    authors: authors.map(([n, e, commits, excluded]) => ({ name: n, email: e, aliases: [{ name: n, email: e }], commits, excluded: excluded ?? false })),
    files: files.map((p) => ({ path: p, formerPaths: [], size: 1, totalLines: 1 })),
    cells: cells.map(([author, file, lines]) => ({ author, file: files.indexOf(file), lines, insertions: lines, deletions: 0, commits: 1, insertionTimeSum: lines * NOW, lineTimeSum: lines * NOW })),
    skipped: [{ path: 'x.png', reason: 'binary' }],
    warnings: [],
    stats: { commitsWalked: 2, filesAnalyzed: files.length, linesAnalyzed: 10, phases: [{ name: 'blame', ms: 5 }] },
  };
}

describe('combined view', () => {
  const one = repo('app', '/w/app', [['Ann Lee', 'ann@x', 3], ['Bob', 'bob@x', 1]], [[0, 'a.ts', 6], [1, 'a.ts', 2]]);
  const two = repo('lib', '/w/lib', [['Ann Lee', 'ann@home', 1], ['Robert', 'BOB@x', 2], ['Bot', 'bot@x', 5, true]], [[0, 'b.ts', 1], [1, 'b.ts', 3], [2, 'b.ts', 9]]);
  const three = repo('app', '/w/other/app', [['Cy', 'cy@x', 1]], [[0, 'a.ts', 4]]);

  it('merges people by shared name (Ann) and shared email, case-insensitive (Bob = Robert)', () => {
    const { analysis } = combineAnalyses([one, two]);
    const people = analysis.authors.map((a) => [a.name, a.email, a.commits, a.excluded, a.aliases.length]);
    expect(people).toEqual([
      ['Ann Lee', 'ann@x', 4, false, 2],
      ['Robert', 'BOB@x', 3, false, 2],
      ['Bot', 'bot@x', 5, true, 1],
    ]);
    const report = buildRepositoryReport(analysis, { now: NOW });
    expect(report.authors.map((a) => [a.name, a.lines, a.percentLines])).toEqual([
      ['Ann Lee', 7, 58.333333333333336],
      ['Robert', 5, 41.666666666666664],
    ]);
    expect(report.files.map((f) => [f.path, f.lines])).toEqual([
      ['app/a.ts', 8],
      ['lib/b.ts', 4],
    ]);
    expect(analysis.skipped.map((s) => s.path)).toEqual(['app/x.png', 'lib/x.png']);
    expect(analysis.stats).toMatchObject({ commitsWalked: 4, filesAnalyzed: 2, phases: [{ name: 'blame', ms: 10 }] });
  });

  it('repositories with the same folder name get distinct prefixes', () => {
    expect(sourcesOf([one, two, three])).toEqual([
      { prefix: 'app', repo: '/w/app' },
      { prefix: 'lib', repo: '/w/lib' },
      { prefix: 'app (2)', repo: '/w/other/app' },
    ]);
    expect(combineAnalyses([one, three]).analysis.files.map((f) => f.path)).toEqual(['app/a.ts', 'app (2)/a.ts']);
  });
});
