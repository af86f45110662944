// "Git Authorship: Show Engine Info": which engine runs, and a health check of each workspace folder.

import * as vscode from 'vscode';

import { describeEngine, describeHealth, summarizeEngine } from '../engineInfo/describe';
import type { EngineService } from '../engineService';
import type { Log } from '../log';

export const SHOW_ENGINE_INFO = 'gitAuthorship.showEngineInfo';

export async function showEngineInfo(engines: EngineService, log: Log): Promise<void> {
  const engine = engines.engine;
  const info = engine.info();
  const folders = vscode.workspace.workspaceFolders ?? [];
  const healths = await Promise.all(folders.map((f) => engine.healthCheck(f.uri.fsPath)));
  log.info(describeEngine(info));
  folders.forEach((f, i) => log.info(describeHealth(f.uri.fsPath, healths[i])));
  const choice = await vscode.window.showInformationMessage(summarizeEngine(info, healths), 'Show Details');
  if (choice === 'Show Details') log.show(true);
}
