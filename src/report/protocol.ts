// Messages between the extension and the report webview, and the result both sides share.
// Plain types and a guard: imported by src/panel (extension host) and media/report (browser).
//
// The webview is an untrusted renderer of untrusted text: messages from it are checked with
// `parseWebviewMessage` before anything acts on them (a repository path must be one of the result's).

import type { DisplayOptions } from './settings';
import type { ReportJson } from './model';

/** The webview panel's type: `onWebviewPanel:gitAuthorship.report` activates the extension to restore it. */
export const REPORT_VIEW_TYPE = 'gitAuthorship.report';

/** One finished analysis as the panel shows it. `json` is exactly the CLI's JSON report. */
export interface ReportRun {
  json: ReportJson;
  display: DisplayOptions;
  engine: { backend: string; version: string; fallbackReason?: string };
  /** What was analysed, for the title: "workspace", a repository's name, or a folder. */
  scope: string;
  /** Unix milliseconds when the analysis finished. */
  finishedAt: number;
}

export const TABLE_IDS = ['authors', 'authors-files', 'files-authors', 'files'] as const;
export type TableId = (typeof TABLE_IDS)[number];

export type ExportFormat = 'csv' | 'json' | 'html';

/** The webview's own view state, kept with `vscode.setState` so a reload shows the same view. */
export interface ViewState {
  /** Index into json.repositories. */
  repo: number;
  tab: TableId;
  sort: Partial<Record<TableId, { column: string; descending: boolean }>>;
  filter: string;
  /** The person every tab is filtered to (`name\0email`), if any. */
  author?: string;
}

export type ToWebview =
  | { type: 'result'; run: ReportRun }
  /** Show `repo` (a path) filtered to one person. */
  | { type: 'focusAuthor'; repo: string; name: string; email: string }
  /** No result to show (first open after a reload when the last result was not kept). */
  | { type: 'empty'; message: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'openFile'; repo: string; path: string }
  | { type: 'export'; format: ExportFormat; table?: TableId }
  | { type: 'rerun' };

const isString = (v: unknown): v is string => typeof v === 'string';

/** The message if it is a well-formed FromWebview, else undefined. */
export function parseWebviewMessage(message: unknown): FromWebview | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'rerun':
      return { type: m.type };
    case 'openFile':
      return isString(m.repo) && isString(m.path) ? { type: 'openFile', repo: m.repo, path: m.path } : undefined;
    case 'export': {
      if (m.format !== 'csv' && m.format !== 'json' && m.format !== 'html') return undefined;
      if (m.table !== undefined && !(TABLE_IDS as readonly unknown[]).includes(m.table)) return undefined;
      return m.table === undefined ? { type: 'export', format: m.format } : { type: 'export', format: m.format, table: m.table as TableId };
    }
    default:
      return undefined;
  }
}

/** The author key the webview filters by: name and email, as the model's rows carry them. */
export function authorKey(name: string, email: string): string {
  return `${name}\0${email}`;
}
