// The report's commands. Settings are read and validated on every run (a bad one stops the run
// with a message naming it); repositories are discovered fresh each time.

import { basename, relative, resolve } from 'node:path';

import * as vscode from 'vscode';

import type { EngineService } from '../engineService';
import type { Log } from '../log';
import { blameView, type BlameView } from '../report/blameView';
import { notificationText } from '../report/format/sanitize';
import { discoverRepositories, repositoriesForFolder } from '../report/repositories';
import { describeSettingError, parseReportSettings, REPORT_SETTING_KEYS, type ReportSettings } from '../report/settings';
import { TABLE_IDS, type ExportFormat, type FilterBarValues, type ReportRun, type TableId } from '../report/protocol';
import { analyzeWithProgress, type AnalysisTarget } from './analysis';
import { exportReport } from './exports';
import type { ReportPanel } from './reportPanel';

export const ANALYZE_WORKSPACE = 'gitAuthorship.analyzeWorkspace';
export const ANALYZE_REPOSITORY = 'gitAuthorship.analyzeRepository';
export const ANALYZE_FOLDER = 'gitAuthorship.analyzeFolder';
export const SHOW_REPORT = 'gitAuthorship.showReport';
export const SHOW_AUTHOR_IN_REPORT = 'gitAuthorship.showAuthorInReport';
export const EXPORT_REPORT = 'gitAuthorship.exportReport';

/** The raw gitAuthorship.report.* values (defaults where unset). */
function configuredValues(): FilterBarValues {
  const config = vscode.workspace.getConfiguration('gitAuthorship.report');
  return Object.fromEntries(REPORT_SETTING_KEYS.map((k) => [k, config.get(k)]));
}

/**
 * Reads gitAuthorship.report.* with `overrides` (the panel's filter bar) on top. On bad values tells
 * the user which and why (and the panel, when the values came from it) and returns undefined.
 */
export function readSettings(overrides: FilterBarValues = {}, panel?: ReportPanel): { settings: ReportSettings; raw: FilterBarValues } | undefined {
  const raw = { ...configuredValues(), ...overrides };
  const parsed = parseReportSettings(raw);
  if (parsed.ok) return { settings: parsed.value, raw };
  const messages = parsed.errors.map((e) => describeSettingError(e));
  panel?.showSettingsErrors(messages);
  void vscode.window.showErrorMessage(`Git Authorship: ${messages.join('; ')}`, 'Open Settings').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', `gitAuthorship.report.${parsed.errors[0]!.key}`);
  });
  return undefined;
}

export class ReportCommands {
  /** What the last run analysed, for Re-run. */
  private lastTargets: { targets: AnalysisTarget[]; scope: string } | undefined;

  constructor(
    private readonly engines: EngineService,
    private readonly panel: ReportPanel,
    private readonly log: Log,
  ) {}

  private folders(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  }

  private async analyze(targets: AnalysisTarget[], scope: string, read: { settings: ReportSettings; raw: FilterBarValues }): Promise<ReportRun | undefined> {
    this.lastTargets = { targets, scope };
    const run = await analyzeWithProgress(this.engines.engine, targets, read.settings, scope, this.log);
    if (run) run.settings = read.raw;
    if (run) this.panel.show(run);
    return run;
  }

  /** The workspace's repositories; none: the user is told, and the result is empty. */
  private async discover(depth: number): Promise<string[]> {
    const repos = await discoverRepositories(this.folders(), depth);
    if (repos.length === 0) void vscode.window.showInformationMessage(`Git Authorship: no git repository in the workspace (searched ${depth} folder levels down).`);
    return repos;
  }

  async analyzeWorkspace(): Promise<void> {
    const settings = readSettings();
    if (!settings) return;
    const repos = await this.discover(settings.settings.depth);
    if (repos.length === 0) return;
    await this.analyze(repos.map((repo) => ({ repo })), 'workspace', settings);
  }

  async analyzeRepository(): Promise<void> {
    const settings = readSettings();
    if (!settings) return;
    const repos = await this.discover(settings.settings.depth);
    if (repos.length === 0) return;
    const picked = await vscode.window.showQuickPick(
      repos.map((repo) => ({ label: basename(repo), description: repo, repo })),
      { title: 'Git Authorship: Analyze Repository', placeHolder: 'Repository to analyse', matchOnDescription: true },
    );
    if (!picked) return;
    await this.analyze([{ repo: picked.repo }], picked.label, settings);
  }

