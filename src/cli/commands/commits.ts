// `git-authorship commits`: every commit with its numstat totals (GitFleet's extract_commits).

import { resolve } from 'node:path';
import { loadEngine } from '../../engine/load';
import { printable } from '../../report/format/sanitize';
import { ENGINE_OPTION, engineChoice, optionalString, parse, UsageError } from '../args';
import type { CliIo } from '../io';

export const COMMITS_HELP = `Usage: git-authorship commits [options] REPO

List the commits of REPO's HEAD (newest first) with additions and deletions.

Options:
  --json                  one JSON array of commit records
  --since D  --until D    committer date window (YYYY-MM-DD, ISO date-time, @unix, "2 weeks ago")
  --rev R                 walk from R instead of HEAD
  --engine auto|native|git
  -h, --help              this help
`;

export async function commitsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    json: { type: 'boolean' },
    since: { type: 'string' },
    until: { type: 'string' },
    rev: { type: 'string' },
    ...ENGINE_OPTION,
  });
  if (values.help) {
    io.stdout(COMMITS_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('commits takes one REPO');
  const engine = loadEngine(engineChoice(values.engine));
  const since = optionalString(values.since);
  const until = optionalString(values.until);
  const rev = optionalString(values.rev);
  const commits = await engine.extractCommits(resolve(io.cwd, positionals[0] ?? '.'), {
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    ...(rev ? { rev } : {}),
  });
  if (values.json) {
    io.stdout(JSON.stringify(commits, null, 2) + '\n');
    return 0;
  }
  const lines = commits.map((c) => {
    const date = new Date(c.authorTime * 1000).toISOString().slice(0, 10);
    const subject = c.message.split('\n')[0] ?? '';
    return `${c.sha.slice(0, 12)}  ${date}  +${c.additions} -${c.deletions}${c.isMerge ? ' (merge)' : ''}  ${printable(c.authorName)}  ${printable(subject)}`;
  });
  io.stdout(lines.join('\n') + (lines.length ? '\n' : ''));
  return 0;
}
