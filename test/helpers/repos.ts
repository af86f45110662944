// Repositories made by one test file's tests, removed after each test.

import { afterEach } from 'vitest';

import { RepoBuilder } from '../fixtures/builder';

/** A `RepoBuilder.create` whose repositories are removed after the test that made them. */
export function reposRemovedAfterEach(): () => RepoBuilder {
  const made: RepoBuilder[] = [];
  afterEach(() => {
    for (const r of made.splice(0)) r.cleanup();
  });
  return () => {
    const r = RepoBuilder.create();
    made.push(r);
    return r;
  };
}