  async analyzeFolder(uri?: vscode.Uri): Promise<void> {
    const settings = readSettings();
    if (!settings) return;
    let folder = uri?.fsPath;
    if (!folder) {
      const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, title: 'Git Authorship: folder to analyse' });
      folder = chosen?.[0]?.fsPath;
      if (!folder) return;
    }
    const targets = await repositoriesForFolder(folder, settings.settings.depth);
    if (targets.length === 0) {
      void vscode.window.showInformationMessage(notificationText(`Git Authorship: ${folder} is in no git repository and holds none (searched ${settings.settings.depth} levels down).`));
      return;
    }
    await this.analyze(targets, basename(folder), settings);
  }

  async showReport(): Promise<void> {
    if (this.panel.lastRun) {
      this.panel.show();
      return;
    }
    const choice = await vscode.window.showInformationMessage('Git Authorship: no report yet.', 'Analyze Workspace');
    if (choice) await this.analyzeWorkspace();
  }

  /** Contract with inline blame: `{ repo, name, email }` → the report of `repo` filtered to that person. */
  async showAuthorInReport(arg?: unknown): Promise<void> {
    const a = arg as { repo?: unknown; name?: unknown; email?: unknown } | undefined;
    if (!a || typeof a.repo !== 'string' || typeof a.name !== 'string' || typeof a.email !== 'string') {
      throw new Error('showAuthorInReport needs { repo, name, email }');
    }
    const repo = resolve(a.repo);
    const focus = { type: 'focusAuthor' as const, repo, name: a.name, email: a.email };
    const has = (run: ReportRun | undefined): ReportRun | undefined =>
      run?.analyses.some((r) => relative(r.path, repo) === '') ? run : undefined;
    const known = has(this.panel.lastRun);
    if (known) {
      this.panel.show(undefined, { ...focus, repo: known.analyses.find((r) => relative(r.path, repo) === '')!.path });
      return;
    }
    const settings = readSettings();
    if (!settings) return;
    const run = await this.analyze([{ repo }], basename(repo), settings);
    if (run) this.panel.show(undefined, { ...focus, repo: run.analyses[0]!.path });
  }

  /** Re-run the last analysis (after a reload: the workspace), with the filter bar's values if given. */
  async rerun(values: FilterBarValues = {}): Promise<void> {
    const settings = readSettings(values, this.panel);
    if (!settings) return;
    if (!this.lastTargets) {
      const repos = await discoverRepositories(this.folders(), settings.settings.depth);
      this.lastTargets = { targets: repos.map((repo) => ({ repo })), scope: 'workspace' };
    }
    if (this.lastTargets.targets.length === 0) return;
    await this.analyze(this.lastTargets.targets, this.lastTargets.scope, settings);
  }

  /** The Blame tab: one file at the report's head, as the analysis counted it (whitespace, excluded revisions). */
  async blame(run: ReportRun, repo: string, path: string): Promise<BlameView> {
    const report = run.analyses.find((r) => r.path === repo)!;
    const raw = run.settings ?? {};
    const ignoreRevs = Array.isArray(raw.excludeRevisions) ? (raw.excludeRevisions as string[]) : [];
    const result = await this.engines.engine.blameFile(repo, path, { rev: report.head, withText: true, ignoreWhitespace: raw.whitespace !== true, ignoreRevs });
    return blameView(repo, result);
  }

  /** The filter bar's "Save to Settings": validated first, then written to the workspace settings. */
  async saveSettings(values: FilterBarValues): Promise<void> {
    if (!readSettings(values, this.panel)) return;
    const config = vscode.workspace.getConfiguration('gitAuthorship.report');
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    for (const [key, value] of Object.entries(values)) {
      if (JSON.stringify(config.get(key)) !== JSON.stringify(value)) await config.update(key, value, target);
    }
    this.log.info(`report settings saved: ${Object.keys(values).join(', ')}`);
    void vscode.window.showInformationMessage('Git Authorship: report settings saved to the workspace settings.');
  }

  /**
   * Export the last result. From the palette: pick a format (and a table for CSV), then a save
   * dialog. With `{ format, table?, target? }` (the panel's buttons, tests, other extensions) the
   * choices are given; with `target` no dialog opens.
   */
  async exportReport(arg?: unknown): Promise<string | undefined> {
    const run = this.panel.lastRun;
    if (!run) {
      void vscode.window.showInformationMessage('Git Authorship: no report to export yet. Run "Git Authorship: Analyze Workspace" first.');
      return undefined;
    }
    const a = (arg ?? {}) as { format?: unknown; table?: unknown; target?: unknown };
    let format = a.format as ExportFormat | undefined;
    if (format !== undefined && !['csv', 'json', 'html'].includes(format)) throw new Error(`unknown export format ${JSON.stringify(format)}`);
    if (!format) {
      const picked = await vscode.window.showQuickPick(
        [
          { label: 'CSV', description: 'one table', format: 'csv' as const },
          { label: 'JSON', description: 'the whole result, as the CLI writes it', format: 'json' as const },
          { label: 'HTML', description: 'a self-contained report for any browser', format: 'html' as const },
        ],
        { title: 'Git Authorship: Export Report' },
      );
      if (!picked) return undefined;
      format = picked.format;
    }
    let table = a.table as TableId | undefined;
    if (table !== undefined && !TABLE_IDS.includes(table)) throw new Error(`unknown table ${JSON.stringify(table)}`);
    if (format === 'csv' && !table && a.target === undefined && arg === undefined) {
      const picked = await vscode.window.showQuickPick(TABLE_IDS.map((t) => ({ label: t })), { title: 'Table to export' });
      if (!picked) return undefined;
      table = picked.label;
    }
    const written = await exportReport(run, format, { table, target: typeof a.target === 'string' ? a.target : undefined });
    if (written) {
      this.log.info(`report exported as ${format} to ${written}`);
      void vscode.window.showInformationMessage(notificationText(`Git Authorship: report exported to ${written}`));
    }
    return written;
  }
}
