import { describe, expect, it } from 'vitest';
import { buildRepositoryReport, stability } from '../../src/report/model';
import { formatAge } from '../../src/report/age';
import { csvField, formatCsv } from '../../src/report/format/csv';
import { formatAuthorsText } from '../../src/report/format/text';
import type { RepositoryAnalysis } from '../../src/engine/types';
import stringWidth from 'string-width';

const DAY = 86_400;
const NOW = 1_700_000_000;

function analysis(): RepositoryAnalysis {
  return {
    name: 'demo',
    path: '/r/demo',
    head: 'c'.repeat(40),
    headTime: NOW,
    authors: [
      { name: 'Ann Lee', email: 'ann@x', aliases: [{ name: 'Ann Lee', email: 'ann@x' }], commits: 3, excluded: false },
      { name: 'Bob', email: 'bob@x', aliases: [{ name: 'Bob', email: 'bob@x' }], commits: 2, excluded: false },
      { name: 'Bot', email: 'bot@x', aliases: [{ name: 'Bot', email: 'bot@x' }], commits: 9, excluded: true },
    ],
    files: [
      { path: 'a.ts', formerPaths: [], size: 100, totalLines: 80 },
      { path: 'b.ts', formerPaths: ['old.ts'], size: 50, totalLines: 40 },
    ],
    cells: [
      // Ann: 60 lines of 80 insertions in a.ts, 10 days old; 15 lines / 15 insertions in b.ts, 400 days old.
      { author: 0, file: 0, lines: 60, insertions: 80, deletions: 20, commits: 2, insertionTimeSum: 80 * (NOW - 10 * DAY), lineTimeSum: 60 * (NOW - 10 * DAY) },
      { author: 0, file: 1, lines: 15, insertions: 15, deletions: 0, commits: 1, insertionTimeSum: 15 * (NOW - 400 * DAY), lineTimeSum: 15 * (NOW - 400 * DAY) },
      { author: 1, file: 0, lines: 25, insertions: 5, deletions: 1, commits: 2, insertionTimeSum: 5 * (NOW - 40 * DAY), lineTimeSum: 25 * (NOW - 40 * DAY) },
      { author: 2, file: 1, lines: 999, insertions: 999, deletions: 0, commits: 9, insertionTimeSum: 0, lineTimeSum: 0 },
    ],
    skipped: [{ path: 'logo.png', reason: 'binary' }],
    warnings: [],
    stats: { commitsWalked: 14, filesAnalyzed: 2, linesAnalyzed: 120, phases: [] },
  };
}

