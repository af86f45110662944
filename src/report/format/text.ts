// The Authors table for a terminal: aligned columns, a totals row, untrusted text made printable.

import type { AuthorRow, RepositoryReport, StatColumns } from '../model';
import { statColumnsFor, type Column } from './columns';
import { printable } from './sanitize';

type Width = (text: string) => number;

/**
 * string-width (terminal columns of a string), loaded when a table is first printed: as its module
 * loads it builds regular expressions of Unicode properties (emoji sequences among them) and a
 * segmenter, about 25 ms that every command of the command line paid at start while it was
 * imported here (`node --cpu-prof dist/cli.js --help`: 26.8 of 54 ms).
 */
async function loadWidth(): Promise<Width> {
  return (await import('string-width')).default;
}

function renderTable<Row>(columns: Column<Row>[], rows: Row[], stringWidth: Width, footer?: Row): string {
  const cells = (row: Row): string[] => columns.map((c) => printable(String(c.value(row))));
  const body = rows.map(cells);
  const foot = footer ? [cells(footer)] : [];
  // Terminal columns, not code points: combining marks take none, East Asian wide characters two.
  const widths = columns.map((c, i) => Math.max(stringWidth(c.header), ...[...body, ...foot].map((r) => stringWidth(r[i]!))));
  const pad = (text: string, i: number): string => {
    const gap = ' '.repeat(Math.max(0, widths[i]! - stringWidth(text)));
    return columns[i]!.numeric ? gap + text : text + gap;
  };
  const line = (r: string[]): string => r.map(pad).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [line(columns.map((c) => c.header)), rule, ...body.map(line)];
  if (foot.length) out.push(rule, line(foot[0]!));
  return out.join('\n') + '\n';
}

type TotalsRow = StatColumns & { id: number | string; name: string; email: string };

export async function formatAuthorsText(report: RepositoryReport): Promise<string> {
  const stringWidth = await loadWidth();
  const columns: Column<AuthorRow | TotalsRow>[] = [
    { header: 'ID', value: (r) => r.id, numeric: true },
    { header: 'Author', value: (r) => r.name },
    { header: 'Email', value: (r) => r.email },
    ...statColumnsFor<AuthorRow | TotalsRow>(),
  ];
  const totals: TotalsRow = { ...report.authorsTotal, id: '', name: 'Total', email: '' };
  const title = `${printable(report.name)}  (${report.head.slice(0, 12)})  ${report.path}`;
  let text = `${title}\n\n${renderTable(columns, report.authors, stringWidth, totals)}`;
  if (report.excludedAuthors.length) {
    text += `\nExcluded authors: ${report.excludedAuthors.map((a) => printable(`${a.name} <${a.email}>`)).join(', ')}\n`;
  }
  if (report.skipped.length) text += `Skipped files: ${report.skipped.length} (${[...new Set(report.skipped.map((s) => s.reason))].join(', ')})\n`;
  for (const w of report.warnings) text += `warning: ${printable(w.message)}\n`;
  return text;
}

export async function formatReportText(reports: RepositoryReport[]): Promise<string> {
  return (await Promise.all(reports.map(formatAuthorsText))).join('\n');
}
