// The extension's engine: chosen by `gitAuthorship.engine`, re-chosen when the setting changes.

import * as vscode from 'vscode';

import { isEngineChoice, loadEngine, type EngineChoice } from './engine/load';
import type { Engine } from './engine/types';
import type { Log } from './log';

export class EngineService implements vscode.Disposable {
  private current: Engine | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly log: Log) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('gitAuthorship.engine')) {
        this.current = undefined;
        this.log.info('gitAuthorship.engine changed; the engine will be chosen again');
      }
    });
  }

  private choice(): EngineChoice {
    const value = vscode.workspace.getConfiguration('gitAuthorship').get<string>('engine', 'auto');
    if (isEngineChoice(value)) return value;
    void vscode.window.showWarningMessage(
      `Git Authorship: the setting gitAuthorship.engine has an unknown value "${value}"; using "auto". Valid values: auto, native, git.`,
    );
    return 'auto';
  }

  get engine(): Engine {
    if (!this.current) {
      const choice = this.choice();
      this.current = loadEngine(choice);
      const info = this.current.info();
      this.log.info(`engine: ${info.backend} ${info.version} on ${info.platform} (setting: ${choice})`);
      if (info.fallbackReason) this.log.warn(`native engine unavailable: ${info.fallbackReason}`);
    }
    return this.current;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
