// The report's commands through the real `vscode` API, in code-server's extension host (run by
// test/e2e/report.test.ts): the contract inline blame relies on (`showAuthorInReport` with
// `{ repo, name, email }`, analysing first when there is no result), Analyze Folder on a folder,
// exports to a given target, and the contributed settings.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as vscode from 'vscode';

import { REPORT_SETTING_DEFAULTS, REPORT_SETTING_KEYS } from '../../src/report/settings';
import { runTests, test } from './runner';

const folder = (): string => vscode.workspace.workspaceFolders![0]!.uri.fsPath;

function reportTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('gitAuthorship.report'));
}

/** The tab model follows the workbench a moment later: wait for `check` (up to 10 s). */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(check(), what);
}

async function exportJson(name: string): Promise<{ repositories: { path: string; authors: { name: string; lines: number }[]; files: { path: string }[] }[] }> {
  const target = join(tmpdir(), `ga-suite-${process.pid}-${name}.json`);
  const written = await vscode.commands.executeCommand<string>('gitAuthorship.exportReport', { format: 'json', target });
  assert.equal(written, target);
  return JSON.parse(readFileSync(target, 'utf8'));
}

test('the report commands are registered', async () => {
  await vscode.extensions.getExtension('git-authorship.git-authorship')!.activate();
  const all = await vscode.commands.getCommands(true);
  for (const id of ['analyzeWorkspace', 'analyzeRepository', 'analyzeFolder', 'showReport', 'showAuthorInReport', 'exportReport']) {
    assert.ok(all.includes(`gitAuthorship.${id}`), id);
  }
});

test('every gitAuthorship.report.* setting is contributed with its default', () => {
  const config = vscode.workspace.getConfiguration('gitAuthorship.report');
  for (const key of REPORT_SETTING_KEYS) assert.deepEqual(config.inspect(key)?.defaultValue, REPORT_SETTING_DEFAULTS[key], key);
});

test('showAuthorInReport with no result yet analyses the repository and opens the panel', async () => {
  assert.equal(reportTabs().length, 0);
  await vscode.commands.executeCommand('gitAuthorship.showAuthorInReport', { repo: folder(), name: 'Ann Lee', email: 'ann@example.com' });
  await eventually(() => reportTabs().length === 1, `one report panel, tabs: ${JSON.stringify(vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)))}`);
  const json = await exportJson('author');
  assert.deepEqual(json.repositories[0]!.authors.map((a) => [a.name, a.lines]), [['Ann Lee', 3], ['Bob Stone', 2]]);
});

test('showAuthorInReport again keeps one panel; bad arguments are refused without a throw', async () => {
  await vscode.commands.executeCommand('gitAuthorship.showAuthorInReport', { repo: folder(), name: 'Bob Stone', email: 'bob@example.com' });
  await eventually(() => reportTabs().length === 1, 'still one report panel');
  assert.equal(await vscode.commands.executeCommand('gitAuthorship.showAuthorInReport', { repo: 42 }), undefined);
});

test('Analyze Folder on a folder analyses only the files under it', async () => {
  await vscode.commands.executeCommand('gitAuthorship.analyzeFolder', vscode.Uri.file(join(folder(), 'docs')));
  const json = await exportJson('folder');
  assert.deepEqual(json.repositories[0]!.files.map((f) => f.path), ['docs/guide.md']);
  assert.deepEqual(json.repositories[0]!.authors.map((a) => [a.name, a.lines]), [['Bob Stone', 2]]);
});

test('a CSV export of one table to a given target', async () => {
  const target = join(tmpdir(), `ga-suite-${process.pid}-files.csv`);
  await vscode.commands.executeCommand('gitAuthorship.exportReport', { format: 'csv', table: 'files', target });
  assert.match(readFileSync(target, 'utf8'), /^ID,File,Former names,Size,Lines,/);
});

export function run(): Promise<void> {
  return runTests();
}
