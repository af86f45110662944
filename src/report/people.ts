// Finding a report's merged person from an identity a commit or a blamed line names: by any alias's
// email (case-insensitive), then by any alias's name. Shared by the Timeline data and the webview
// (Blame tab, "show this author" from inline blame).

import type { RepositoryReport } from './model';

export interface PeopleIndex {
  /** Index into report.authors, or undefined for nobody in the report. */
  find(name: string, email: string): number | undefined;
  /** Whether the identity belongs to an excluded person. */
  excluded(name: string, email: string): boolean;
}

export function peopleIndex(report: RepositoryReport): PeopleIndex {
  const byEmail = new Map<string, number>();
  const byName = new Map<string, number>();
  report.authors.forEach((a, i) => {
    for (const alias of [{ name: a.name, email: a.email }, ...a.aliases]) {
      byEmail.set(alias.email.toLowerCase(), i);
      byName.set(alias.name, i);
    }
  });
  const excluded = new Set(report.excludedAuthors.flatMap((a) => [`e:${a.email.toLowerCase()}`, `n:${a.name}`]));
  return {
    find: (name, email) => byEmail.get(email.toLowerCase()) ?? byName.get(name),
    excluded: (name, email) => excluded.has(`e:${email.toLowerCase()}`) || excluded.has(`n:${name}`),
  };
}
