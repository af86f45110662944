// Cache invalidation: each git operation that changes what a blame depends on changes the
// fingerprint (src/blame/gitState.ts), made with the real git CLI; the watched-path filter accepts
// the files those operations write. Also where a file's repository is (work tree, linked worktree,
// submodule).

import { mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, test } from 'vitest';

import { GitStateWatch, SETTLE_MS } from '../../src/blame/gitWatch';
import { gitStateFingerprint, isStatePath } from '../../src/blame/gitState';
import { findRepo, locateShownFile, repoRelative, type RepoLocation } from '../../src/blame/repoRoot';
import { RepoBuilder } from '../fixtures/builder';

const made: RepoBuilder[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const r of made.splice(0)) r.cleanup();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function repoWithHistory(): RepoBuilder {
  const repo = RepoBuilder.create();
  made.push(repo);
  repo.write('a.txt', 'one\n').commit('one');
  repo.write('a.txt', 'one\ntwo\n').commit('two');
  return repo;
}

/** A clone one commit behind its upstream (another local repository), and the pull that catches up. */
async function cloneBehindUpstream(): Promise<{ loc: RepoLocation; pull: () => void }> {
  const upstream = repoWithHistory();
  const dir = mkdtempSync(join(tmpdir(), 'ga-clone-'));
  dirs.push(dir);
  upstream.git(['clone', '-q', upstream.dir, dir]);
  upstream.write('a.txt', 'upstream\n').commit('upstream change');
  const loc = (await findRepo(join(dir, 'a.txt')))!;
  return { loc, pull: () => void upstream.git(['-C', dir, '-c', 'user.name=R', '-c', 'user.email=r@x', 'pull', '-q', '--ff-only']) };
}

async function fingerprint(repo: RepoBuilder): Promise<string> {
  const loc = await findRepo(repo.path('a.txt'));
  return gitStateFingerprint(loc!);
}

/** Runs `op` and expects the fingerprint to change (and to be stable without it). */
async function expectChange(repo: RepoBuilder, op: () => void): Promise<void> {
  const before = await fingerprint(repo);
  expect(await fingerprint(repo)).toBe(before);
  op();
  expect(await fingerprint(repo)).not.toBe(before);
}

describe('gitStateFingerprint changes with every operation that moves HEAD or the stash', () => {
  test('commit', async () => {
    const repo = repoWithHistory();
    await expectChange(repo, () => repo.write('a.txt', 'three\n').commit('three'));
  });

  test('checkout of another branch at the same commit, and of an older commit', async () => {
    const repo = repoWithHistory();
    repo.branch('topic');
    await expectChange(repo, () => repo.checkout('topic'));
    await expectChange(repo, () => repo.checkout('HEAD~1'));
  });

  test('rebase', async () => {
    const repo = repoWithHistory();
    repo.branch('topic', 'HEAD~1').checkout('topic');
    repo.write('b.txt', 'b\n').commit('topic work');
    await expectChange(repo, () => repo.git(['-c', 'user.name=R', '-c', 'user.email=r@x', 'rebase', '-q', 'main']));
  });

  test('stash and stash pop', async () => {
    const repo = repoWithHistory();
    repo.write('a.txt', 'changed\n');
    await expectChange(repo, () => repo.git(['-c', 'user.name=R', '-c', 'user.email=r@x', 'stash', '-q']));
    await expectChange(repo, () => repo.git(['stash', 'pop', '-q']));
  });

  test('pull from another local repository', async () => {
    const { loc, pull } = await cloneBehindUpstream();
    const before = await gitStateFingerprint(loc);
    pull();
    expect(await gitStateFingerprint(loc)).not.toBe(before);
  });

  test('reset to an older commit, soft and hard', async () => {
    const repo = repoWithHistory();
    await expectChange(repo, () => repo.git(['reset', '-q', '--soft', 'HEAD~1']));
    repo.git(['commit', '-q', '-m', 'again']);
    await expectChange(repo, () => repo.git(['reset', '-q', '--hard', 'HEAD~1']));
  });

  test('a packed ref is resolved: pack-refs alone leaves the fingerprint as it was', async () => {
    const repo = repoWithHistory();
    const before = await fingerprint(repo);
    repo.git(['pack-refs', '--all']);
    expect(await fingerprint(repo)).toBe(before);
    await expectChange(repo, () => repo.write('a.txt', 'x\n').commit('after packing'));
  });
});

describe('isStatePath', () => {
  test('watches HEAD, index, refs, packed-refs, stash log; ignores lock files and objects', () => {
    for (const p of ['HEAD', 'index', 'ORIG_HEAD', 'MERGE_HEAD', 'packed-refs', 'refs/heads/main', 'refs/stash', 'logs/refs/stash']) {
      expect(isStatePath(p), p).toBe(true);
    }
    for (const p of ['index.lock', 'refs/heads/main.lock', 'objects/ab/cdef', 'FETCH_HEAD', 'logs/HEAD', 'config']) {
      expect(isStatePath(p), p).toBe(false);
    }
  });
});

