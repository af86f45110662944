// A synthetic RepositoryAnalysis of a given size, the same for the same seed: what the report
// panel is sent for a large repository, without analysing one. Used by bench/report-scale.ts.

import type { AnalysisAuthor, AnalysisCell, AnalysisFile, RepositoryAnalysis } from '../src/engine/types';
import type { ReportRun } from '../src/report/protocol';
import { Random } from './random';

export interface ScaleOptions {
  files: number;
  authors: number;
  /** Authors per file are drawn uniformly from 1..maxAuthorsPerFile (8: about 4.5 on average). */
  maxAuthorsPerFile: number;
  seed: number;
}

const FIRST = ['Ada', 'Alan', 'Barbara', 'Claude', 'Dennis', 'Edsger', 'Frances', 'Grace', 'Guido', 'Ken', 'Linus', 'Margaret', 'Niklaus', 'Radia', 'Rob', 'Sophie', 'Tim', 'Yukihiro'];
const LAST = ['Lovelace', 'Turing', 'Liskov', 'Shannon', 'Ritchie', 'Dijkstra', 'Allen', 'Hopper', 'Rossum', 'Thompson', 'Torvalds', 'Hamilton', 'Wirth', 'Perlman', 'Pike', 'Wilson', 'Berners-Lee', 'Matsumoto'];
const FOLDERS = ['src', 'lib', 'test', 'docs', 'tools', 'app', 'core', 'ui', 'net', 'db'];
const EXTENSIONS = ['ts', 'rs', 'py', 'go', 'md', 'json', 'c', 'java'];

/** Unix seconds the ages are measured from: fixed, so the tables are the same on every run. */
export const SCALE_NOW = 1_780_000_000;

export function scaleAnalysis(o: ScaleOptions): RepositoryAnalysis {
  const rng = new Random(o.seed);
  // Zipf-like activity: a few people touch thousands of files, most only a handful.
  const weights = Array.from({ length: o.authors }, (_, i) => 1 / (i + 1) ** 0.9);
  const total = weights.reduce((a, b) => a + b, 0);
  const authors: AnalysisAuthor[] = Array.from({ length: o.authors }, (_, i) => {
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`;
    return { name, email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.com`, aliases: [], commits: 0, excluded: false };
  });
  const files: AnalysisFile[] = Array.from({ length: o.files }, (_, i) => {
    const depth = rng.int(1, 4);
    const folders = Array.from({ length: depth }, (_, d) => (d === 0 ? rng.pick(FOLDERS) : `module${rng.int(0, 60)}`));
    const totalLines = rng.int(5, 3000);
    return { path: `${folders.join('/')}/file${i}.${rng.pick(EXTENSIONS)}`, formerPaths: rng.chance(0.03) ? [`old/file${i}.txt`] : [], size: totalLines * 32, totalLines };
  });
  const cells: AnalysisCell[] = [];
  files.forEach((f, file) => {
    const people = new Set<number>();
    const wanted = rng.int(1, o.maxAuthorsPerFile);
    while (people.size < wanted) people.add(rng.weighted(weights, total));
    let left = f.totalLines;
    [...people].forEach((author, k) => {
      const lines = k === people.size - 1 ? left : rng.int(0, left);
      left -= lines;
      const insertions = lines + rng.int(0, 400);
      const commits = rng.int(1, 30);
      authors[author]!.commits += commits;
      const when = SCALE_NOW - rng.int(86_400, 9 * 365 * 86_400);
      cells.push({ author, file, lines, insertions, deletions: rng.int(0, insertions), commits, insertionTimeSum: insertions * when, lineTimeSum: lines * (when + 86_400) });
    });
  });
  return {
    name: 'synthetic',
    path: '/synthetic',
    head: 'f'.repeat(40),
    headTime: SCALE_NOW,
    authors,
    files,
    cells,
    skipped: [],
    warnings: [],
    stats: { commitsWalked: 100_000, filesAnalyzed: o.files, linesAnalyzed: files.reduce((n, f) => n + f.totalLines, 0), phases: [{ name: 'blame', ms: 1000 }] },
  };
}

/** The panel's first message for one analysis, as src/panel/analysis.ts builds it (no timeline). */
export function scaleRun(analysis: RepositoryAnalysis): ReportRun {
  return {
    analyses: [analysis],
    now: SCALE_NOW,
    totalMs: 1000,
    display: { deletions: true, scaledPercentages: false, showRenames: false },
    engine: { backend: 'native', version: 'bench' },
    scope: analysis.name,
    finishedAt: SCALE_NOW * 1000,
    settings: {},
  };
}
