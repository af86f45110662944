// How many analysed files' history numbers equal `git log --follow --numstat --no-merges`, file by
// file: our per-file insertions, deletions and commits (every author summed) against git's.
//
//   npx tsx bench/follow-agreement.ts REPO [--limit N] [--ignore-whitespace]
//
// Slow on purpose (one `git log --follow` per file, ≈ 0.1–0.5 s each): an audit, not part of
// `npm run bench`. Prints the files that differ, then a summary; exits 0 either way, since our
// per-branch following differs from git's date-ordered one on purpose (see README, "Agreement
// with git"): read the differences.

import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadEngine } from '../src/engine/load';
import { pool } from './measure';

interface Totals {
  insertions: number;
  deletions: number;
  commits: number;
}

const show = (t: Totals) => `+${t.insertions} -${t.deletions} ${t.commits} commits`;

/** git's totals for one path: every non-merge commit `--follow` lists, and its numstat lines. */
function gitFollow(repo: string, path: string, ignoreWhitespace: boolean): Totals {
  const args = ['log', '--follow', '--numstat', '--no-merges', '--format=format:@', ...(ignoreWhitespace ? ['-w'] : []), '--', path];
  const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`git log --follow ${path}: ${r.stderr.trim()}`);
  const t: Totals = { insertions: 0, deletions: 0, commits: 0 };
  let pending = false;
  for (const line of r.stdout.split('\n')) {
    if (line === '@') {
      pending = true;
      continue;
    }
    // `ins<TAB>del<TAB>path`, where a rename's path is `a => b` or `{a => b}`; binary is `-`.
    const m = /^(\d+|-)\t(\d+|-)\t/.exec(line);
    if (!m) continue;
    if (m[1] !== '-') {
      t.insertions += Number(m[1]);
      t.deletions += Number(m[2]);
    }
    if (pending) t.commits++;
    pending = false;
  }
  return t;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { limit: { type: 'string' }, 'ignore-whitespace': { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) {
    process.stderr.write('usage: npx tsx bench/follow-agreement.ts REPO [--limit N] [--ignore-whitespace]\n');
    process.exit(1);
  }
  const repo = resolve(positionals[0]);
  const ignoreWhitespace = values['ignore-whitespace'] === true;
  const engine = loadEngine('auto');
  const t0 = performance.now();
  const a = await engine.analyzeRepository(repo, { whitespace: !ignoreWhitespace, comments: true, emptyLines: true });
  process.stderr.write(`analyzeRepository (${engine.info().backend}): ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  const ours = a.files.map<Totals>(() => ({ insertions: 0, deletions: 0, commits: 0 }));
  for (const c of a.cells) {
    ours[c.file].insertions += c.insertions;
    ours[c.file].deletions += c.deletions;
    ours[c.file].commits += c.commits;
  }
  const limit = values.limit ? Number(values.limit) : a.files.length;
  const indices = a.files.map((_, i) => i).slice(0, limit);
  let same = 0;
  const differ: string[] = [];
  await pool(indices, 2, async (i) => {
    const path = a.files[i].path;
    const git = gitFollow(repo, path, ignoreWhitespace);
    if (git.insertions === ours[i].insertions && git.deletions === ours[i].deletions && git.commits === ours[i].commits) same++;
    else differ.push(`${path}: git ${show(git)}, ours ${show(ours[i])}`);
  }, 0);
  for (const line of differ.sort()) process.stdout.write(`DIFFERS ${line}\n`);
  process.stdout.write(`${same} of ${indices.length} files equal git log --follow --numstat --no-merges${ignoreWhitespace ? ' -w' : ''}; ${differ.length} differ\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(2);
});
