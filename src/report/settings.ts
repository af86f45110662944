// The report's settings, read and validated in one place for the extension (`gitAuthorship.report.*`)
// and the CLI (`report --n-files …`). Input is a plain object of raw values (whatever the user typed
// into settings.json, or what the CLI parsed); output is the engine's AnalysisSettings plus the
// display options and the search depth, or one error per bad setting naming it and saying why.
// No `vscode` here: tested in plain Node.

import { parseDateBound } from '../engine/dates';
import type { AnalysisSettings } from '../engine/types';

/** How the tables are shown; the engine does not need these. */
export interface DisplayOptions {
  /** Show the Deletions column. */
  deletions: boolean;
  /** Show Scaled % columns (% × number of authors; 100 = a fair share). */
  scaledPercentages: boolean;
  /** Show every merged name/email of a person and every former name of a file. */
  showRenames: boolean;
}

export interface ReportSettings {
  analysis: AnalysisSettings;
  display: DisplayOptions;
  /** How many folder levels below a workspace folder are searched for nested repositories. */
  depth: number;
}

/** One bad setting: `key` is the name under `gitAuthorship.report.` (the CLI maps it to its flag). */
export interface SettingError {
  key: ReportSettingKey;
  message: string;
}

export type SettingsResult = { ok: true; value: ReportSettings } | { ok: false; errors: SettingError[] };

/** Every setting with its default: the same values package.json's `contributes.configuration` declares. */
export const REPORT_SETTING_DEFAULTS = {
  nFiles: 0,
  includeFiles: [] as string[],
  excludeFiles: [] as string[],
  extensions: [] as string[],
  subfolder: '',
  since: '',
  until: '',
  excludeAuthors: [] as string[],
  excludeEmails: [] as string[],
  excludeRevisions: [] as string[],
  excludeMessages: [] as string[],
  whitespace: false,
  comments: false,
  emptyLines: false,
  deletions: true,
  scaledPercentages: false,
  showRenames: false,
  depth: 5,
};

export type ReportSettingKey = keyof typeof REPORT_SETTING_DEFAULTS;
export const REPORT_SETTING_KEYS = Object.keys(REPORT_SETTING_DEFAULTS) as ReportSettingKey[];

/** Deepest folder search we accept: deeper than this walks whole disks for nothing. */
export const MAX_DEPTH = 20;

const show = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/**
 * Validates raw setting values. A key that is missing or `undefined` takes its default; unknown keys
 * are ignored (VS Code hands over its whole section). Every bad value is reported, not only the first.
 */
export function parseReportSettings(raw: Partial<Record<string, unknown>>): SettingsResult {
  const errors: SettingError[] = [];
  const bad = (key: ReportSettingKey, why: string): void => void errors.push({ key, message: `${why}, got ${show(raw[key])}` });
  const value = <K extends ReportSettingKey>(key: K): unknown => (raw[key] === undefined || raw[key] === null ? REPORT_SETTING_DEFAULTS[key] : raw[key]);

  const bool = (key: ReportSettingKey): boolean => {
    const v = value(key);
    if (typeof v === 'boolean') return v;
    bad(key, 'must be true or false');
    return REPORT_SETTING_DEFAULTS[key] as boolean;
  };
  const wholeNumber = (key: ReportSettingKey, max: number): number => {
    const v = value(key);
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max) return v;
    bad(key, `must be a whole number from 0 to ${max}`);
    return REPORT_SETTING_DEFAULTS[key] as number;
  };
  /** A list of non-empty strings; `check` says why one item is wrong (or nothing). */
  const stringList = (key: ReportSettingKey, check?: (item: string) => string | undefined): string[] => {
    const v = value(key);
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      bad(key, 'must be a list of strings');
      return [];
    }
    const items = (v as string[]).map((s) => s.trim());
    if (items.some((s) => s === '')) {
      bad(key, 'must not contain empty entries');
      return [];
    }
    for (const item of items) {
      const why = check?.(item);
      if (why) {
        bad(key, `has ${show(item)}, which ${why}`);
        return [];
      }
    }
    return items;
  };
  const text = (key: ReportSettingKey): string => {
    const v = value(key);
    if (typeof v === 'string') return v.trim();
    bad(key, 'must be a string');
    return '';
  };

  const nFiles = wholeNumber('nFiles', Number.MAX_SAFE_INTEGER);
  const depth = wholeNumber('depth', MAX_DEPTH);
  const includeFiles = stringList('includeFiles');
  const excludeFiles = stringList('excludeFiles');
  // Extensions without the dot; a leading dot is forgiven. `*` means every text file.
  const extensions = stringList('extensions', (e) => (e === '*' || /^\.?[^./\\\s*?]+$/.test(e) ? undefined : 'is not a file extension such as "ts" (or "*" for all)')).map((e) =>
    e.replace(/^\./, ''),
  );
  const excludeAuthors = stringList('excludeAuthors');
  const excludeEmails = stringList('excludeEmails');
  const excludeRevisions = stringList('excludeRevisions', (r) => (/^[0-9a-f]{4,40}$/i.test(r) ? undefined : 'is not a commit id prefix (4 to 40 hex digits)'));
  const excludeMessages = stringList('excludeMessages');

  let subfolder = text('subfolder').replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '');
  if (subfolder.startsWith('/') || /^[a-z]:/i.test(subfolder) || subfolder.split('/').includes('..')) {
    bad('subfolder', 'must be a folder relative to the repository root, without ".."');
    subfolder = '';
  }

  const date = (key: 'since' | 'until', side: 'start' | 'end'): { text: string; time?: number } => {
    const t = text(key);
    if (!t) return { text: '' };
    try {
      return { text: t, time: parseDateBound(t, side) };
    } catch {
      bad(key, 'must be a date YYYY-MM-DD, a date-time YYYY-MM-DDTHH:MM[:SS] with an optional zone (Z, +02:00), @unix-seconds, or a relative date such as "2 weeks ago", "3 months ago", "yesterday"');
      return { text: '' };
    }
  };
  const since = date('since', 'start');
  const until = date('until', 'end');
  if (since.time !== undefined && until.time !== undefined && since.time > until.time) {
    bad('until', `must not be before since (${since.text})`);
  }

  const analysis: AnalysisSettings = {
    nFiles,
    includeFiles,
    excludeFiles,
    extensions,
    excludeAuthors,
    excludeEmails,
    excludeRevisions,
    excludeMessages,
    whitespace: bool('whitespace'),
    comments: bool('comments'),
    emptyLines: bool('emptyLines'),
  };
  if (subfolder) analysis.subfolder = subfolder;
  if (since.text) analysis.since = since.text;
  if (until.text) analysis.until = until.text;
  const display: DisplayOptions = { deletions: bool('deletions'), scaledPercentages: bool('scaledPercentages'), showRenames: bool('showRenames') };

  return errors.length ? { ok: false, errors } : { ok: true, value: { analysis, display, depth } };
}

/** `gitAuthorship.report.nFiles must be a whole number …, got -1` */
export function describeSettingError(e: SettingError, prefix = 'gitAuthorship.report.'): string {
  return `${prefix}${e.key} ${e.message}`;
}

/** The CLI's flag for a setting: nFiles → --n-files. */
export function cliFlag(key: ReportSettingKey): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
