// extractCommits vs `git log --numstat`, and the CLI (run through tsx) vs git, byte for byte.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { RepoBuilder, isolatedGitEnv } from '../fixtures/builder';
import { buildRandomRepo } from '../fixtures/random-repo';
import { enginesUnderTest } from '../helpers/engines';
import { gitPorcelain, referenceGit } from '../helpers/git-reference';

const ROOT = join(__dirname, '..', '..');
let repo: RepoBuilder;

function cli(args: string[], cwd: string, input?: string): { status: number; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'src', 'cli.ts'), ...args], {
    cwd,
    input,
    env: isolatedGitEnv(),
    maxBuffer: 1 << 28,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString() };
}

beforeAll(() => {
  repo = buildRandomRepo({ seed: 3, commits: 20 });
  repo.write('weird "name".txt', 'x\ny\n');
  repo.write('café.txt', Buffer.from([0x61, 0xe9, 0x0a, 0x62]));
  repo.commit('odd paths', 'Eve <eve@example.com>');
});
afterAll(() => repo?.cleanup());

describe.each(enginesUnderTest())('extractCommits ($name engine)', ({ engine }) => {
  it('matches git log --numstat', async () => {
    const commits = await engine.extractCommits(repo.dir);
    const log = await referenceGit(repo.dir).raw(['log', '--numstat', '-M', '--format=@%H %P|%aN|%aE|%at', 'HEAD']);
    const expected: { sha: string; isMerge: boolean; additions: number; deletions: number; authorName: string; authorTime: number }[] = [];
    for (const line of log.split('\n')) {
      if (line.startsWith('@')) {
        const [ids, name, , at] = line.slice(1).split('|') as [string, string, string, string];
        const parts = ids.trim().split(' ');
        expected.push({ sha: parts[0]!, isMerge: parts.length > 2, additions: 0, deletions: 0, authorName: name, authorTime: Number(at) });
      } else if (/^(\d+|-)\t(\d+|-)\t/.test(line)) {
        const [a, d] = line.split('\t');
        expected[expected.length - 1]!.additions += a === '-' ? 0 : Number(a);
        expected[expected.length - 1]!.deletions += d === '-' ? 0 : Number(d);
      }
    }
    expect(commits.map(({ sha, isMerge, additions, deletions, authorName, authorTime }) => ({ sha, isMerge, additions, deletions, authorName, authorTime }))).toEqual(expected);
  });

  it('takes relative dates as git does: the fixture commits (2020) are over a year ago', async () => {
    const all = await engine.extractCommits(repo.dir);
    const since = (text: string) => engine.extractCommits(repo.dir, { since: text });
    const log = async (text: string) => (await referenceGit(repo.dir).raw(['log', '--format=%H', `--since=${text}`, 'HEAD'])).split('\n').filter(Boolean);
    expect((await since('20 years ago')).map((c) => c.sha)).toEqual(all.map((c) => c.sha));
    expect((await since('20 years ago')).map((c) => c.sha)).toEqual(await log('20 years ago'));
    expect(await since('1 year ago')).toEqual([]);
    expect(await log('1.year.ago')).toEqual([]);
    expect(await engine.extractCommits(repo.dir, { until: '2.weeks.ago' })).toHaveLength(all.length);
    await expect(since('a while back')).rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });
});

