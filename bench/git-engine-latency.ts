// The git engine's time for small questions, most of them ones whose honest answer is empty or a
// refusal: an empty file's text and blame, the health of a detached HEAD and of an empty
// repository, the unsaved contents of an untracked file, a bad revision. simple-git waits 50 ms
// more after a git command that printed nothing at all, so each of these once took 50 ms or more
// too long (until src/engine/git/run.ts told it that stdout had ended). An ordinary blame, committed and of unsaved contents, is there for comparison.
//
// `npx tsx bench/git-engine-latency.ts [--calls N] [--repo DIR --path FILE]`: builds two small
// repositories in a temporary folder with the git CLI, prints the median of N calls (default 15)
// of each question; the ordinary blames are of FILE in DIR when given (e.g. express's package.json).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { fileAtRevision } from '../src/blame/gitQueries';
import { createGitEngine } from '../src/engine/git';
import { median } from './measure';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '15' }, repo: { type: 'string' }, path: { type: 'string' } } });
const calls = Number(values.calls);

function git(dir: string, args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, stdio: 'ignore' });
}

async function timed(what: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await what().catch(() => undefined); // refusals are answers here
    times.push(performance.now() - t);
  }
  return median(times);
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'ga-latency-'));
  try {
    const repo = join(root, 'repo');
    const empty = join(root, 'empty');
    execFileSync('git', ['init', '-q', repo]);
    execFileSync('git', ['init', '-q', empty]);
    writeFileSync(join(repo, 'empty.txt'), '');
    writeFileSync(join(repo, 'a.txt'), 'one\n');
    git(repo, ['add', '.']);
    git(repo, ['commit', '-q', '-m', 'one']);
    writeFileSync(join(repo, 'a.txt'), 'one\ntwo\n');
    git(repo, ['commit', '-q', '-am', 'two']);
    git(repo, ['checkout', '-q', 'HEAD~1']);
    writeFileSync(join(repo, 'untracked.txt'), 'new\n');

    const engine = createGitEngine();
    const [ordinaryRepo, ordinaryPath] = values.repo && values.path ? [values.repo, values.path] : [repo, 'a.txt'];
    const unsaved = readFileSync(join(ordinaryRepo, ordinaryPath), 'utf8') + 'an unsaved line\n';
    const rows: [string, () => Promise<unknown>][] = [
      [`the blame of ${ordinaryPath} (for comparison)`, () => engine.blameFile(ordinaryRepo, ordinaryPath)],
      ['the blame of unsaved contents of it', () => engine.blameFile(ordinaryRepo, ordinaryPath, { contents: unsaved })],
      ["an empty file's text at HEAD (fileAtRevision)", () => fileAtRevision(repo, 'HEAD', 'empty.txt')],
      ['the blame of an empty file', () => engine.blameFile(repo, 'empty.txt')],
      ['the health of a detached HEAD', () => engine.healthCheck(repo)],
      ['the health of an empty repository', () => engine.healthCheck(empty)],
      ["an untracked file's unsaved contents (refused)", () => engine.blameFile(repo, 'untracked.txt', { contents: 'new\n' })],
      ['a bad revision (refused)', () => engine.blameFile(repo, 'a.txt', { rev: 'no-such-revision' })],
      ['a bad revision to ignore (a warning)', () => engine.blameFile(repo, 'a.txt', { ignoreRevs: ['no-such-revision'] })],
    ];
    console.log(`git engine, median of ${calls} calls each:`);
    for (const [what, call] of rows) console.log(`  ${(await timed(call)).toFixed(1).padStart(7)} ms  ${what}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
