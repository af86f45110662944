// analyzeRepository against git's own numbers on a generated repository with merges, renames and a
// .mailmap: `git blame -w` lines per author, `git log --follow -w --numstat` per file per author, commits.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RepoBuilder } from '../fixtures/builder';
import { buildRandomRepo } from '../fixtures/random-repo';
import { enginesUnderTest } from '../helpers/engines';
import { referenceGit } from '../helpers/git-reference';
import type { RepositoryAnalysis } from '../../src/engine/types';

let repo: RepoBuilder;

interface Ref {
  lines: number;
  insertions: number;
  deletions: number;
  commits: Set<string>;
}

/** Per file, per "name <email>" (mailmapped): git's numbers. */
async function gitNumbers(dir: string): Promise<Map<string, Map<string, Ref>>> {
  const git = referenceGit(dir);
  const files = (await git.raw(['ls-tree', '-r', '--name-only', 'HEAD'])).split('\n').filter(Boolean);
  const result = new Map<string, Map<string, Ref>>();
  for (const file of files) {
    const per = new Map<string, Ref>();
    const at = (who: string): Ref => {
      let r = per.get(who);
      if (!r) per.set(who, (r = { lines: 0, insertions: 0, deletions: 0, commits: new Set() }));
      return r;
    };
    const blame = await git.raw(['blame', '-w', '--line-porcelain', 'HEAD', '--', file]);
    let author = '';
    for (const line of blame.split('\n')) {
      if (line.startsWith('author ')) author = line.slice(7);
      else if (line.startsWith('author-mail ')) author += ' ' + line.slice(12);
      else if (line.startsWith('\t')) at(author).lines++;
    }
    const log = await git.raw(['log', '--follow', '-M', '-w', '--numstat', '--format=@%H %P|%aN <%aE>', 'HEAD', '--', file]);
    let who = '';
    let merge = false;
    for (const line of log.split('\n')) {
      if (line.startsWith('@')) {
        const [ids, ident] = line.slice(1).split('|') as [string, string];
        merge = ids.split(' ').length > 2;
        who = ident;
        if (!merge) at(who).commits.add(ids.split(' ')[0]!);
      } else if (/^\d+\t\d+\t/.test(line) && !merge) {
        const [a, d] = line.split('\t');
        at(who).insertions += Number(a);
        at(who).deletions += Number(d);
      }
    }
    result.set(file, per);
  }
  return result;
}

function personIndex(analysis: RepositoryAnalysis, ident: string): number {
  const i = analysis.authors.findIndex((a) => a.aliases.some((x) => `${x.name} <${x.email}>` === ident));
  if (i < 0) throw new Error(`no person has alias ${ident}`);
  return i;
}

beforeAll(() => {
  repo = buildRandomRepo({ seed: 7, commits: 30, mailmap: true });
});
afterAll(() => repo?.cleanup());

describe.each(enginesUnderTest())('analyzeRepository ($name engine) agrees with git', ({ engine }) => {
  it('lines, insertions, deletions and commits per person per file', async () => {
    const analysis = await engine.analyzeRepository(repo.dir, { comments: true, emptyLines: true });
    const reference = await gitNumbers(repo.dir);
    expect(analysis.files.map((f) => f.path).sort()).toEqual([...reference.keys()].sort());
    for (const [path, per] of reference) {
      const fileIndex = analysis.files.findIndex((f) => f.path === path);
      const expected = new Map<number, { lines: number; insertions: number; deletions: number; commits: Set<string> }>();
      for (const [ident, r] of per) {
        const p = personIndex(analysis, ident);
        const e = expected.get(p) ?? { lines: 0, insertions: 0, deletions: 0, commits: new Set<string>() };
        e.lines += r.lines;
        e.insertions += r.insertions;
        e.deletions += r.deletions;
        r.commits.forEach((c) => e.commits.add(c));
        expected.set(p, e);
      }
      for (const [p, e] of expected) {
        const cell = analysis.cells.find((c) => c.file === fileIndex && c.author === p);
        expect({ path, author: analysis.authors[p]!.name, lines: cell?.lines ?? 0, insertions: cell?.insertions ?? 0, deletions: cell?.deletions ?? 0, commits: cell?.commits ?? 0 }).toEqual({
          path,
          author: analysis.authors[p]!.name,
          lines: e.lines,
          insertions: e.insertions,
          deletions: e.deletions,
          commits: e.commits.size,
        });
      }
    }
  });

  it('an empty file is analysed with no lines, as git blame gives it none', async () => {
    const small = RepoBuilder.create();
    try {
      small.write('empty.txt', '').write('a.txt', 'one\ntwo\n').commit('two files');
      expect(small.git(['blame', '--line-porcelain', 'HEAD', '--', 'empty.txt'])).toBe('');
      const analysis = await engine.analyzeRepository(small.dir, { emptyLines: true });
      const byPath = new Map(analysis.files.map((f) => [f.path, f]));
      expect(byPath.get('empty.txt')?.totalLines).toBe(0);
      expect(byPath.get('a.txt')?.totalLines).toBe(2);
      const empty = analysis.files.findIndex((f) => f.path === 'empty.txt');
      expect(analysis.cells.filter((c) => c.file === empty).reduce((n, c) => n + c.lines, 0)).toBe(0);
    } finally {
      small.cleanup();
    }
  });

  it('merges identities: mailmap, shared email, shared name', async () => {
    const analysis = await engine.analyzeRepository(repo.dir);
    const names = analysis.authors.map((a) => a.name);
    expect(names).toContain('Alice Smith');
    expect(names).not.toContain('alice');
    const bob = analysis.authors.find((a) => a.name === 'Bob Jones')!;
    expect(bob.aliases.map((a) => a.email).sort()).toEqual(['bob@example.com', 'bob@old-company.example'].filter((e) => bob.aliases.some((a) => a.email === e)));
    expect(analysis.authors.flatMap((a) => a.aliases).some((a) => a.email === 'dan@laptop.example')).toBe(false);
  });

  it('exclusions, filters and the date window', async () => {
    const full = await engine.analyzeRepository(repo.dir);
    const excluded = await engine.analyzeRepository(repo.dir, { excludeAuthors: ['bob*'], extensions: ['ts', 'py'], excludeFiles: ['lib/*'] });
    expect(excluded.files.every((f) => /\.(ts|py)$/.test(f.path) && !f.path.startsWith('lib/'))).toBe(true);
    expect(excluded.authors.find((a) => a.name === 'Bob Jones')?.excluded).toBe(true);
    const top2 = await engine.analyzeRepository(repo.dir, { nFiles: 2 });
    expect(top2.files.length).toBe(2);
    const sizes = full.files.map((f) => f.size).sort((a, b) => b - a);
    expect(top2.files.map((f) => f.size).sort((a, b) => b - a)).toEqual(sizes.slice(0, 2));
    const progress: string[] = [];
    const windowed = await engine.analyzeRepository(repo.dir, { until: '@1600036000' }, (p) => progress.push(p.phase));
    expect(windowed.headTime).toBeLessThanOrEqual(1600036000);
    expect(progress).toContain('done');
    const sum = (a: RepositoryAnalysis): number => a.cells.reduce((n, c) => n + c.insertions, 0);
    const noMessages = await engine.analyzeRepository(repo.dir, { excludeMessages: ['edit *'] });
    expect(sum(noMessages)).toBeLessThan(sum(full));
  });
});
