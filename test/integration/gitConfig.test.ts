// The git engine's config queries (src/engine/git/repo.ts) against what git itself answers, on
// real repositories: unset keys, several values in order, subsections, values with spaces.

import { describe, expect, test } from 'vitest';

import { readFileSync, writeFileSync } from 'node:fs';

import { configBool, configEntries, configValues } from '../../src/engine/git/repo';
import type { RepoBuilder } from '../fixtures/builder';
import { reposRemovedAfterEach } from '../helpers/repos';

const createRepo = reposRemovedAfterEach();

function repo(): RepoBuilder {
  const r = createRepo();
  r.write('a.txt', 'one\n').commit('one');
  return r;
}

/** What `git config --get-all KEY` prints, one value per line (none when unset). */
function gitGetAll(r: RepoBuilder, key: string): string[] {
  try {
    return r.git(['config', '--get-all', key]).split('\n').filter((l) => l.length > 0);
  } catch {
    return []; // exit code 1: unset
  }
}

describe('git config through the git engine', () => {
  test('configValues gives what git config --get-all gives, unset or not', async () => {
    const r = repo();
    expect(await configValues(r.dir, 'blame.ignoreRevsFile')).toEqual([]);
    expect(gitGetAll(r, 'blame.ignoreRevsFile')).toEqual([]);
    r.git(['config', '--add', 'blame.ignoreRevsFile', '.git-blame-ignore-revs']);
    r.git(['config', '--add', 'blame.ignoreRevsFile', 'more revs.txt']);
    // A key of another case and a neighbour that a loose pattern would take.
    r.git(['config', '--add', 'blame.ignoreRevsFileX', 'not this one']);
    const values = await configValues(r.dir, 'BLAME.ignorerevsfile');
    expect(values).toEqual(['.git-blame-ignore-revs', 'more revs.txt']);
    expect(values).toEqual(gitGetAll(r, 'blame.ignoreRevsFile'));
    // Subsections keep their case; a dot in one is matched literally.
    r.git(['config', '--add', 'remote.Up.stream.url', 'u1']);
    r.git(['config', '--add', 'remote.UpXstream.url', 'u2']);
    expect(await configValues(r.dir, 'remote.Up.stream.URL')).toEqual(gitGetAll(r, 'remote.Up.stream.url'));
    expect(await configValues(r.dir, 'remote.Up.stream.url')).toEqual(['u1']);
    expect(await configValues(r.dir, 'remote.up.stream.url')).toEqual([]);
  });

  test('configEntries lists the matching keys with their values, a key without a value as undefined, or as git types them', async () => {
    const r = repo();
    expect(await configEntries(r.dir, '^remote\\..*\\.promisor$')).toEqual([]);
    r.git(['config', 'remote.origin.promisor', 'true']);
    // A key written without "= value" (git reads it as true).
    const config = `${r.dir}/.git/config`;
    writeFileSync(config, readFileSync(config, 'utf8') + '[remote "bare"]\n\tpromisor\n');
    const pattern = '^remote\\..*\\.promisor$';
    expect(await configEntries(r.dir, pattern)).toEqual([['remote.origin.promisor', 'true'], ['remote.bare.promisor', undefined]]);
    // Typed, every spelling comes back as git itself reads it.
    const spellings = ['yes', 'On', '1', 'no', 'off', '0'];
    spellings.forEach((v, i) => r.git(['config', `remote.s${i}.promisor`, v]));
    const typed = await configEntries(r.dir, pattern, { type: 'bool-or-str' });
    const asGitReads = (name: string): string => r.git(['config', '--type=bool', '--get', name]).trim();
    expect(typed.length).toBe(2 + spellings.length);
    for (const [name, value] of typed) expect(value).toBe(asGitReads(name));
    expect(typed.map(([, v]) => v)).toEqual(['true', 'true', 'true', 'true', 'true', 'false', 'false', 'false']);
  });

  test('configBool gives git\'s boolean, or the fallback when unset', async () => {
    const r = repo();
    expect(await configBool(r.dir, 'core.quotePath', true)).toBe(true);
    expect(await configBool(r.dir, 'core.quotePath', false)).toBe(false);
    r.git(['config', 'core.quotePath', 'off']);
    expect(await configBool(r.dir, 'core.quotePath', true)).toBe(false);
    r.git(['config', 'core.quotePath', 'yes']);
    expect(await configBool(r.dir, 'core.quotePath', false)).toBe(true);
  });
});
