// The status bar item: the cursor line's blame in its own format; a click opens the blame actions.

import * as vscode from 'vscode';

import { escapeStatusBarText, formatTemplate } from '../blame/format';
import type { BlameStore } from './blameStore';
import { SHOW_BLAME_ACTIONS } from './commandIds';
import { factsOf, type LineArgs } from './lineTarget';
import type { BlameSettings } from './settings';

export const STATUS_BAR_ITEM_ID = 'blame';

export class BlameStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(STATUS_BAR_ITEM_ID, vscode.StatusBarAlignment.Left, -100);
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly store: BlameStore, private settings: BlameSettings) {
    this.item.name = 'Git Authorship Blame';
    this.subscriptions.push(
      this.item,
      vscode.window.onDidChangeTextEditorSelection(() => this.schedule()),
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule()),
      store.onDidChange(() => this.schedule()),
    );
  }

  updateSettings(settings: BlameSettings): void {
    this.settings = settings;
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    // Cheap, but not on every keystroke of a selection drag.
    this.timer = setTimeout(() => this.render(), 50);
  }

  private render(): void {
    const editor = vscode.window.activeTextEditor;
    const doc = editor && this.settings.statusBarEnabled ? this.store.get(editor.document.uri) : undefined;
    const line = editor?.selection.active.line ?? 0;
    const blame = doc?.map?.lineBlame(line);
    if (!editor || !blame || blame.kind === 'none') {
      this.item.hide();
      return;
    }
    if (blame.kind === 'uncommitted' && !this.settings.uncommittedFormat) {
      this.item.hide();
      return;
    }
    if (blame.kind === 'uncommitted') {
      this.item.text = `$(git-commit) ${escapeStatusBarText(this.settings.uncommittedFormat)}`;
      this.item.tooltip = 'Git Authorship: this line is not committed yet';
      this.item.command = undefined;
    } else {
      const facts = factsOf(blame);
      this.item.text = `$(git-commit) ${formatTemplate(this.settings.statusBarFormat, facts, { now: Date.now() }, escapeStatusBarText)}`;
      this.item.tooltip = `${facts.authorName} <${facts.authorEmail}>\n${facts.subject}\n${facts.hash}\n\nClick for blame actions`;
      const args: LineArgs = { uri: editor.document.uri.toString(), line };
      this.item.command = { title: 'Blame Actions', command: SHOW_BLAME_ACTIONS, arguments: [args] };
    }
    this.item.show();
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
