// Everything of the workspace author report that touches `vscode`, registered in one call from
// extension.ts: the commands, the panel and its serializer (restores the panel after a reload).

import * as vscode from 'vscode';

import type { EngineService } from '../engineService';
import type { Log } from '../log';
import { REPORT_VIEW_TYPE } from '../report/protocol';
import { registerCommands } from '../commands/register';
import { ANALYZE_FOLDER, ANALYZE_REPOSITORY, ANALYZE_WORKSPACE, EXPORT_REPORT, ReportCommands, SHOW_AUTHOR_IN_REPORT, SHOW_REPORT } from './commands';
import { ReportPanel } from './reportPanel';

export function registerReport(context: vscode.ExtensionContext, engines: EngineService, log: Log): void {
  let commands: ReportCommands | undefined;
  const panel = new ReportPanel(context, log, {
    exportReport: async (format, table) => void (await commands!.exportReport({ format, table })),
    rerun: (values) => commands!.rerun(values),
    saveSettings: (values) => commands!.saveSettings(values),
    blame: (run, repo, path) => commands!.blame(run, repo, path),
  });
  commands = new ReportCommands(engines, panel, log);
  const c = commands;

  registerCommands(context, log, {
    [ANALYZE_WORKSPACE]: () => c.analyzeWorkspace(),
    [ANALYZE_REPOSITORY]: () => c.analyzeRepository(),
    [ANALYZE_FOLDER]: (uri) => c.analyzeFolder(uri instanceof vscode.Uri ? uri : undefined),
    [SHOW_REPORT]: () => c.showReport(),
    [SHOW_AUTHOR_IN_REPORT]: (arg) => c.showAuthorInReport(arg),
    [EXPORT_REPORT]: (arg) => c.exportReport(arg),
  });
  context.subscriptions.push(
    panel,
    vscode.window.registerWebviewPanelSerializer(REPORT_VIEW_TYPE, {
      async deserializeWebviewPanel(webviewPanel) {
        panel.restore(webviewPanel);
      },
    }),
  );
}
