// Registers command handlers with one failure policy for the whole extension: a failure is logged
// with its stack and shown once as an error notification (repository text in the message cannot
// form a link there); the handler's result goes back to a caller of executeCommand.

import * as vscode from 'vscode';

import type { Log } from '../log';
import { notificationText } from '../report/format/sanitize';

export type CommandHandlers = Record<string, (...args: unknown[]) => unknown>;

export function registerCommands(context: vscode.ExtensionContext, log: Log, handlers: CommandHandlers): void {
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
}
