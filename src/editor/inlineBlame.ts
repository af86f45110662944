// The current-line annotation: one decoration type, an `after` box at the end of each cursor line
// (up to MAX_CURSOR_LINES), coloured by the theme colour `gitAuthorship.inlineForeground`. Hidden
// as soon as the document changes or the cursor moves, drawn again after `delay` ms of quiet, so it
// never sits on text being typed.

import * as vscode from 'vscode';

import { formatTemplate } from '../blame/format';
import type { BlameStore } from './blameStore';
import { factsOf } from './lineTarget';
import type { BlameSettings } from './settings';

/** More cursors than this get no annotations beyond the first ones (multi-cursor edits stay quiet). */
export const MAX_CURSOR_LINES = 10;

export class InlineBlame implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    after: {
      color: new vscode.ThemeColor('gitAuthorship.inlineForeground'),
      margin: '0 0 0 3em',
      fontStyle: 'normal',
      fontWeight: 'normal',
    },
    // The decoration sits on a zero-width range at the end of the line: text typed there must not extend it.
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Lines annotated now, per document (the hover answers only there). */
  private readonly shown = new Map<string, Set<number>>();

  constructor(private readonly store: BlameStore, private settings: BlameSettings) {
    this.subscriptions.push(
      this.type,
      vscode.window.onDidChangeTextEditorSelection((e) => this.hideThenShow(e.textEditor)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        for (const editor of vscode.window.visibleTextEditors) if (editor.document === e.document) this.hideThenShow(editor);
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule()),
      store.onDidChange(() => this.schedule()),
    );
  }

  updateSettings(settings: BlameSettings): void {
    this.settings = settings;
    this.schedule();
  }

  isShown(uri: vscode.Uri, line: number): boolean {
    return this.shown.get(uri.toString())?.has(line) ?? false;
  }

  private hideThenShow(editor: vscode.TextEditor): void {
    editor.setDecorations(this.type, []);
    this.shown.delete(editor.document.uri.toString());
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.render(), this.settings.delay);
  }

  private render(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      // Only the focused editor shows the current line: the others have no "current" line.
      const active = editor === vscode.window.activeTextEditor;
      const options = active && this.settings.inlineEnabled ? this.decorations(editor) : [];
      editor.setDecorations(this.type, options);
      const lines = new Set(options.map((o) => o.range.start.line));
      if (lines.size) this.shown.set(editor.document.uri.toString(), lines);
      else this.shown.delete(editor.document.uri.toString());
    }
  }

  private decorations(editor: vscode.TextEditor): vscode.DecorationOptions[] {
    const doc = this.store.get(editor.document.uri);
    if (!doc?.map) return [];
    const lines = [...new Set(editor.selections.map((s) => s.active.line))].slice(0, MAX_CURSOR_LINES);
    const out: vscode.DecorationOptions[] = [];
    const now = Date.now();
    for (const line of lines) {
      const blame = doc.map.lineBlame(line);
      let text: string;
      if (blame.kind === 'commit') text = formatTemplate(this.settings.inlineFormat, factsOf(blame), { now });
      else if (blame.kind === 'uncommitted') text = this.settings.uncommittedFormat;
      else continue;
      if (!text) continue;
      const end = editor.document.lineAt(line).range.end;
      out.push({ range: new vscode.Range(end, end), renderOptions: { after: { contentText: text } } });
    }
    return out;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
