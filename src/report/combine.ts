// The combined view across repositories: one analysis whose people are merged across repositories
// the way the engine merges identities within one (a shared email or a shared name joins two people,
// transitively) and whose files are named `<repository>/<path>`. The report model then derives the
// tables from it as from any analysis, so percentages and totals span every repository.

import type { AnalysisAuthor, AnalysisCell, RepositoryAnalysis } from '../engine/types';

export interface CombinedSource {
  /** The first path segment of the combined file names. */
  prefix: string;
  /** The repository's own path. */
  repo: string;
}

/** Unique prefixes: the repository names, numbered when two repositories share a name. */
export function sourcesOf(analyses: RepositoryAnalysis[]): CombinedSource[] {
  const used = new Map<string, number>();
  return analyses.map((a) => {
    const n = (used.get(a.name) ?? 0) + 1;
    used.set(a.name, n);
    return { prefix: n === 1 ? a.name : `${a.name} (${n})`, repo: a.path };
  });
}

export function combineAnalyses(analyses: RepositoryAnalysis[]): { analysis: RepositoryAnalysis; sources: CombinedSource[] } {
  const sources = sourcesOf(analyses);
  // Union-find over every (repository, person); joined by any shared email (case-insensitive) or name.
  const people: { repo: number; author: AnalysisAuthor }[] = analyses.flatMap((a, repo) => a.authors.map((author) => ({ repo, author })));
  const parent = people.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const byKey = new Map<string, number>();
  people.forEach((p, i) => {
    for (const alias of [{ name: p.author.name, email: p.author.email }, ...p.author.aliases]) {
      for (const key of [`e:${alias.email.toLowerCase()}`, `n:${alias.name}`]) {
        if (key === 'e:' || key === 'n:') continue;
        const seen = byKey.get(key);
        if (seen === undefined) byKey.set(key, i);
        else parent[find(i)] = find(seen);
      }
    }
  });
  const groups = new Map<number, number[]>();
  people.forEach((_, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  });
  const authors: AnalysisAuthor[] = [];
  const personIndex = new Map<number, number>();
  for (const members of groups.values()) {
    // The display name and email of the member with the most commits.
    const lead = members.reduce((best, i) => (people[i]!.author.commits > people[best]!.author.commits ? i : best), members[0]!);
    const aliases = new Map<string, { name: string; email: string }>();
    for (const i of members) for (const alias of people[i]!.author.aliases) aliases.set(`${alias.name}\0${alias.email}`, alias);
    const index = authors.length;
    authors.push({
      name: people[lead]!.author.name,
      email: people[lead]!.author.email,
      aliases: [...aliases.values()],
      commits: members.reduce((n, i) => n + people[i]!.author.commits, 0),
      excluded: members.some((i) => people[i]!.author.excluded),
    });
    for (const i of members) personIndex.set(i, index);
  }

  const files: RepositoryAnalysis['files'] = [];
  const cells: AnalysisCell[] = [];
  let personOffset = 0;
  analyses.forEach((a, repo) => {
    const fileOffset = files.length;
    const prefix = sources[repo]!.prefix;
    for (const f of a.files) files.push({ ...f, path: `${prefix}/${f.path}`, formerPaths: f.formerPaths.map((p) => `${prefix}/${p}`) });
    for (const c of a.cells) cells.push({ ...c, author: personIndex.get(personOffset + c.author)!, file: fileOffset + c.file });
    personOffset += a.authors.length;
  });
  const phases = new Map<string, number>();
  for (const a of analyses) for (const p of a.stats.phases) phases.set(p.name, (phases.get(p.name) ?? 0) + p.ms);
  return {
    sources,
    analysis: {
      name: 'All repositories',
      path: '',
      head: '',
      headTime: Math.max(0, ...analyses.map((a) => a.headTime)),
      authors,
      files,
      cells,
      skipped: analyses.flatMap((a, repo) => a.skipped.map((s) => ({ ...s, path: `${sources[repo]!.prefix}/${s.path}` }))),
      warnings: analyses.flatMap((a) => a.warnings),
      stats: {
        commitsWalked: analyses.reduce((n, a) => n + a.stats.commitsWalked, 0),
        filesAnalyzed: analyses.reduce((n, a) => n + a.stats.filesAnalyzed, 0),
        linesAnalyzed: analyses.reduce((n, a) => n + a.stats.linesAnalyzed, 0),
        phases: [...phases].map(([name, ms]) => ({ name, ms })),
      },
    },
  };
}
