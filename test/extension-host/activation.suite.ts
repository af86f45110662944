// Runs inside code-server's extension host with the real `vscode` API (see test/e2e/extension-host.test.ts),
// against this checkout loaded as the extension under development, in a workspace with a git repository.

import * as assert from 'node:assert/strict';

import * as vscode from 'vscode';

import { runTests, test } from './runner';

const EXTENSION_ID = 'git-authorship.git-authorship';

test('the extension under development is loaded and activates', async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not among the extensions`);
  await extension.activate();
  assert.equal(extension.isActive, true);
});

test('"Show Engine Info" is a registered command', async () => {
  assert.ok((await vscode.commands.getCommands(true)).includes('gitAuthorship.showEngineInfo'));
});

test('the gitAuthorship.engine setting is contributed, default "auto"', () => {
  assert.equal(vscode.workspace.getConfiguration('gitAuthorship').inspect('engine')?.defaultValue, 'auto');
});

test("the extension host is code-server's Node 24", () => {
  assert.match(process.versions.node, /^24\./);
});

export function run(): Promise<void> {
  return runTests();
}