describe('CLI', () => {
  it('blame --porcelain is byte-identical to git for several paths in turn', () => {
    const paths = (repo.git(['ls-files', '-z']).split('\0').filter(Boolean)).slice(0, 6).concat(['weird "name".txt', 'café.txt']);
    const r = cli(['blame', '--engine', 'git', '--porcelain', '--', ...paths], repo.dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const expected = Buffer.concat(paths.map((p) => gitPorcelain(repo, p)));
    expect(r.stdout.toString('latin1')).toBe(expected.toString('latin1'));
    const w = cli(['blame', '--engine', 'git', '-w', '--line-porcelain', '--', paths[0]!], repo.dir);
    expect(w.stdout.toString('latin1')).toBe(repo.gitBytes(['blame', '--line-porcelain', '-w', 'HEAD', '--', paths[0]!]).toString('latin1'));
  });

  it.each(enginesUnderTest().map((e) => e.name))('blame with a bad path among good ones (%s engine): the good ones printed as git does, one line for the bad, exit 2', (name) => {
    const paths = (repo.git(['ls-files', '-z']).split('\0').filter(Boolean)).slice(0, 4);
    const r = cli(['blame', '--engine', name, '--', paths[0]!, 'missing.txt', ...paths.slice(1)], repo.dir);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^git-authorship: PATH_NOT_IN_REVISION: .*missing\.txt/)]);
    expect(r.stdout.toString('latin1')).toBe(Buffer.concat(paths.map((p) => gitPorcelain(repo, p))).toString('latin1'));
  });

  it.each(enginesUnderTest().map((e) => e.name))('blame where every path fails (%s engine): the warnings still said, once, then one line per path', (name) => {
    const r = cli(['blame', '--engine', name, '--ignore-rev', 'no-such-rev', '--', 'missing.txt', 'also-missing.txt'], repo.dir);
    expect(r.status).toBe(2);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^warning: .*no-such-rev/),
      expect.stringMatching(/^git-authorship: PATH_NOT_IN_REVISION: .*missing\.txt/),
      expect.stringMatching(/^git-authorship: PATH_NOT_IN_REVISION: .*also-missing\.txt/),
    ]);
  });

  it('blame --json prints one object per path, each on one line, with the lines git blames', () => {
    const paths = (repo.git(['ls-files', '-z']).split('\0').filter(Boolean)).slice(0, 3).concat(['café.txt']);
    const r = cli(['blame', '--json', '--', ...paths], repo.dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const objects = r.stdout.toString('utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { path: string; lines: { commit: string }[] });
    expect(objects.map((o) => o.path)).toEqual(paths);
    for (const o of objects) {
      const commits = [...gitPorcelain(repo, o.path).toString('latin1').matchAll(/^([0-9a-f]{40}) \d+ \d+/gm)].map((m) => m[1]);
      expect(o.lines.map((l) => l.commit), o.path).toEqual(commits);
    }
  });

  it('exit codes: usage 1, bad input 2 with one line on stderr, help 0', () => {
    const usage = cli(['blame', '--nope'], repo.dir);
    expect(usage.status).toBe(1);
    expect(usage.stderr.trim().split('\n')).toHaveLength(1);
    const bad = cli(['blame', '--engine', 'git', '--', 'missing.txt'], repo.dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('PATH_NOT_IN_REVISION');
    expect(cli(['report', '--help'], repo.dir).status).toBe(0);
    expect(cli(['frobnicate'], repo.dir).status).toBe(1);
  });

  it('report --format json, and a folder searched for repositories', () => {
    const r = cli(['report', '--engine', 'git', '--format', 'json', join(repo.dir, '..', repo.dir.split('/').pop()!)], repo.dir);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout.toString());
    expect(json.repositories).toHaveLength(1);
    expect(json.repositories[0].authors.length).toBeGreaterThan(1);
    expect(json.performanceStats.engine).toBe('git');
  });

  it('a reader that stops early (| head) ends the output quietly, with success', async () => {
    // Far more porcelain than a pipe holds (about 2 MB against 64 KiB), so writes meet the closed pipe.
    const big = RepoBuilder.create();
    try {
      big.write('big.txt', Array.from({ length: 20_000 }, (_, i) => `line ${i}\n`).join(''));
      big.commit('big', 'Ann <ann@example.com>');
      const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'src', 'cli.ts'), 'blame', '--porcelain', '--', 'big.txt'], {
        cwd: big.dir,
        env: isolatedGitEnv(),
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      let first = '';
      child.stdout.once('data', (d: Buffer) => {
        first = d.toString();
        child.stdout.destroy();
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      expect(first).toMatch(/^[0-9a-f]{40} 1 1 20000\n/);
      expect(stderr).toBe('');
      expect(code).toBe(0);
    } finally {
      big.cleanup();
    }
  });
});
