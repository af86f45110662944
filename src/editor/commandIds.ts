// Command ids: the ones this feature contributes, and the report panel's (issue 5) that it calls.

export const TOGGLE_INLINE_BLAME = 'gitAuthorship.toggleInlineBlame';
export const TOGGLE_FILE_BLAME = 'gitAuthorship.toggleFileBlame';
/** Called by the report panel with a file's `vscode.Uri`: opens it and turns file blame on. */
export const SHOW_FILE_BLAME = 'gitAuthorship.showFileBlame';
export const COPY_COMMIT_ID = 'gitAuthorship.copyCommitId';
export const OPEN_COMMIT_DIFF = 'gitAuthorship.openCommitDiff';
export const BLAME_PREVIOUS_REVISION = 'gitAuthorship.blamePreviousRevision';
export const SHOW_BLAME_ACTIONS = 'gitAuthorship.showBlameActions';
/** Hover link to the author's row in the report. */
export const SHOW_AUTHOR_IN_REPORT_LINK = 'gitAuthorship.showAuthorInReportFromBlame';
/** Provided by the report panel: `{ repo, name, email }`. May be missing before both branches merge. */
export const SHOW_AUTHOR_IN_REPORT = 'gitAuthorship.showAuthorInReport';

/** The only commands a blame hover may run. */
export const HOVER_COMMANDS = [COPY_COMMIT_ID, OPEN_COMMIT_DIFF, BLAME_PREVIOUS_REVISION, SHOW_AUTHOR_IN_REPORT_LINK];
