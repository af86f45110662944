// File blame: every line annotated on the left with date and author, one label per run of a
// commit, coloured by author or by age, with overview-ruler marks. BUCKETS decoration types are
// created once and shared by every editor; a render sets at most BUCKETS decoration lists.

import * as vscode from 'vscode';

import { BUCKETS, fileBlameRuns, LABEL_WIDTH } from '../blame/fileBlameModel';
import type { BlameStore } from './blameStore';
import type { BlameSettings } from './settings';

/** Re-render at most this often while typing (ranges move with the text in between). */
const RENDER_DEBOUNCE_MS = 150;
const BLANK = '\u00a0';

export class FileBlame implements vscode.Disposable {
  private readonly types: vscode.TextEditorDecorationType[] = [];
  private readonly on = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly store: BlameStore, private settings: BlameSettings) {
    for (let i = 0; i < BUCKETS; i++) {
      const color = new vscode.ThemeColor(`gitAuthorship.fileBlameColor${i}`);
      this.types.push(
        vscode.window.createTextEditorDecorationType({
          before: {
            color,
            backgroundColor: new vscode.ThemeColor('gitAuthorship.fileBlameBackground'),
            width: `${LABEL_WIDTH + 1}ch`,
            margin: '0 1em 0 0',
            fontStyle: 'normal',
            fontWeight: 'normal',
          },
          overviewRulerColor: color,
          overviewRulerLane: vscode.OverviewRulerLane.Left,
          rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
        }),
      );
    }
    this.subscriptions.push(
      ...this.types,
      store.onDidChange(() => this.schedule()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.schedule()),
      vscode.workspace.onDidCloseTextDocument((d) => this.on.delete(d.uri.toString())),
    );
  }

  updateSettings(settings: BlameSettings): void {
    this.settings = settings;
    this.schedule();
  }

  isOn(uri: vscode.Uri): boolean {
    return this.on.has(uri.toString());
  }

  async set(doc: vscode.TextDocument, on: boolean): Promise<void> {
    const key = doc.uri.toString();
    if (on) this.on.add(key);
    else this.on.delete(key);
    this.store.want(doc.uri, on);
    await vscode.commands.executeCommand('setContext', 'gitAuthorship.fileBlameOn', [...this.on]);
    if (on) await this.store.ensure(doc);
    this.render();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.render(), RENDER_DEBOUNCE_MS);
  }

  private render(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const lists: vscode.DecorationOptions[][] = this.types.map(() => []);
      const map = this.on.has(editor.document.uri.toString()) ? this.store.get(editor.document.uri)?.map : undefined;
      if (map) {
        for (const run of fileBlameRuns(map, this.settings.colorBy)) {
          const list = lists[run.bucket]!;
          for (let line = run.start; line <= run.end; line++) {
            const at = new vscode.Position(line, 0);
            list.push({ range: new vscode.Range(at, at), renderOptions: { before: { contentText: line === run.start ? run.label : BLANK } } });
          }
        }
      }
      this.types.forEach((t, i) => editor.setDecorations(t, lists[i]!));
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
