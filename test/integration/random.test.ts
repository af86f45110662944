// Seeded random histories: every line of every file at HEAD blamed as git does, for several seeds.

import { describe, expect, it } from 'vitest';
import { buildRandomRepo } from '../fixtures/random-repo';
import { enginesUnderTest } from '../helpers/engines';
import { gitPorcelain } from '../helpers/git-reference';
import { formatPorcelain } from '../../src/engine/porcelain';

const SEEDS = [1, 2, 11, 42];

describe.each(enginesUnderTest())('random histories ($name engine)', ({ engine }) => {
  it.each(SEEDS)('seed %i: every file, default and -w', async (seed) => {
    const repo = buildRandomRepo({ seed, commits: 25 });
    try {
      const files = repo.git(['ls-files', '-z']).split('\0').filter(Boolean);
      for (const path of files) {
        for (const w of [false, true]) {
          const r = await engine.blameFile(repo.dir, path, { ignoreWhitespace: w, withText: true });
          expect(formatPorcelain(r, r.text!).toString('latin1'), `${path} ${w ? '-w' : ''}`).toBe(gitPorcelain(repo, path, w ? ['-w'] : []).toString('latin1'));
        }
      }
    } finally {
      repo.cleanup();
    }
  });
});
