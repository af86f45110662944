// API-level tests inside the editor: suites from test/extension-host/ run in code-server's extension
// host with the real `vscode` API, against this checkout as the extension under development.

import { join } from 'node:path';

import { expect, onTestFinished, test } from 'vitest';

import { root } from '../../scripts/editor/tools.mjs';
import { RepoBuilder } from '../fixtures/builder';
import { readSummary } from '../extension-host/runner';
import { runExtensionTests } from './harness/extensionTests';

/** A repository for this test, removed when it finishes. */
function gitRepository(): string {
  const repo = RepoBuilder.create();
  onTestFinished(() => repo.cleanup());
  repo.write('README.md', 'hello\n').commit('first');
  return repo.dir;
}

test('the activation suite passes in the extension host', async () => {
  const run = await runExtensionTests({ suite: join(root, 'test/extension-host/activation.suite.ts'), folder: gitRepository() });
  const summary = readSummary(run.log);
  expect(summary?.failed, run.log.join('\n')).toEqual([]);
  expect(summary?.passed).toHaveLength(4);
  expect(run.exitCode).toBe(0);
});

test('a failing suite is reported as failed', async () => {
  const run = await runExtensionTests({ suite: join(root, 'test/e2e/fixtures/failing.suite.ts'), folder: gitRepository() });
  const summary = readSummary(run.log);
  expect(summary?.passed).toEqual(['passes']);
  expect(summary?.failed.map((f) => f.name)).toEqual(['fails on purpose']);
  expect(run.exitCode).not.toBe(0);
});
