// The engines the integration tests run against: always the git engine; the native one when it loads
// or when GA_REQUIRE_NATIVE=1 (then a failure to load fails the test run instead of skipping).

import { createGitEngine } from '../../src/engine/git';
import { loadEngine } from '../../src/engine/load';
import type { Engine } from '../../src/engine/types';

export interface NamedEngine {
  name: 'git' | 'native';
  engine: Engine;
}

export function enginesUnderTest(): NamedEngine[] {
  const engines: NamedEngine[] = [{ name: 'git', engine: createGitEngine() }];
  const required = process.env.GA_REQUIRE_NATIVE === '1';
  try {
    engines.push({ name: 'native', engine: loadEngine('native') });
  } catch (err) {
    if (required) {
      // Fail loudly: the caller runs this at collection time, so the whole file errors.
      throw new Error(`GA_REQUIRE_NATIVE=1 but the native engine did not load: ${(err as Error).message}`);
    }
  }
  return engines;
}
