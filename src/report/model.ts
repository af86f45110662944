// GitInspectorGUI's derived tables from the raw counts of a RepositoryAnalysis.
//
// Totals and percentages count included authors only (excluded authors are listed in `excluded`).
// % Lines / % Insertions: share of the included totals. Stability = min(100, round(100 × lines /
// insertions)), 0 without insertions. Age = now − insertionTimeSum / insertions (GitInspectorGUI);
// Line age = now − lineTimeSum / lines (gitinspector's measure). Scaled % = % × number of included
// authors (100 = a fair share). Commits of a totals row are the sum over authors: each commit has
// exactly one author, so the sum counts distinct commits.
// In Authors-Files rows the percentages are shares of the author's own totals; in Files-Authors rows
// they are shares of the file's totals.

import type { AnalysisCell, RepositoryAnalysis, SkippedFile } from '../engine/types';
import { formatAge } from './age';

export interface StatColumns {
  lines: number;
  insertions: number;
  deletions: number;
  commits: number;
  percentLines: number;
  percentInsertions: number;
  stability: number;
  /** Seconds. */
  ageSeconds: number;
  /** `Y:MM:DD`. */
  age: string;
  lineAgeSeconds: number;
  lineAge: string;
  scaledPercentLines: number;
  scaledPercentInsertions: number;
}

export interface AuthorRow extends StatColumns {
  id: number;
  name: string;
  email: string;
  aliases: { name: string; email: string }[];
}

export interface FileRow extends StatColumns {
  id: number;
  path: string;
  formerPaths: string[];
  size: number;
  totalLines: number;
}

export interface AuthorFileRow extends StatColumns {
  author: string;
  email: string;
  file: string;
}

export interface RepositoryReport {
  name: string;
  path: string;
  head: string;
  headTime: number;
  authors: AuthorRow[];
  authorsTotal: StatColumns;
  files: FileRow[];
  filesTotal: StatColumns;
  authorsFiles: AuthorFileRow[];
  filesAuthors: AuthorFileRow[];
  excludedAuthors: { name: string; email: string }[];
  skipped: SkippedFile[];
  warnings: { code: string; message: string }[];
}

type Sums = Pick<AnalysisCell, 'lines' | 'insertions' | 'deletions' | 'commits' | 'insertionTimeSum' | 'lineTimeSum'>;

const zero = (): Sums => ({ lines: 0, insertions: 0, deletions: 0, commits: 0, insertionTimeSum: 0, lineTimeSum: 0 });

function add(target: Sums, cell: Pick<AnalysisCell, keyof Sums>): void {
  target.lines += cell.lines;
  target.insertions += cell.insertions;
  target.deletions += cell.deletions;
  target.commits += cell.commits;
  target.insertionTimeSum += cell.insertionTimeSum;
  target.lineTimeSum += cell.lineTimeSum;
}

export function stability(lines: number, insertions: number): number {
  return insertions > 0 ? Math.min(100, Math.round((100 * lines) / insertions)) : 0;
}

function percent(part: number, whole: number): number {
  return whole > 0 ? (100 * part) / whole : 0;
}

/** Stat columns of `s` against the totals `of`; `now` in unix seconds; `scale` = included author count. */
export function statColumns(s: Sums, of: Pick<Sums, 'lines' | 'insertions'>, now: number, scale: number): StatColumns {
  const ageSeconds = s.insertions > 0 ? Math.max(0, now - s.insertionTimeSum / s.insertions) : 0;
  const lineAgeSeconds = s.lines > 0 ? Math.max(0, now - s.lineTimeSum / s.lines) : 0;
  const percentLines = percent(s.lines, of.lines);
  const percentInsertions = percent(s.insertions, of.insertions);
  return {
    lines: s.lines,
    insertions: s.insertions,
    deletions: s.deletions,
    commits: s.commits,
    percentLines,
    percentInsertions,
    stability: stability(s.lines, s.insertions),
    ageSeconds: Math.round(ageSeconds),
    age: formatAge(ageSeconds),
    lineAgeSeconds: Math.round(lineAgeSeconds),
    lineAge: formatAge(lineAgeSeconds),
    scaledPercentLines: percentLines * scale,
    scaledPercentInsertions: percentInsertions * scale,
  };
}

/**
 * A pair table's row, written out field by field: spreading the stat columns into an object
 * literal, as the other rows do, took most of the time of building 45,000 pair rows.
 */
function pairRow(author: string, email: string, file: string, s: StatColumns): AuthorFileRow {
  return {
    author,
    email,
    file,
    lines: s.lines,
    insertions: s.insertions,
    deletions: s.deletions,
    commits: s.commits,
    percentLines: s.percentLines,
    percentInsertions: s.percentInsertions,
    stability: s.stability,
    ageSeconds: s.ageSeconds,
    age: s.age,
    lineAgeSeconds: s.lineAgeSeconds,
    lineAge: s.lineAge,
    scaledPercentLines: s.scaledPercentLines,
    scaledPercentInsertions: s.scaledPercentInsertions,
  };
}

export interface ModelOptions {
  /** Unix seconds the ages are measured from; default the current time. */
  now?: number;
  /**
   * Build the Authors-Files and Files-Authors rows when first read rather than now: the webview
   * shows the Authors table first, and the pair tables are most of the work (two rows per cell).
   */
  lazyPairs?: boolean;
}

