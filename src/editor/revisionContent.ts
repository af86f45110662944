// Read-only documents of a file at a revision: `git-authorship-rev:/<path>?<json>`. Used by
// "Open Commit Diff" (both sides) and "Blame Previous Revision". Our own scheme rather than the
// built-in git extension's `git:` URIs: it works when that extension is disabled or not yet
// activated, and its content comes from `git cat-file` through our safe runner.

import { posix } from 'node:path';

import * as vscode from 'vscode';

import { fileAtRevision } from '../blame/gitQueries';

export const REVISION_SCHEME = 'git-authorship-rev';

export interface RevisionRef {
  /** Work tree. */
  repo: string;
  /** Commit id; '' for "nothing" (the left side of a root commit's diff). */
  rev: string;
  /** Path relative to the work tree, `/`-separated. */
  path: string;
}

export function revisionUri(ref: RevisionRef): vscode.Uri {
  // The path keeps the file name, so the editor picks the language and the tab reads well.
  return vscode.Uri.from({ scheme: REVISION_SCHEME, path: `/${ref.path}`, query: JSON.stringify(ref) });
}

export function parseRevisionUri(uri: vscode.Uri): RevisionRef | undefined {
  if (uri.scheme !== REVISION_SCHEME) return undefined;
  try {
    const ref = JSON.parse(uri.query) as RevisionRef;
    return typeof ref.repo === 'string' && typeof ref.rev === 'string' && typeof ref.path === 'string' ? ref : undefined;
  } catch {
    return undefined;
  }
}

export function revisionLabel(ref: RevisionRef): string {
  return `${posix.basename(ref.path)} @ ${ref.rev ? ref.rev.slice(0, 7) : 'none'}`;
}

export function registerRevisionContent(): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(REVISION_SCHEME, {
    async provideTextDocumentContent(uri) {
      const ref = parseRevisionUri(uri);
      if (!ref || !ref.rev) return '';
      return fileAtRevision(ref.repo, ref.rev, ref.path);
    },
  });
}
