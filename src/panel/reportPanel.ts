// The report's webview panel: one at a time, beside the editor. It shows the last ReportRun; the run
// is kept in workspaceState (when small enough) so the panel restored after a reload by the
// WebviewPanelSerializer has it again. The webview keeps its own view state (tab, sort, filter,
// author, repository) with setState, so a reload or a hidden-then-shown panel looks the same.

import { randomBytes } from 'node:crypto';
import { isAbsolute, join, relative, resolve } from 'node:path';

import * as vscode from 'vscode';

import type { Log } from '../log';
import { notificationText } from '../report/format/sanitize';
import type { BlameView } from '../report/blameView';
import type { RepositoryAnalysis } from '../engine/types';
import { reportPage } from './reportPage';
import { parseWebviewMessage, REPORT_VIEW_TYPE, type ExportFormat, type FilterBarValues, type ReportRun, type TableId, type ToWebview } from '../report/protocol';

const LAST_RUN_KEY = 'gitAuthorship.report.lastRun';
/**
 * Decision: keep the last result in workspaceState only up to this size of JSON. workspaceState
 * lives in a SQLite database read at startup; a huge repository's result (tens of MB) would slow
 * every window. Above this the restored panel asks to run the analysis again.
 */
const MAX_KEPT_JSON = 8 * 1024 * 1024;

/** Command the inline-blame feature registers: opens a file with file blame on. */
export const SHOW_FILE_BLAME = 'gitAuthorship.showFileBlame';

export interface PanelActions {
  exportReport(format: ExportFormat, table?: TableId): Promise<void>;
  rerun(values?: FilterBarValues): Promise<void>;
  saveSettings(values: FilterBarValues): Promise<void>;
  /** Blames one file of `run` at the report's head, with the run's whitespace and excluded revisions. */
  blame(run: ReportRun, repo: string, path: string): Promise<BlameView>;
}