export function buildRepositoryReport(analysis: RepositoryAnalysis, options: ModelOptions = {}): RepositoryReport {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const included = analysis.authors.map((a) => !a.excluded);
  const includedCount = included.filter(Boolean).length;
  const cells = analysis.cells.filter((c) => included[c.author]);

  const perAuthor = analysis.authors.map(zero);
  const perFile = analysis.files.map(zero);
  const total = zero();
  for (const c of cells) {
    add(perAuthor[c.author]!, c);
    add(perFile[c.file]!, c);
    add(total, c);
  }
  // Author commits are distinct over files (the engine counted them); cells would double count.
  analysis.authors.forEach((a, i) => {
    perAuthor[i]!.commits = a.commits;
  });
  total.commits = analysis.authors.reduce((n, a, i) => n + (included[i] ? a.commits : 0), 0);

  const authors: AuthorRow[] = analysis.authors
    .map((a, i) => ({ a, i }))
    .filter(({ i }) => included[i])
    .map(({ a, i }) => ({
      id: 0,
      name: a.name,
      email: a.email,
      aliases: a.aliases,
      ...statColumns(perAuthor[i]!, total, now, includedCount),
    }))
    .sort((x, y) => y.lines - x.lines || y.insertions - x.insertions || x.name.localeCompare(y.name))
    .map((row, index) => ({ ...row, id: index + 1 }));

  const files: FileRow[] = analysis.files
    .map((f, i) => ({
      id: 0,
      path: f.path,
      formerPaths: f.formerPaths,
      size: f.size,
      totalLines: f.totalLines,
      ...statColumns(perFile[i]!, total, now, includedCount),
    }))
    .sort((x, y) => y.lines - x.lines || (x.path < y.path ? -1 : x.path > y.path ? 1 : 0))
    .map((row, index) => ({ ...row, id: index + 1 }));

  const authorOrder = new Map(authors.map((a, i) => [a.name + '\0' + a.email, i]));
  const fileOrder = new Map(files.map((f, i) => [f.path, i]));
  // Each cell's place in the Authors and in the Files table, looked up once per author and per file
  // (looked up by name inside a sort's comparator, they took ~0.4 s for 45,000 rows in a browser).
  const authorRank = analysis.authors.map((a) => authorOrder.get(a.name + '\0' + a.email) ?? 0);
  const fileRank = analysis.files.map((f) => fileOrder.get(f.path) ?? 0);
  type Side = 'author' | 'file';
  const rankOf = (side: Side, c: AnalysisCell): number => (side === 'author' ? authorRank[c.author]! : fileRank[c.file]!);
  /**
   * One pair table: a row per cell, its percentages shares of the `share` side's totals, ordered by
   * that side's rank, then lines (largest first), then the other side's rank. A stable bucket sort on
   * the first rank: each bucket (one author's or one file's cells) is small to sort.
   */
  const pairTable = (share: Side): AuthorFileRow[] => {
    const other: Side = share === 'author' ? 'file' : 'author';
    const buckets: number[][] = Array.from({ length: share === 'author' ? authorRank.length : fileRank.length }, () => []);
    cells.forEach((c, i) => buckets[rankOf(share, c)]!.push(i));
    for (const bucket of buckets) {
      bucket.sort((i, j) => cells[j]!.lines - cells[i]!.lines || rankOf(other, cells[i]!) - rankOf(other, cells[j]!) || i - j);
    }
    return buckets.flat().map((i) => {
      const c = cells[i]!;
      const a = analysis.authors[c.author]!;
      const of = share === 'author' ? perAuthor[c.author]! : perFile[c.file]!;
      // Within one author (or one file) the fair share is 1 / number of its rows; keep the author count for comparability.
      return pairRow(a.name, a.email, analysis.files[c.file]!.path, statColumns(c, of, now, includedCount));
    });
  };

  const report: RepositoryReport = {
    name: analysis.name,
    path: analysis.path,
    head: analysis.head,
    headTime: analysis.headTime,
    authors,
    authorsTotal: statColumns(total, total, now, includedCount),
    files,
    filesTotal: statColumns(total, total, now, includedCount),
    authorsFiles: [],
    filesAuthors: [],
    excludedAuthors: analysis.authors.filter((a) => a.excluded).map((a) => ({ name: a.name, email: a.email })),
    skipped: analysis.skipped,
    warnings: analysis.warnings,
  };
  for (const [key, share] of [['authorsFiles', 'author'], ['filesAuthors', 'file']] as const) {
    if (!options.lazyPairs) report[key] = pairTable(share);
    else {
      // Built on first read, then kept as a plain value.
      Object.defineProperty(report, key, {
        enumerable: true,
        configurable: true,
        get: () => {
          const rows = pairTable(share);
          Object.defineProperty(report, key, { value: rows, enumerable: true, writable: true, configurable: true });
          return rows;
        },
      });
    }
  }
  return report;
}

// --- the CLI's JSON shape ----------------------------------------------------------------------

export interface PerformanceStats {
  engine: string;
  totalMs: number;
  repositories: { name: string; commitsWalked: number; filesAnalyzed: number; linesAnalyzed: number; phases: { name: string; ms: number }[] }[];
}

export interface ReportJson {
  repositories: RepositoryReport[];
  performanceStats: PerformanceStats;
}

export function buildReportJson(analyses: RepositoryAnalysis[], engine: string, totalMs: number, options: ModelOptions = {}): ReportJson {
  return {
    repositories: analyses.map((a) => buildRepositoryReport(a, options)),
    performanceStats: {
      engine,
      totalMs: Math.round(totalMs),
      repositories: analyses.map((a) => ({ name: a.name, ...a.stats })),
    },
  };
}
