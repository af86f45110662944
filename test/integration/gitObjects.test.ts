// Reading objects and HEAD through the git engine's runner, where git prints nothing for some
// answers (an empty file's bytes, a detached HEAD's branch with -q): the answers against what git
// itself gives, on real repositories.

import { execFileSync } from 'node:child_process';

import { describe, expect, test } from 'vitest';

import { fileAtRevision } from '../../src/blame/gitQueries';
import { blobAt, treeEntry } from '../../src/engine/git/repo';
import type { RepoBuilder } from '../fixtures/builder';
import { enginesUnderTest } from '../helpers/engines';
import { reposRemovedAfterEach } from '../helpers/repos';

const createRepo = reposRemovedAfterEach();

function repo(): RepoBuilder {
  const r = createRepo();
  r.write('empty.txt', '');
  r.write('a.txt', 'one\r\ntwo\n');
  r.write('dir/b.txt', 'b\n');
  r.write('line\nbreak.txt', 'a name with a line break\n');
  r.commit('first');
  r.write('a.txt', 'changed\n').commit('second');
  return r;
}

/** What `git cat-file blob SPEC` prints, or undefined when git refuses. */
function gitCatFile(r: RepoBuilder, spec: string): Buffer | undefined {
  try {
    return execFileSync('git', ['-C', r.dir, 'cat-file', 'blob', spec], { stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

describe('blobAt and fileAtRevision', () => {
  test('give what git cat-file blob gives: empty and CRLF files, older revisions, ids, a line break in a name', async () => {
    const r = repo();
    const blobId = r.git(['rev-parse', 'HEAD~1:a.txt']).trim();
    for (const spec of ['HEAD:empty.txt', 'HEAD:a.txt', 'HEAD~1:a.txt', 'HEAD:dir/b.txt', blobId, 'HEAD:line\nbreak.txt']) {
      const ours = await blobAt(r.dir, spec);
      expect(ours, spec).toEqual(gitCatFile(r, spec));
    }
    expect((await blobAt(r.dir, 'HEAD:empty.txt'))?.length).toBe(0);
    expect(await fileAtRevision(r.dir, 'HEAD~1', 'a.txt')).toBe('one\r\ntwo\n');
    expect(await fileAtRevision(r.dir, 'HEAD', 'empty.txt')).toBe('');
  });

  test('a missing path, a folder and a bad revision name nothing: undefined, and an empty text for the editor', async () => {
    const r = repo();
    // A missing name that reads like a blob's header line: `HEAD:x blob 5 missing`.
    for (const spec of ['HEAD:missing.txt', 'HEAD:dir', 'no-such-rev:a.txt', 'HEAD~1:line\nnot-there.txt', 'HEAD:x blob 5']) {
      expect(gitCatFile(r, spec), spec).toBeUndefined();
      expect(await blobAt(r.dir, spec), spec).toBeUndefined();
    }
    expect(await fileAtRevision(r.dir, 'HEAD', 'dir')).toBe('');
    expect(await fileAtRevision(r.dir, 'HEAD', 'missing.txt')).toBe('');
  });

  test('an aborted read rejects', async () => {
    const r = repo();
    const abort = new AbortController();
    abort.abort();
    await expect(fileAtRevision(r.dir, 'HEAD', 'a.txt', abort.signal)).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('treeEntry', () => {
  test("gives git ls-tree's entry for a file, a folder and a nested file, and nothing for a missing path, from any folder", async () => {
    const r = repo();
    r.write('dir/with space.txt', 'x\n').commit('third');
    for (const path of ['a.txt', 'dir', 'dir/b.txt', 'dir/with space.txt', 'missing.txt', 'dir/missing.txt']) {
      const line = r.git(['ls-tree', '-l', '--full-tree', 'HEAD', '--', path]).trim();
      const entry = await treeEntry(r.dir, 'HEAD', path);
      if (!line) {
        expect(entry, path).toBeUndefined();
        continue;
      }
      const [mode, type, oid, size] = line.split('\t')[0]!.split(/\s+/);
      expect(entry, path).toEqual({ mode, type, oid, size: size === '-' ? 0 : Number(size), path });
    }
    expect(await treeEntry(`${r.dir}/dir`, 'HEAD', 'a.txt')).toMatchObject({ path: 'a.txt', type: 'blob' });
  });
});

describe.each(enginesUnderTest())('$name engine', ({ engine }) => {
  test('an empty file and empty unsaved contents blame to no lines, as git blame prints none, with and without ignored revisions', async () => {
    const r = repo();
    expect(r.git(['blame', '--porcelain', '--', 'empty.txt'])).toBe('');
    const ignoreRev = r.git(['rev-parse', 'HEAD']).trim();
    for (const options of [{}, { ignoreRevs: [ignoreRev] }, { contents: '' }, { contents: '', ignoreRevs: [ignoreRev] }]) {
      const blame = await engine.blameFile(r.dir, 'empty.txt', options);
      expect(blame.lineCount, JSON.stringify(options)).toBe(0);
      expect(blame.origin.length).toBe(0);
      expect(blame.commits).toEqual([]);
    }
    // Unsaved contents of a committed file that are empty: no lines either.
    expect((await engine.blameFile(r.dir, 'a.txt', { contents: '' })).lineCount).toBe(0);
  });

  test("health names HEAD's branch, and none on a detached HEAD", async () => {
    const r = repo();
    const head = r.git(['rev-parse', 'HEAD']).trim();
    expect(await engine.healthCheck(r.dir)).toMatchObject({ ok: true, head, branch: r.git(['symbolic-ref', '--short', 'HEAD']).trim() });
    r.checkout('HEAD~1');
    const detached = await engine.healthCheck(r.dir);
    expect(detached).toMatchObject({ ok: true, head: r.git(['rev-parse', 'HEAD']).trim() });
    expect(detached.branch).toBeUndefined();
  });
});
