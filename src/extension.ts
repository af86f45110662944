// Activation: create the log and the engine service, register commands. `vscode` stays at this
// edge; the logic lives in plain modules tested in Node.

import * as vscode from 'vscode';

import { registerCommands } from './commands/register';
import { SHOW_ENGINE_INFO, showEngineInfo } from './commands/showEngineInfo';
import { registerBlameFeatures } from './editor/register';
import { EngineService } from './engineService';
import { createLog } from './log';
import { registerReport } from './panel/register';

export function activate(context: vscode.ExtensionContext): void {
  const log = createLog();
  const engines = new EngineService(log);
  context.subscriptions.push(log, engines);

  registerCommands(context, log, { [SHOW_ENGINE_INFO]: () => showEngineInfo(engines, log) });
  registerBlameFeatures(context, engines, log);
  registerReport(context, engines, log);
  log.info(`activated (extension ${context.extension.packageJSON.version})`);
}

export function deactivate(): void {}
