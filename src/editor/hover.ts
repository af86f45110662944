// The hover on a blame annotation (the end of an annotated line, or the start of a line with file
// blame): author, email, date (absolute and relative), the full commit message, the commit id with
// a copy link, and links to our commands. Everything from the repository goes in with `appendText`
// (escaped); the MarkdownString trusts only our own hover commands.

import * as vscode from 'vscode';

import { absoluteDateTime, relativeDate, shortHash } from '../blame/format';
import { commitMessage } from '../blame/gitQueries';
import type { Log } from '../log';
import type { BlameStore } from './blameStore';
import { BLAME_PREVIOUS_REVISION, COPY_COMMIT_ID, HOVER_COMMANDS, OPEN_COMMIT_DIFF, SHOW_AUTHOR_IN_REPORT_LINK } from './commandIds';
import { commandLink, type LineArgs, type LineTarget } from './lineTarget';

export async function blameHoverMarkdown(target: LineTarget, log: Log): Promise<vscode.MarkdownString> {
  const c = target.blame.commit;
  let message = c.summary;
  try {
    message = await commitMessage(target.doc.repo.workTree, c.id);
  } catch (err) {
    log.warn(`commit message of ${c.id}: ${(err as Error).message}`);
  }
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = { enabledCommands: HOVER_COMMANDS };
  md.appendMarkdown('$(account) **');
  md.appendText(c.authorName);
  md.appendMarkdown('** ');
  md.appendText(`<${c.authorEmail}>`);
  md.appendMarkdown('\n\n$(history) ');
  md.appendText(`${absoluteDateTime(c.authorTime)} (${relativeDate(c.authorTime, Date.now())})`);
  md.appendMarkdown('\n\n---\n\n');
  md.appendText(message);
  md.appendMarkdown('\n\n---\n\n');
  const args: LineArgs = { uri: target.doc.uri.toString(), line: target.line };
  // The id is 40 hex digits (checked), so it may stand in link text as is.
  const id = /^[0-9a-f]{40,64}$/.test(c.id) ? shortHash(c.id) : '';
  md.appendMarkdown(`$(git-commit) \`${id}\` [$(copy)](${commandLink(COPY_COMMIT_ID, args)} "Copy Commit Id")`);
  md.appendMarkdown(` · [$(diff) Open Commit Diff](${commandLink(OPEN_COMMIT_DIFF, args)})`);
  if (target.blame.origin.previous) md.appendMarkdown(` · [$(versions) Blame Previous Revision](${commandLink(BLAME_PREVIOUS_REVISION, args)})`);
  md.appendMarkdown(` · [$(person) Show Author in Report](${commandLink(SHOW_AUTHOR_IN_REPORT_LINK, args)})`);
  return md;
}

export function registerBlameHover(store: BlameStore, isAnnotated: (doc: vscode.TextDocument, position: vscode.Position) => boolean, log: Log): vscode.Disposable {
  const provider: vscode.HoverProvider = {
    async provideHover(document, position) {
      if (!isAnnotated(document, position)) return undefined;
      const doc = store.get(document.uri);
      const blame = doc?.map?.lineBlame(position.line);
      if (!doc || blame?.kind !== 'commit') return undefined;
      return new vscode.Hover(await blameHoverMarkdown({ doc, line: position.line, blame }, log));
    },
  };
  return vscode.languages.registerHoverProvider([{ scheme: 'file' }, { scheme: 'git-authorship-rev' }], provider);
}
