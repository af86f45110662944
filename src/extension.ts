// Activation: create the log and the engine service, register commands. `vscode` stays at this
// edge; the logic lives in plain modules tested in Node.

import * as vscode from 'vscode';

import { SHOW_ENGINE_INFO, showEngineInfo } from './commands/showEngineInfo';
import { registerBlameFeatures } from './editor/register';
import { EngineService } from './engineService';
import { createLog } from './log';
import { registerReport } from './panel/register';

export function activate(context: vscode.ExtensionContext): void {
  const log = createLog();
  const engines = new EngineService(log);
  context.subscriptions.push(log, engines);

  const commands: Record<string, () => Promise<void>> = {
    [SHOW_ENGINE_INFO]: () => showEngineInfo(engines, log),
  };
  for (const [id, run] of Object.entries(commands)) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async () => {
        try {
          await run();
        } catch (err) {
          log.error(`${id} failed: ${(err as Error).stack ?? err}`);
          void vscode.window.showErrorMessage(`Git Authorship: ${(err as Error).message}`);
        }
      }),
    );
  }
  registerBlameFeatures(context, engines, log);
  registerReport(context, engines, log);
  log.info(`activated (extension ${context.extension.packageJSON.version})`);
}

export function deactivate(): void {}
