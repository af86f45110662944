// Writing a report to files: CSV per table (the CLI's columns), JSON of the whole result (the CLI's
// shape, byte for byte what `git-authorship report --format json` writes), and the self-contained
// HTML report. A target path skips the save dialog (used by tests and by other commands).

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import * as vscode from 'vscode';

import { formatCsv } from '../report/format/csv';
import { formatJson } from '../report/format/json';
import { formatHtml } from '../report/html';
import { runJson, type ExportFormat, type ReportRun, type TableId } from '../report/protocol';

export function exportText(run: ReportRun, format: ExportFormat, table: TableId = 'authors'): string {
  switch (format) {
    case 'csv':
      return formatCsv(runJson(run).repositories, table);
    case 'json':
      return formatJson(runJson(run));
    case 'html':
      return formatHtml(run);
  }
}

function defaultName(run: ReportRun, format: ExportFormat, table: TableId): string {
  const base = run.analyses.length === 1 ? run.analyses[0]!.name : 'workspace';
  const safe = base.replace(/[^\w.-]+/g, '_');
  return format === 'csv' ? `${safe}-${table}.csv` : `${safe}-authorship.${format}`;
}

/** Writes the export; asks where with a save dialog unless `target` is given. Returns the path, or undefined when the dialog was cancelled. */
export async function exportReport(run: ReportRun, format: ExportFormat, options: { table?: TableId; target?: string } = {}): Promise<string | undefined> {
  const table = options.table ?? 'authors';
  let target = options.target;
  if (!target) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? run.analyses[0]?.path ?? '';
    const filters: Record<ExportFormat, Record<string, string[]>> = { csv: { CSV: ['csv'] }, json: { JSON: ['json'] }, html: { HTML: ['html'] } };
    const uri = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(join(folder, defaultName(run, format, table))),
      filters: filters[format],
      title: `Export the report as ${format.toUpperCase()}${format === 'csv' ? ` (${table} table)` : ''}`,
    });
    if (!uri) return undefined;
    target = uri.fsPath;
  }
  await writeFile(target, exportText(run, format, table));
  return target;
}
