// The blame commands. Each takes an optional LineArgs (from a hover link or the status bar) and
// otherwise works on the active editor's cursor line.

import * as vscode from 'vscode';

import { shortHash } from '../blame/format';
import type { Log } from '../log';
import type { BlameStore } from './blameStore';
import {
  BLAME_PREVIOUS_REVISION,
  COPY_COMMIT_ID,
  OPEN_COMMIT_DIFF,
  SHOW_AUTHOR_IN_REPORT,
  SHOW_AUTHOR_IN_REPORT_LINK,
  SHOW_BLAME_ACTIONS,
  SHOW_FILE_BLAME,
  TOGGLE_FILE_BLAME,
  TOGGLE_INLINE_BLAME,
} from './commandIds';
import type { FileBlame } from './fileBlame';
import { resolveTarget, type LineArgs, type LineTarget } from './lineTarget';
import { revisionLabel, revisionUri, type RevisionRef } from './revisionContent';
import { SECTION } from './settings';

export interface BlameCommandDeps {
  store: BlameStore;
  fileBlame: FileBlame;
  log: Log;
}

async function copyCommitId(t: LineTarget): Promise<void> {
  await vscode.env.clipboard.writeText(t.blame.commit.id);
  void vscode.window.setStatusBarMessage(`$(check) Copied ${shortHash(t.blame.commit.id)}`, 3000);
}

/** The diff of this commit for the line's file: its first parent's version (or nothing) against the commit's. */
async function openCommitDiff(t: LineTarget): Promise<void> {
  const { commit, origin } = t.blame;
  const repo = t.doc.repo.workTree;
  const right: RevisionRef = { repo, rev: commit.id, path: origin.path };
  const left: RevisionRef = origin.previous ? { repo, rev: origin.previous.commit, path: origin.previous.path } : { repo, rev: '', path: origin.path };
  const title = `${revisionLabel(left)} ↔ ${revisionLabel(right)}`;
  await vscode.commands.executeCommand('vscode.diff', revisionUri(left), revisionUri(right), title, {
    preview: true,
    selection: new vscode.Range(t.blame.sourceLine - 1, 0, t.blame.sourceLine - 1, 0),
  });
}

/** Opens the file as it was before this line's commit, with file blame on. */
async function blamePreviousRevision(t: LineTarget, fileBlame: FileBlame): Promise<void> {
  const previous = t.blame.origin.previous;
  if (!previous) {
    void vscode.window.showInformationMessage(`Git Authorship: ${shortHash(t.blame.commit.id)} added this file; there is no previous revision.`);
    return;
  }
  const uri = revisionUri({ repo: t.doc.repo.workTree, rev: previous.commit, path: previous.path });
  const doc = await vscode.workspace.openTextDocument(uri);
  // The line's number in the commit that wrote it: near where it was in the parent.
  const line = Math.min(Math.max(0, t.blame.sourceLine - 1), doc.lineCount - 1);
  await vscode.window.showTextDocument(doc, { preview: true, selection: new vscode.Range(line, 0, line, 0) });
  await fileBlame.set(doc, true);
}

async function showAuthorInReport(t: LineTarget, log: Log): Promise<void> {
  const c = t.blame.commit;
  const args = { repo: t.doc.repo.workTree, name: c.authorName, email: c.authorEmail };
  try {
    await vscode.commands.executeCommand(SHOW_AUTHOR_IN_REPORT, args);
  } catch (err) {
    // The report panel (another part of the extension) may not be there yet.
    log.info(`${SHOW_AUTHOR_IN_REPORT} unavailable: ${(err as Error).message}`);
    void vscode.window.showInformationMessage(`Git Authorship: the author report is not available; ${c.authorName} <${c.authorEmail}>.`);
  }
}

async function toggleInlineBlame(): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  await config.update('inline.enabled', !config.get('inline.enabled', true), vscode.ConfigurationTarget.Global);
}

export function blameCommands(deps: BlameCommandDeps): Record<string, (...args: unknown[]) => Promise<void>> {
  const { store, fileBlame, log } = deps;
  const withTarget = (run: (t: LineTarget) => Promise<void>) => async (args?: unknown) => {
    const t = resolveTarget(store, args as LineArgs | undefined);
    if (t) await run(t);
  };
  const actions: Record<string, (t: LineTarget) => Promise<void>> = {
    'Copy Commit Id': copyCommitId,
    'Open Commit Diff': openCommitDiff,
    'Blame Previous Revision': (t) => blamePreviousRevision(t, fileBlame),
    'Show Author in Report': (t) => showAuthorInReport(t, log),
  };
  return {
    [TOGGLE_INLINE_BLAME]: toggleInlineBlame,
    [TOGGLE_FILE_BLAME]: async () => {
      const editor = vscode.window.activeTextEditor;
      if (editor) await fileBlame.set(editor.document, !fileBlame.isOn(editor.document.uri));
    },
    [SHOW_FILE_BLAME]: async (uri?: unknown) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!target) return;
      const editor = await vscode.window.showTextDocument(target, { preview: false });
      await fileBlame.set(editor.document, true);
    },
    [COPY_COMMIT_ID]: withTarget(copyCommitId),
    [OPEN_COMMIT_DIFF]: withTarget(openCommitDiff),
    [BLAME_PREVIOUS_REVISION]: withTarget(actions['Blame Previous Revision']!),
    [SHOW_AUTHOR_IN_REPORT_LINK]: withTarget(actions['Show Author in Report']!),
    [SHOW_BLAME_ACTIONS]: withTarget(async (t) => {
      const c = t.blame.commit;
      const pick = await vscode.window.showQuickPick(
        Object.keys(actions).filter((label) => label !== 'Blame Previous Revision' || t.blame.origin.previous),
        { title: `${shortHash(c.id)} ${c.summary}`, placeHolder: `${c.authorName} <${c.authorEmail}>` },
      );
      if (pick) await actions[pick]!(t);
    }),
  };
}
