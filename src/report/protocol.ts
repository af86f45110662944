// Messages between the extension and the report webview, and the result both sides share.
// Plain types and a guard: imported by src/panel (extension host) and media/report (browser).
//
// The webview is an untrusted renderer of untrusted text: messages from it are checked with
// `parseWebviewMessage` before anything acts on them (a repository path must be one of the result's).

import { REPORT_SETTING_KEYS, type DisplayOptions, type ReportSettingKey } from './settings';
import type { BlameView } from './blameView';
import type { RepositoryAnalysis } from '../engine/types';
import { buildReportJson, type ReportJson } from './model';
import type { Timeline } from './timeline';

/** The CLI's JSON report of a run (exports; what the tables are derived from). */
export function runJson(run: ReportRun): ReportJson {
  return buildReportJson(run.analyses, run.engine.backend, run.totalMs, { now: run.now });
}

/** The webview panel's type: `onWebviewPanel:gitAuthorship.report` activates the extension to restore it. */
export const REPORT_VIEW_TYPE = 'gitAuthorship.report';

/**
 * One finished analysis as the panel shows it. Decision: the panel is sent the engine's raw
 * analyses and derives the tables itself with the same model (buildRepositoryReport, pure code that
 * runs in the browser too): per author×file cell that is about 150 bytes of JSON instead of the ~900
 * of the two pair-table rows, so a large repository's first message is ~6× smaller.
 */
export interface ReportRun {
  analyses: RepositoryAnalysis[];
  /** Unix seconds the ages are measured from, so both sides derive the same tables. */
  now: number;
  /** Time from the command to the result. */
  totalMs: number;
  display: DisplayOptions;
  engine: { backend: string; version: string; fallbackReason?: string };
  /** What was analysed, for the title: "workspace", a repository's name, or a folder. */
  scope: string;
  /** Unix milliseconds when the analysis finished. */
  finishedAt: number;
  /** Per repository (same order as json.repositories): the Timeline tab's data by month and by week. */
  timelines?: ({ month: Timeline; week: Timeline } | undefined)[];
  /** The gitAuthorship.report.* values the run used (the panel's filter bar starts from them). */
  settings?: Partial<Record<ReportSettingKey, unknown>>;
}

/** The settings the panel's filter bar changes: the common ones. */
export const FILTER_BAR_KEYS = ['since', 'until', 'subfolder', 'extensions', 'excludeAuthors', 'excludeFiles', 'nFiles', 'whitespace', 'comments', 'emptyLines'] as const satisfies readonly ReportSettingKey[];
export type FilterBarValues = Partial<Record<ReportSettingKey, unknown>>;

export const TABLE_IDS = ['authors', 'authors-files', 'files-authors', 'files'] as const;
/** The tabs: the four tables, then the Blame tab. */
export const TAB_IDS = [...TABLE_IDS, 'blame', 'timeline'] as const;
export type TabId = (typeof TAB_IDS)[number];
export type TableId = (typeof TABLE_IDS)[number];

export type ExportFormat = 'csv' | 'json' | 'html';

/** The webview's own view state, kept with `vscode.setState` so a reload shows the same view. */
export interface ViewState {
  /** Index into json.repositories; -1 for the combined view. */
  repo: number;
  tab: TabId;
  /** The Blame tab's file, and its toggles. */
  blameFile?: string;
  blameHideExcluded?: boolean;
  blameHideEmpty?: boolean;
  blameNoColours?: boolean;
  /** The Timeline tab's choices. */
  timelineBy?: 'month' | 'week';
  timelineMeasure?: 'insertions' | 'deletions';
  /** Per table id (the four tables, `blame`, `blame-files`). */
  sort: Partial<Record<string, { column: string; descending: boolean }>>;
  filter: string;
  /** The person every tab is filtered to (`name\0email`), if any. */
  author?: string;
}

export type ToWebview =
  | { type: 'result'; run: ReportRun }
  /** Show `repo` (a path) filtered to one person. */
  | { type: 'focusAuthor'; repo: string; name: string; email: string }
  /** No result to show (first open after a reload when the last result was not kept). */
  | { type: 'empty'; message: string }
  /** The filter bar's values were refused: one message per bad setting. */
  | { type: 'settingsErrors'; errors: string[] }
  /** The Blame tab's file, or why it could not be blamed. */
  | { type: 'blame'; view: BlameView }
  | { type: 'blameError'; repo: string; path: string; message: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'openFile'; repo: string; path: string }
  /** Blame one file of the report for the Blame tab. */
  | { type: 'blame'; repo: string; path: string }
  | { type: 'export'; format: ExportFormat; table?: TableId }
  /** Analyse the same repositories again, with the filter bar's values over the settings. */
  | { type: 'rerun'; values?: FilterBarValues }
  /** Write the filter bar's values to the workspace settings. */
  | { type: 'saveSettings'; values: FilterBarValues };

const isString = (v: unknown): v is string => typeof v === 'string';

/** The message if it is a well-formed FromWebview, else undefined. */
export function parseWebviewMessage(message: unknown): FromWebview | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'rerun': {
      if (m.values === undefined) return { type: 'rerun' };
      const values = settingValues(m.values);
      return values ? { type: 'rerun', values } : undefined;
    }
    case 'saveSettings': {
      const values = settingValues(m.values);
      return values ? { type: 'saveSettings', values } : undefined;
    }
    case 'openFile':
    case 'blame':
      return isString(m.repo) && isString(m.path) ? { type: m.type, repo: m.repo, path: m.path } : undefined;
    case 'export': {
      if (m.format !== 'csv' && m.format !== 'json' && m.format !== 'html') return undefined;
      if (m.table !== undefined && !(TABLE_IDS as readonly unknown[]).includes(m.table)) return undefined;
      return m.table === undefined ? { type: 'export', format: m.format } : { type: 'export', format: m.format, table: m.table as TableId };
    }
    default:
      return undefined;
  }
}

/** Only known setting names; the values are validated later by parseReportSettings. */
function settingValues(v: unknown): FilterBarValues | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const out: FilterBarValues = {};
  for (const [k, value] of Object.entries(v)) {
    if (!(REPORT_SETTING_KEYS as readonly string[]).includes(k)) return undefined;
    out[k as ReportSettingKey] = value;
  }
  return out;
}

/** The author key the webview filters by: name and email, as the model's rows carry them. */
export function authorKey(name: string, email: string): string {
  return `${name}\0${email}`;
}
