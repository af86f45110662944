// Everything of the workspace author report that touches `vscode`, registered in one call from
// extension.ts: the commands, the panel and its serializer (restores the panel after a reload).

import * as vscode from 'vscode';

import type { EngineService } from '../engineService';
import type { Log } from '../log';
import { REPORT_VIEW_TYPE } from '../report/protocol';
import { notificationText } from '../report/format/sanitize';
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

  const handlers: Record<string, (...args: unknown[]) => Promise<unknown>> = {
    [ANALYZE_WORKSPACE]: () => c.analyzeWorkspace(),
    [ANALYZE_REPOSITORY]: () => c.analyzeRepository(),
    [ANALYZE_FOLDER]: (uri) => c.analyzeFolder(uri instanceof vscode.Uri ? uri : undefined),
    [SHOW_REPORT]: () => c.showReport(),
    [SHOW_AUTHOR_IN_REPORT]: (arg) => c.showAuthorInReport(arg),
    [EXPORT_REPORT]: (arg) => c.exportReport(arg),
  };
  for (const [id, run] of Object.entries(handlers)) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await run(...args);
        } catch (err) {
          log.error(`${id} failed: ${(err as Error).stack ?? err}`);
          void vscode.window.showErrorMessage(notificationText(`Git Authorship: ${(err as Error).message}`));
          return undefined;
        }
      }),
    );
  }
  context.subscriptions.push(
    panel,
    vscode.window.registerWebviewPanelSerializer(REPORT_VIEW_TYPE, {
      async deserializeWebviewPanel(webviewPanel) {
        panel.restore(webviewPanel);
      },
    }),
  );
}