export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private run: ReportRun | undefined;
  /** Posted once the webview says it is ready (a message sent before is lost). */
  private queued: ToWebview[] = [];
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Log,
    private readonly actions: PanelActions,
  ) {
    const kept = context.workspaceState.get<ReportRun>(LAST_RUN_KEY);
    // A result kept by an earlier version of the extension may have another shape: not shown.
    this.run = kept && Array.isArray(kept.analyses) && typeof kept.now === 'number' ? kept : undefined;
  }

  get lastRun(): ReportRun | undefined {
    return this.run;
  }

  /** Shows `run` (or the last one), creating the panel beside the editor if needed; then `after`. */
  show(run?: ReportRun, after?: ToWebview): void {
    if (run) {
      this.run = run;
      const size = JSON.stringify(run).length;
      void this.context.workspaceState.update(LAST_RUN_KEY, size <= MAX_KEPT_JSON ? run : undefined);
      if (size > MAX_KEPT_JSON) this.log.info(`report result is ${size} bytes of JSON: not kept across reloads`);
    }
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, 'Git Authorship Report', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, this.webviewOptions());
      this.attach(panel);
    } else {
      this.panel.reveal(undefined, false);
    }
    this.post(this.run ? { type: 'result', run: this.run } : { type: 'empty', message: 'No report yet.' });
    if (after) this.post(after);
  }

  /** Takes over a panel VS Code restored after a reload. */
  restore(panel: vscode.WebviewPanel): void {
    panel.webview.options = this.webviewOptions();
    this.attach(panel);
    this.post(this.run ? { type: 'result', run: this.run } : { type: 'empty', message: 'The last report was not kept. Run "Git Authorship: Analyze Workspace" again.' });
  }

  /** The filter bar's values were refused: the panel lists why. */
  showSettingsErrors(errors: string[]): void {
    this.post({ type: 'settingsErrors', errors });
  }

  private webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      // Only the webview bundle; nothing else of the extension or the workspace.
      localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview')],
      enableFindWidget: true,
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.disposePanel();
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'icon.png');
    panel.webview.html = reportHtml(panel.webview, this.context.extensionUri);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m) => void this.receive(m)),
      // Hidden panels drop their page (no retainContextWhenHidden: less memory); shown again, the page
      // says `ready` and gets the result again, and its view state from getState.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
        this.disposePanel();
      }),
    );
  }

  private post(message: ToWebview): void {
    if (!this.panel) return;
    if (message.type === 'result' || message.type === 'empty') this.queued = this.queued.filter((m) => m.type !== 'result' && m.type !== 'empty');
    this.queued.push(message);
    if (this.ready) this.flush();
  }

  private flush(): void {
    const panel = this.panel;
    if (!panel) return;
    for (const m of this.queued) void panel.webview.postMessage(m);
    this.queued = [];
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.log.warn(`report panel: ignored a malformed message`);
      return;
    }
    try {
      switch (message.type) {
        case 'ready':
          this.ready = true;
          // A reloaded page starts empty: give it the result again, then anything queued.
          if (this.run && !this.queued.some((m) => m.type === 'result')) this.queued.unshift({ type: 'result', run: this.run });
          this.flush();
          break;
        case 'openFile':
          await this.openFile(message.repo, message.path);
          break;
        case 'export':
          await this.actions.exportReport(message.format, message.table);
          break;
        case 'rerun':
          await this.actions.rerun(message.values);
          break;
        case 'blame': {
          const run = this.run;
          if (!run || !this.reportFile(message.repo, message.path)) return;
          try {
            this.post({ type: 'blame', view: await this.actions.blame(run, message.repo, message.path) });
          } catch (err) {
            const e = err as { code?: string; message?: string };
            this.post({ type: 'blameError', repo: message.repo, path: message.path, message: `${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}` });
          }
          break;
        }
        case 'saveSettings':
          await this.actions.saveSettings(message.values);
          break;
      }
    } catch (err) {
      this.log.error(`report panel: ${message.type} failed: ${(err as Error).stack ?? err}`);
      void vscode.window.showErrorMessage(notificationText(`Git Authorship: ${(err as Error).message}`));
    }
  }

  /** Opens a file of the report in the editor, then asks inline blame for file blame on it. */
  private async openFile(repo: string, path: string): Promise<void> {
    const report = this.reportFile(repo, path);
    if (!report) return;
    const full = resolve(join(report.path, path));
    const rel = relative(report.path, full);
    if (rel.startsWith('..') || isAbsolute(rel)) return;
    const uri = vscode.Uri.file(full);
    const column = this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    await vscode.window.showTextDocument(uri, { viewColumn: column, preview: true });
    try {
      await vscode.commands.executeCommand(SHOW_FILE_BLAME, uri);
    } catch (err) {
      // Until inline blame (another feature) is installed, the command does not exist.
      this.log.debug(`${SHOW_FILE_BLAME} not available: ${(err as Error).message}`);
    }
  }

  /** The report holding `path` of `repo`: the page is not trusted to name any path on disk. */
  private reportFile(repo: string, path: string): RepositoryAnalysis | undefined {
    const report = this.run?.analyses.find((r) => r.path === repo);
    if (report && report.files.some((f) => f.path === path)) return report;
    this.log.warn(`report panel: refused ${path} of ${repo}: not in the report`);
    return undefined;
  }

  private disposePanel(): void {
    while (this.disposables.length) this.disposables.pop()!.dispose();
  }

  dispose(): void {
    this.disposePanel();
    this.panel?.dispose();
  }
}

/** The page: a strict CSP with a fresh nonce; only the bundle and stylesheet from dist/webview. */
export function reportHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const asset = (name: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', name)).toString();
  return reportPage({ nonce: randomBytes(16).toString('base64'), cspSource: webview.cspSource, script: asset('report.js'), style: asset('report-style.css') });
}