describe('findRepo', () => {
  test('a file in a work tree, in a linked worktree and in a submodule', async () => {
    const repo = repoWithHistory();
    repo.write('deep/er/f.txt', 'f\n').commit('deep');
    const loc = (await findRepo(repo.path('deep/er/f.txt')))!;
    expect(loc.workTree).toBe(repo.dir);
    expect(repoRelative(loc.workTree, repo.path('deep/er/f.txt'))).toBe('deep/er/f.txt');
    expect(repoRelative(loc.workTree, repo.path('.git/HEAD'))).toBeUndefined();

    const wt = join(mkdtempSync(join(tmpdir(), 'ga-wt-')), 'linked');
    dirs.push(wt);
    repo.git(['worktree', 'add', '-q', '-b', 'side', wt]);
    const linked = (await findRepo(join(wt, 'a.txt')))!;
    expect(linked.workTree).toBe(wt);
    expect(realpathSync(linked.commonDir)).toBe(realpathSync(repo.path('.git')));
    expect(linked.gitDir).not.toBe(linked.commonDir);
    // A commit in the linked worktree moves its own HEAD.
    const before = await gitStateFingerprint(linked);
    repo.git(['-C', wt, '-c', 'user.name=R', '-c', 'user.email=r@x', 'commit', '-q', '--allow-empty', '-m', 'side']);
    expect(await gitStateFingerprint(linked)).not.toBe(before);

    const sub = repoWithHistory();
    repo.addSubmodule('mods/sub', sub);
    const inSub = (await findRepo(repo.path('mods/sub/a.txt')))!;
    expect(inSub.workTree).toBe(repo.path('mods/sub'));
    expect(inSub.gitDir).toBe(repo.path('.git/modules/mods/sub'));
  });

  test('a symlink is located at its target, whose text the editor shows', async () => {
    const repo = repoWithHistory();
    repo.write('deep/target.txt', 'target\n').commit('target');
    symlinkSync('deep/target.txt', repo.path('link.txt'));
    const viaLink = await locateShownFile(repo.path('link.txt'));
    expect(viaLink?.path).toBe('deep/target.txt');
    expect(viaLink?.repo.workTree).toBe(realpathSync(repo.dir));
    // The work tree reached through a symlinked folder: the real repository.
    const outside = RepoBuilder.plainFolder();
    dirs.push(outside);
    symlinkSync(repo.dir, join(outside, 'alias'));
    const viaFolder = await locateShownFile(join(outside, 'alias', 'a.txt'));
    expect(viaFolder).toEqual({ repo: expect.objectContaining({ workTree: realpathSync(repo.dir) }), path: 'a.txt' });
    // A file that does not exist (yet) is located by its own path.
    expect((await locateShownFile(repo.path('new.txt')))?.path).toBe('new.txt');
    expect(await locateShownFile(join(outside, 'x.txt'))).toBeUndefined();
  });

  test('outside any repository', async () => {
    const dir = RepoBuilder.plainFolder();
    dirs.push(dir);
    expect(await findRepo(join(dir, 'x.txt'))).toBeUndefined();
  });
});

describe('GitStateWatch reports operations made by the git CLI, and nothing else', () => {
  async function reports(repo: RepoBuilder, op: () => void): Promise<number> {
    const loc = (await findRepo(repo.path('a.txt')))!;
    let count = 0;
    const w = await GitStateWatch.start(loc, () => count++);
    try {
      op();
      const deadline = Date.now() + 5_000;
      while (count === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // Settle: one operation writes several files but is reported once.
      await new Promise((r) => setTimeout(r, SETTLE_MS * 3));
      return count;
    } finally {
      w.close();
    }
  }

  test('commit, checkout, rebase, stash, reset: one report each', async () => {
    const repo = repoWithHistory();
    expect(await reports(repo, () => repo.write('a.txt', 'three\n').commit('three'))).toBe(1);
    repo.branch('topic', 'HEAD~1');
    expect(await reports(repo, () => repo.checkout('topic'))).toBe(1);
    repo.write('b.txt', 'b\n').commit('topic work');
    expect(await reports(repo, () => repo.git(['-c', 'user.name=R', '-c', 'user.email=r@x', 'rebase', '-q', 'main']))).toBe(1);
    repo.write('a.txt', 'dirty\n');
    expect(await reports(repo, () => repo.git(['-c', 'user.name=R', '-c', 'user.email=r@x', 'stash', '-q']))).toBe(1);
    expect(await reports(repo, () => repo.git(['reset', '-q', '--hard', 'HEAD~1']))).toBe(1);
  });

  test('pull from another local repository is reported', async () => {
    const { loc, pull } = await cloneBehindUpstream();
    let count = 0;
    const w = await GitStateWatch.start(loc, () => count++);
    pull();
    const deadline = Date.now() + 5_000;
    while (count === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    w.close();
    expect(count).toBe(1);
  });

  test('editing work tree files, staging and git status are not reported', async () => {
    const repo = repoWithHistory();
    const count = await reports(repo, () => {
      repo.write('a.txt', 'edited\n');
      repo.git(['add', 'a.txt']);
      repo.git(['status', '--porcelain']);
    });
    expect(count).toBe(0);
  });
});
