// The extension's LogOutputChannel, created once at activation and passed where needed.

import * as vscode from 'vscode';

export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel('Git Authorship', { log: true });
}
