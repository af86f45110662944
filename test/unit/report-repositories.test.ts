// Repository discovery for the extension's commands: a workspace folder's own repository, nested
// repositories down to the depth, a folder inside a repository (Analyze Folder), a folder in none.

import { mkdirSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RepoBuilder } from '../fixtures/builder';
import { discoverRepositories, findRepositories, repositoriesForFolder, repositoryRoot } from '../../src/report/repositories';

let outer: RepoBuilder;
let plain: string;
const cleanups: (() => void)[] = [];

beforeAll(() => {
  outer = RepoBuilder.create();
  outer.write('src/a.ts', 'a\n').commit('a');
  // Repositories nested inside the outer one at depths 1, 3 and 6.
  for (const rel of ['vendor/lib', 'x/y/deep', 'p/q/r/s/t/far']) {
    mkdirSync(outer.path(rel), { recursive: true });
    outer.git(['init', '-q', outer.path(rel)]);
  }
  plain = realpathSync(RepoBuilder.plainFolder());
  for (const rel of ['one', 'two/three', 'node_modules/skip']) {
    mkdirSync(join(plain, rel), { recursive: true });
    outer.git(['init', '-q', join(plain, rel)]);
  }
  cleanups.push(() => outer.cleanup(), () => rmSync(plain, { recursive: true, force: true }));
});
afterAll(() => cleanups.forEach((c) => c()));

describe('repository discovery', () => {
  it('a workspace folder that is a repository, and the repositories nested in it down to the depth', async () => {
    const root = realpathSync(outer.dir);
    expect(await discoverRepositories([outer.dir], 5)).toEqual([root, join(root, 'vendor/lib'), join(root, 'x/y/deep')]);
    expect(await discoverRepositories([outer.dir], 6)).toContain(join(root, 'p/q/r/s/t/far'));
    expect(await discoverRepositories([outer.dir], 0)).toEqual([root]);
    expect(await discoverRepositories([outer.dir], 2)).toEqual([root, join(root, 'vendor/lib')]);
  });

  it('a folder in no repository: the repositories below it, skipping node_modules; several folders, each repository once', async () => {
    expect(await discoverRepositories([plain], 5)).toEqual([join(plain, 'one'), join(plain, 'two/three')]);
    const both = await discoverRepositories([plain, outer.dir, join(plain, 'one')], 1);
    expect(both).toEqual([join(plain, 'one'), realpathSync(outer.dir)].sort());
  });

  it('the CLI search stops at a found repository; the nested search does not', () => {
    expect(findRepositories(outer.dir, 5)).toEqual([outer.path('vendor/lib'), outer.path('x/y/deep')]);
    const parent = join(plain, 'two');
    expect(findRepositories(parent, 5)).toEqual([join(parent, 'three')]);
    outer.git(['init', '-q', join(parent, 'three/inner')]);
    expect(findRepositories(parent, 5)).toEqual([join(parent, 'three')]);
    expect(findRepositories(parent, 5, { nested: true })).toEqual([join(parent, 'three'), join(parent, 'three/inner')]);
  });

  it('Analyze Folder: a folder inside a repository becomes its subfolder; a plain folder its repositories', async () => {
    const root = realpathSync(outer.dir);
    expect(await repositoryRoot(outer.path('src'))).toBe(root);
    expect(await repositoriesForFolder(outer.path('src'), 5)).toEqual([{ repo: root, subfolder: 'src' }]);
    expect(await repositoriesForFolder(outer.dir, 5)).toEqual([{ repo: realpathSync(outer.dir) }]);
    expect(await repositoriesForFolder(plain, 1)).toEqual([{ repo: join(plain, 'one') }]);
    expect(await repositoryRoot(plain)).toBeUndefined();
  });
});
