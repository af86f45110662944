// Inline blame, hover, status bar and file blame: everything issue 4 adds to the editor, registered
// in one call from extension.ts.

import * as vscode from 'vscode';

import { registerCommands } from '../commands/register';
import type { EngineService } from '../engineService';
import type { Log } from '../log';
import { BlameStore } from './blameStore';
import { blameCommands } from './commands';
import { FileBlame } from './fileBlame';
import { GitWatcher } from './gitWatcher';
import { registerBlameHover } from './hover';
import { InlineBlame } from './inlineBlame';
import { registerRevisionContent } from './revisionContent';
import { readSettings, SECTION } from './settings';
import { BlameStatusBar } from './statusBar';

export function registerBlameFeatures(context: vscode.ExtensionContext, engines: EngineService, log: Log): void {
  let settings = readSettings();
  const store = new BlameStore(engines, log, settings);
  const inline = new InlineBlame(store, settings);
  const statusBar = new BlameStatusBar(store, settings);
  const fileBlame = new FileBlame(store, settings);
  const watcher = new GitWatcher((repo) => store.invalidateRepo(repo.workTree), log);
  context.subscriptions.push(
    store,
    inline,
    statusBar,
    fileBlame,
    watcher,
    registerRevisionContent(),
    // The hover answers over an annotation only: the end of an annotated line (where the `after` text
    // is), or the start of a line under file blame (the `before` label); elsewhere code hovers rule.
    registerBlameHover(
      store,
      (doc, pos) =>
        (inline.isShown(doc.uri, pos.line) && pos.character >= doc.lineAt(pos.line).text.length) ||
        (fileBlame.isOn(doc.uri) && pos.character === 0),
      log,
    ),
    store.onDidSeeRepo((repo) => watcher.add(repo)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      settings = readSettings();
      store.updateSettings(settings);
      inline.updateSettings(settings);
      statusBar.updateSettings(settings);
      fileBlame.updateSettings(settings);
    }),
  );
  registerCommands(context, log, blameCommands({ store, fileBlame, log }));
  store.refreshVisible();
}