describe('report model', () => {
  const report = buildRepositoryReport(analysis(), { now: NOW });

  it('authors: totals over included authors, percentages, stability, age, scaled %', () => {
    expect(report.authors.map((a) => a.name)).toEqual(['Ann Lee', 'Bob']);
    const [ann, bob] = report.authors;
    expect(ann).toMatchObject({ id: 1, lines: 75, insertions: 95, deletions: 20, commits: 3, stability: 79 });
    expect(ann!.percentLines).toBe(75);
    expect(ann!.percentInsertions).toBe(95);
    expect(ann!.scaledPercentLines).toBe(150);
    // (80×10 + 15×400) / 95 days = 71.578… days → 0 years, 2 months, 11 days
    expect(ann!.ageSeconds).toBe(Math.round((80 * 10 + 15 * 400) / 95 * DAY));
    expect(ann!.age).toBe('0:02:11');
    expect(ann!.lineAge).toBe(formatAge((60 * 10 + 15 * 400) / 75 * DAY));
    expect(bob).toMatchObject({ id: 2, lines: 25, insertions: 5, commits: 2, stability: 100, percentLines: 25, percentInsertions: 5 });
    expect(bob!.age).toBe('0:01:10');
    expect(report.authorsTotal).toMatchObject({ lines: 100, insertions: 100, deletions: 21, commits: 5, percentLines: 100, stability: 100 });
    expect(report.excludedAuthors).toEqual([{ name: 'Bot', email: 'bot@x' }]);
  });

  it('files and the pair tables leave excluded authors out', () => {
    expect(report.files.map((f) => [f.path, f.lines, f.insertions, f.commits])).toEqual([
      ['a.ts', 85, 85, 4],
      ['b.ts', 15, 15, 1],
    ]);
    expect(report.filesTotal.lines).toBe(100);
    expect(report.authorsFiles.map((r) => [r.author, r.file, r.lines, r.percentLines])).toEqual([
      ['Ann Lee', 'a.ts', 60, 80],
      ['Ann Lee', 'b.ts', 15, 20],
      ['Bob', 'a.ts', 25, 100],
    ]);
    expect(report.filesAuthors.map((r) => [r.file, r.author])).toEqual([
      ['a.ts', 'Ann Lee'],
      ['a.ts', 'Bob'],
      ['b.ts', 'Ann Lee'],
    ]);
  });

  it('pair tables: by rank in the Authors (or Files) table, then lines, ties by the other table; lazyPairs builds the same on first read', () => {
    const cell = (author: number, file: number, lines: number) => ({ author, file, lines, insertions: lines, deletions: 0, commits: 1, insertionTimeSum: lines * NOW, lineTimeSum: lines * NOW });
    const person = (name: string) => ({ name, email: `${name}@x`, aliases: [], commits: 1, excluded: false });
    const file = (path: string) => ({ path, formerPaths: [], size: 1, totalLines: 1 });
    // Authors by lines: Y 30, X 25, Z 10. Files: f2 35, f0 20, f1 10. Cells listed out of that order.
    const ties: RepositoryAnalysis = {
      ...analysis(),
      authors: [person('X'), person('Y'), person('Z')],
      files: [file('f0'), file('f1'), file('f2')],
      cells: [cell(2, 0, 10), cell(0, 1, 10), cell(0, 2, 5), cell(1, 2, 30), cell(0, 0, 10)],
    };
    const eager = buildRepositoryReport(ties, { now: NOW });
    expect(eager.authorsFiles.map((r) => `${r.author} ${r.file}`)).toEqual(['Y f2', 'X f0', 'X f1', 'X f2', 'Z f0']);
    expect(eager.filesAuthors.map((r) => `${r.file} ${r.author}`)).toEqual(['f2 Y', 'f2 X', 'f0 X', 'f0 Z', 'f1 X']);
    const lazy = buildRepositoryReport(ties, { now: NOW, lazyPairs: true });
    expect(Object.keys(lazy)).toEqual(Object.keys(eager));
    // Not built yet: a getter until the first read, a plain value after it.
    expect(Object.getOwnPropertyDescriptor(lazy, 'filesAuthors')?.get).toBeTypeOf('function');
    expect(Object.getOwnPropertyDescriptor(eager, 'filesAuthors')?.get).toBeUndefined();
    expect(lazy.filesAuthors).toBe(lazy.filesAuthors);
    expect(Object.getOwnPropertyDescriptor(lazy, 'filesAuthors')?.value).toBe(lazy.filesAuthors);
    expect(JSON.stringify(lazy)).toBe(JSON.stringify(eager));
  });

  it('stability and ages', () => {
    expect(stability(0, 0)).toBe(0);
    expect(stability(150, 100)).toBe(100);
    expect(stability(1, 3)).toBe(33);
    expect(formatAge(0)).toBe('0:00:00');
    expect(formatAge(365 * DAY + 45 * DAY)).toBe('1:01:15');
    expect(formatAge(363 * DAY)).toBe('0:11:33');
  });

  it('csv quotes fields and defuses formulas; text makes control characters visible', async () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=cmd()')).toBe("'=cmd()");
    expect(csvField(12)).toBe('12');
    const csv = formatCsv([report], 'authors');
    expect(csv.split('\r\n')[0]).toBe('ID,Author,Email,Aliases,Lines,Insertions,Deletions,% Lines,% Insertions,Scaled % Lines,Scaled % Insertions,Stability,Commits,Age,Line Age');
    expect(csv.split('\r\n')[1]).toMatch(/^1,Ann Lee,ann@x,Ann Lee <ann@x>,75,95,20,75,95,150,190,79,3,0:02:11,/);
    const evil = buildRepositoryReport({ ...analysis(), authors: analysis().authors.map((a) => ({ ...a, name: a.name + '\u001b[31m' })) }, { now: NOW });
    expect(await formatAuthorsText(evil)).not.toContain('\u001b');
  });

  it('aligns the text table by terminal columns, whatever the names are made of', async () => {
    // "Sköld" with a combining diaeresis (one column, two code points) and a wide CJK name.
    const names = ['Robert Sko\u0308ld', '\u674e\u96f7'];
    const report = buildRepositoryReport(
      { ...analysis(), authors: analysis().authors.map((a, i) => ({ ...a, name: names[i] ?? a.name })) },
      { now: NOW },
    );
    const rows = (await formatAuthorsText(report))
      .split('\n')
      .filter((l) => /^\s*\d+\s/.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    // The Email column starts at the same terminal column on every row.
    const emailColumn = (row: string): number => stringWidth(row.slice(0, row.search(/\S+@/)));
    const starts = new Set(rows.map(emailColumn));
    expect(starts.size).toBe(1);
  });
});

