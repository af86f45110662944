// The report model (buildRepositoryReport) on a generated repository, through each engine: exact
// values of the derived columns under the report's settings (defaults, comments and empty lines,
// excluded authors and messages, file filters, n largest files, the date window). The per-cell
// numbers themselves are cross-checked with git in analyze.test.ts; here the defaults are checked
// against git too, and the settings' effects against hand-computed values of this small history.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_TIME, RepoBuilder } from '../fixtures/builder';
import { enginesUnderTest } from '../helpers/engines';
import { buildRepositoryReport, type RepositoryReport } from '../../src/report/model';
import { parseReportSettings } from '../../src/report/settings';
import type { AnalysisSettings } from '../../src/engine/types';

const ALICE = 'Alice Archer <alice@example.com>';
const ALICE_SHORT = 'A. Archer <alice@example.com>'; // shares the email: the same person
const ALICE_HOME = 'Alice Archer <alice@home.example>'; // shares the name: the same person
const BOB = 'Bob Baker <bob@example.com>';
const CAROL = 'Carol Chen <carol@example.com>';
const NOW = BASE_TIME + 100 * 86_400;
const lines = (prefix: string, from: number, to: number): string => Array.from({ length: to - from + 1 }, (_, i) => `export const ${prefix}${from + i} = ${from + i};\n`).join('');

let repo: RepoBuilder;
/** Commit times: commit k (1-based) is at BASE_TIME + k hours. */
const hour = (k: number): number => BASE_TIME + k * 3600;

beforeAll(() => {
  repo = RepoBuilder.create();
  repo.write('src/a.ts', lines('a', 1, 10)).commit('add a', ALICE); // 1
  repo.write('src/a.ts', lines('a', 1, 2) + lines('b', 3, 4) + lines('a', 5, 10)).write('src/b.ts', lines('x', 1, 4)).commit('edit a, add b', BOB); // 2
  repo.write('src/c.ts', '// a comment\n\n' + lines('c', 1, 4)).write('lib/d.py', 'd1 = 1\nd2 = 2\nd3 = 3\n').commit('add c and d', CAROL); // 3
  repo.append('src/b.ts', lines('x', 5, 6)).commit('more b', ALICE_SHORT); // 4
  repo.append('src/c.ts', lines('c', 5, 5)).commit('WIP tweak', ALICE_HOME); // 5
});
afterAll(() => repo?.cleanup());

type Row = [name: string, lines: number, insertions: number, deletions: number, commits: number, stability: number, percentLines: string];
const rows = (r: RepositoryReport): Row[] => r.authors.map((a) => [a.name, a.lines, a.insertions, a.deletions, a.commits, a.stability, a.percentLines.toFixed(1)]);
const settings = (over: Record<string, unknown> = {}): AnalysisSettings => {
  const parsed = parseReportSettings(over);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value.analysis;
};

describe.each(enginesUnderTest())('whitespace ($name engine)', ({ engine }) => {
  it('a whitespace-only change counts only with whitespace: true, as git blame and numstat without -w', async () => {
    const ws = RepoBuilder.create();
    try {
      ws.write('f.ts', 'const a = 1;\nconst b = 2;\nconst c = 3;\n').commit('three lines', ALICE);
      ws.write('f.ts', 'const a = 1;\n    const b = 2;\nconst c = 3;\n').commit('indent', BOB);
      const numbers = async (whitespace: boolean) =>
        rows(buildRepositoryReport(await engine.analyzeRepository(ws.dir, settings({ whitespace })), { now: NOW })).map((r) => r.slice(0, 4));
      // Bob's commit is his (a commit on the file), with nothing left after -w.
      expect(await numbers(false)).toEqual([
        ['Alice Archer', 3, 3, 0],
        ['Bob Baker', 0, 0, 0],
      ]);
      expect(await numbers(true)).toEqual([
        ['Alice Archer', 2, 3, 0],
        ['Bob Baker', 1, 1, 1],
      ]);
      // git agrees: blame and numstat with and without -w.
      const blameNames = (flags: string[]) => ws.git(['blame', ...flags, '--line-porcelain', 'HEAD', '--', 'f.ts']).split('\n').filter((l) => l.startsWith('author ')).map((l) => l.slice(7));
      expect(blameNames(['-w'])).toEqual(['Alice Archer', 'Alice Archer', 'Alice Archer']);
      expect(blameNames([])).toEqual(['Alice Archer', 'Bob Baker', 'Alice Archer']);
      expect(ws.git(['log', '-1', '-w', '--numstat', '--format=']).trim()).toBe('');
      expect(ws.git(['log', '-1', '--numstat', '--format=']).trim()).toBe('1\t1\tf.ts');
    } finally {
      ws.cleanup();
    }
  });
});

