// Bad input gives the contract's error codes, for every engine; abort rejects with AbortError.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { isolatedGitEnv, RepoBuilder } from '../fixtures/builder';
import { enginesUnderTest } from '../helpers/engines';
import { gitPorcelain } from '../helpers/git-reference';
import { formatPorcelain } from '../../src/engine/porcelain';
import { EngineError } from '../../src/engine/types';

let repo: RepoBuilder;
let empty: RepoBuilder;
let sub: RepoBuilder;
let shallow: RepoBuilder;
let plain: string;

beforeAll(() => {
  sub = RepoBuilder.create();
  sub.write('s.txt', 'sub\n');
  sub.commit('sub');
  repo = RepoBuilder.create();
  repo.write('dir/a.txt', 'a\n');
  repo.write('bin.dat', Buffer.from([0x50, 0x4b, 0x00, 0x01, 0x0a]));
  repo.writeLines('big.txt', 3000);
  repo.commit('one');
  for (let i = 0; i < 4; i++) {
    repo.write('dir/a.txt', repo.read('dir/a.txt').toString() + `line ${i}\n`);
    repo.commit(`edit ${i}`);
  }
  repo.addSubmodule('mod', sub);
  repo.commit('submodule');
  empty = RepoBuilder.create();
  shallow = repo.shallowClone(2);
  plain = RepoBuilder.plainFolder();
});

afterAll(() => {
  for (const r of [repo, empty, sub, shallow]) r?.cleanup();
  rmSync(plain, { recursive: true, force: true });
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    return (err as EngineError).code ?? 'no code';
  }
}

describe.each(enginesUnderTest())('bad input ($name engine)', ({ engine }) => {
  it('maps failures to error codes', async () => {
    expect(await codeOf(engine.blameFile(plain, 'x.txt'))).toBe('NOT_A_REPOSITORY');
    expect(await codeOf(engine.blameFile(empty.dir, 'x.txt'))).toBe('EMPTY_REPOSITORY');
    expect(await codeOf(engine.blameFile(repo.dir, 'nope.txt'))).toBe('PATH_NOT_IN_REVISION');
    expect(await codeOf(engine.blameFile(repo.dir, 'dir/a.txt', { rev: 'no-such-branch' }))).toBe('BAD_REVISION');
    expect(await codeOf(engine.blameFile(repo.dir, 'bin.dat'))).toBe('BINARY_FILE');
    expect(await codeOf(engine.blameFile(repo.dir, 'dir'))).toBe('IS_DIRECTORY');
    expect(await codeOf(engine.blameFile(repo.dir, 'mod'))).toBe('IS_SUBMODULE');
    expect(await codeOf(engine.blameFile(repo.dir, 'dir/a.txt', { detectMoves: true }))).toBe('INVALID_OPTION');
    expect(await codeOf(engine.analyzeRepository(plain))).toBe('NOT_A_REPOSITORY');
    expect(await codeOf(engine.analyzeRepository(empty.dir))).toBe('EMPTY_REPOSITORY');
  });

  it('unsaved contents of a path not in HEAD: refused unless staged, as git blame --contents does', async () => {
    const text = 'fresh one\nfresh two\n';
    repo.write('fresh.txt', text);
    repo.git(['rm', '-q', '--cached', '--ignore-unmatch', 'fresh.txt']);
    try {
      expect(await codeOf(engine.blameFile(repo.dir, 'fresh.txt', { contents: text }))).toBe('PATH_NOT_IN_REVISION');
      const git = spawnSync('git', ['blame', '--contents', 'fresh.txt', '--', 'fresh.txt'], { cwd: repo.dir, env: isolatedGitEnv(), encoding: 'utf8' });
      expect(git.stderr).toMatch(/no such path 'fresh.txt' in HEAD/);
      repo.git(['add', 'fresh.txt']);
      const r = await engine.blameFile(repo.dir, 'fresh.txt', { contents: text });
      expect(r.lineCount).toBe(2);
      expect(Array.from(r.origin, (o) => r.commits[r.origins[o]!.commit]!.id)).toEqual(['0'.repeat(40), '0'.repeat(40)]);
      expect(repo.git(['blame', '--porcelain', '--contents', 'fresh.txt', '--', 'fresh.txt'])).toMatch(/^0{40} 1 1/);
    } finally {
      repo.git(['rm', '-q', '--cached', '--ignore-unmatch', 'fresh.txt']);
    }
  });

  it('a shallow clone blames its oldest lines on the boundary commit, as git does', async () => {
    const r = await engine.blameFile(shallow.dir, 'dir/a.txt', { withText: true });
    expect(r.commits.some((c) => c.boundary)).toBe(true);
    expect(formatPorcelain(r, r.text!).toString('latin1')).toBe(gitPorcelain(shallow, 'dir/a.txt').toString('latin1'));
    const health = await engine.healthCheck(shallow.dir);
    expect(health.shallow).toBe(true);
  });

  it('health of an empty repository and of a folder that is not one', async () => {
    const h = await engine.healthCheck(empty.dir);
    expect(h.ok).toBe(true);
    expect(h.empty).toBe(true);
    expect(h.branch).toBeUndefined();
    const bad = await engine.healthCheck(plain);
    expect(bad.ok).toBe(false);
    expect(bad.error?.code).toBe('NOT_A_REPOSITORY');
  });

  it('an aborted call rejects with AbortError', async () => {
    const pre = new AbortController();
    pre.abort();
    await expect(engine.blameFile(repo.dir, 'big.txt', { signal: pre.signal })).rejects.toMatchObject({ name: 'AbortError', code: 'ABORTED' });
    const during = new AbortController();
    const pending = engine.analyzeRepository(repo.dir, {}, undefined, during.signal);
    during.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError', code: 'ABORTED' });
  });
});
