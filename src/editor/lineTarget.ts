// "Which line's commit": the argument our commands take from hover links, the status bar and the
// palette (then the active editor's cursor line).

import * as vscode from 'vscode';

import type { BlameFacts } from '../blame/format';
import type { LineBlame } from '../blame/lineMap';
import type { BlameStore, DocBlame } from './blameStore';

/** What a command link carries (JSON in the link, so plain data). */
export interface LineArgs {
  uri: string;
  /** 0-based. */
  line: number;
}

export interface LineTarget {
  doc: DocBlame;
  line: number;
  blame: Extract<LineBlame, { kind: 'commit' }>;
}

export function factsOf(blame: Extract<LineBlame, { kind: 'commit' }>): BlameFacts {
  const c = blame.commit;
  return { authorName: c.authorName, authorEmail: c.authorEmail, authorTime: c.authorTime, subject: c.summary, hash: c.id };
}

/** The line named by `args`, else the active editor's cursor line; undefined (with a message) when it has no commit. */
export function resolveTarget(store: BlameStore, args?: LineArgs): LineTarget | undefined {
  let uri: vscode.Uri | undefined;
  let line: number | undefined;
  if (args && typeof args.uri === 'string' && typeof args.line === 'number') {
    uri = vscode.Uri.parse(args.uri);
    line = args.line;
  } else {
    const editor = vscode.window.activeTextEditor;
    uri = editor?.document.uri;
    line = editor?.selection.active.line;
  }
  const doc = uri && store.get(uri);
  const blame = doc && line !== undefined ? doc.map?.lineBlame(line) : undefined;
  if (!doc || line === undefined || blame?.kind !== 'commit') {
    void vscode.window.showInformationMessage('Git Authorship: this line has no commit (it is not committed, or the file has no blame).');
    return undefined;
  }
  return { doc, line, blame };
}

/** A `command:` link with JSON arguments, for MarkdownString. */
export function commandLink(command: string, args: unknown): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify([args]))}`;
}