describe.each(enginesUnderTest())('report model ($name engine)', ({ engine }) => {
  const report = async (over: Record<string, unknown> = {}): Promise<RepositoryReport> =>
    buildRepositoryReport(await engine.analyzeRepository(repo.dir, settings(over)), { now: NOW });

  it('defaults: comments and empty lines left out of Lines, not of Insertions; identities merged', async () => {
    const r = await report();
    expect(rows(r)).toEqual([
      ['Alice Archer', 11, 13, 0, 3, 85, '45.8'],
      ['Carol Chen', 7, 9, 0, 1, 78, '29.2'],
      ['Bob Baker', 6, 6, 2, 1, 100, '25.0'],
    ]);
    expect(r.authors[0]!.aliases.map((a) => `${a.name} <${a.email}>`).sort()).toEqual([ALICE_SHORT, ALICE_HOME, ALICE].sort());
    expect(r.authorsTotal).toMatchObject({ lines: 24, insertions: 28, deletions: 2, commits: 5, stability: 86, percentLines: 100 });
    expect(r.files.map((f) => [f.path, f.lines, f.insertions, f.commits])).toEqual([
      ['src/a.ts', 10, 12, 2],
      ['src/b.ts', 6, 6, 2],
      ['src/c.ts', 5, 7, 2],
      ['lib/d.py', 3, 3, 1],
    ]);
    // Scaled %: share × 3 authors. Age: insertion-weighted; Bob's 6 insertions are all from commit 2.
    expect(r.authors[2]!.scaledPercentLines).toBeCloseTo(75, 9);
    expect(r.authors[2]!.ageSeconds).toBe(NOW - hour(2));
    expect(r.authors[2]!.lineAgeSeconds).toBe(NOW - hour(2));
    // Carol's Authors-Files shares are of her own lines; Files-Authors shares of the file's.
    expect(r.authorsFiles.filter((x) => x.author === 'Carol Chen').map((x) => [x.file, x.lines, x.percentLines.toFixed(1)])).toEqual([
      ['src/c.ts', 4, '57.1'],
      ['lib/d.py', 3, '42.9'],
    ]);
    expect(r.filesAuthors.filter((x) => x.file === 'src/c.ts').map((x) => [x.author, x.lines, x.percentLines.toFixed(1)])).toEqual([
      ['Carol Chen', 4, '80.0'],
      ['Alice Archer', 1, '20.0'],
    ]);
  });

  it('comments and empty lines counted when asked', async () => {
    expect(rows(await report({ comments: true }))[1]).toEqual(['Carol Chen', 8, 9, 0, 1, 89, '32.0']);
    expect(rows(await report({ comments: true, emptyLines: true }))[1]).toEqual(['Carol Chen', 9, 9, 0, 1, 100, '34.6']);
  });

  it('excluded authors leave the totals and percentages; excluded emails the same', async () => {
    for (const over of [{ excludeAuthors: ['bob*'] }, { excludeEmails: ['*@EXAMPLE.com'], excludeAuthors: [] }]) {
      const r = await report(over);
      if ('excludeEmails' in over) {
        // Every person has an address at example.com: nobody is left.
        expect(r.authors).toEqual([]);
        expect(r.excludedAuthors).toHaveLength(3);
        continue;
      }
      expect(rows(r)).toEqual([
        ['Alice Archer', 11, 13, 0, 3, 85, '61.1'],
        ['Carol Chen', 7, 9, 0, 1, 78, '38.9'],
      ]);
      expect(r.excludedAuthors).toEqual([{ name: 'Bob Baker', email: 'bob@example.com' }]);
      expect(r.authorsTotal).toMatchObject({ lines: 18, insertions: 22, commits: 4 });
    }
  });

  it('an excluded message drops that commit from insertions and commits', async () => {
    const alice = (await report({ excludeMessages: ['wip *'] })).authors.find((a) => a.name === 'Alice Archer')!;
    expect([alice.insertions, alice.commits]).toEqual([12, 2]);
  });

  it('file filters: subfolder, include, exclude, extensions, n largest', async () => {
    const paths = async (over: Record<string, unknown>) => (await report(over)).files.map((f) => f.path).sort();
    expect(await paths({ subfolder: 'src' })).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts']);
    expect(await paths({ includeFiles: ['*/a.ts'] })).toEqual(['src/a.ts']);
    expect(await paths({ excludeFiles: ['lib/*'] })).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts']);
    expect(await paths({ extensions: ['py'] })).toEqual(['lib/d.py']);
    expect(await paths({ nFiles: 1 })).toEqual(['src/a.ts']);
    const py = await report({ extensions: ['.py'] });
    expect(rows(py).filter((r) => r[1] > 0)).toEqual([['Carol Chen', 3, 3, 0, 1, 100, '100.0']]);
  });

  it('until picks the head: the report as it was after commit 2', async () => {
    const r = await report({ until: `@${hour(2) + 1800}` });
    expect(r.head).toBe(repo.revParse('HEAD~3'));
    expect(rows(r)).toEqual([
      ['Alice Archer', 8, 10, 0, 1, 80, '57.1'],
      ['Bob Baker', 6, 6, 2, 1, 100, '42.9'],
    ]);
  });

  it('an excluded revision passes its lines on as git blame --ignore-rev does', async () => {
    const bobs = repo.revParse('HEAD~3');
    const r = await report({ excludeRevisions: [bobs.slice(0, 10)], comments: true, emptyLines: true });
    // git's own attribution with the revision ignored, per author name (Alice's aliases are one person).
    const expected = new Map<string, number>();
    for (const file of repo.git(['ls-tree', '-r', '--name-only', 'HEAD']).split('\n').filter(Boolean)) {
      for (const line of repo.git(['blame', '-w', '--ignore-rev', bobs, '--line-porcelain', 'HEAD', '--', file]).split('\n')) {
        if (!line.startsWith('author ')) continue;
        const name = line.slice(7) === 'A. Archer' ? 'Alice Archer' : line.slice(7);
        expected.set(name, (expected.get(name) ?? 0) + 1);
      }
    }
    expect(new Map(r.authors.filter((a) => a.lines > 0).map((a) => [a.name, a.lines]))).toEqual(expected);
    // The two lines Bob rewrote in a.ts go back to Alice.
    expect(r.filesAuthors.filter((x) => x.file === 'src/a.ts').map((x) => [x.author, x.lines])).toEqual([['Alice Archer', 10]]);
  });

  it('since leaves earlier commits out of insertions and commits', async () => {
    const r = await report({ since: `@${hour(3) + 1800}` });
    const alice = r.authors.find((a) => a.name === 'Alice Archer')!;
    expect([alice.insertions, alice.commits]).toEqual([3, 2]);
    expect(r.authors.find((a) => a.name === 'Bob Baker')?.insertions ?? 0).toBe(0);
    expect(r.authorsTotal.insertions).toBe(3);
  });
});
