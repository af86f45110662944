// One CSV (RFC 4180) per table: authors, files, authors-files, files-authors. A first column names
// the repository when several are reported. Text that a spreadsheet would run as a formula
// (starting with = + - @ TAB CR) gets a leading apostrophe: names and paths are untrusted.

import type { RepositoryReport } from '../model';
import { statColumnsFor, type Column } from './columns';

export type CsvTable = 'authors' | 'files' | 'authors-files' | 'files-authors';
export const CSV_TABLES: readonly CsvTable[] = ['authors', 'files', 'authors-files', 'files-authors'];

export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function toCsv<Row>(columns: Column<Row>[], rows: Row[]): string {
  const lines = [columns.map((c) => csvField(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(c.value(row))).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** Percentages as numbers rounded to one decimal (no % sign), so spreadsheets can compute with them. */
function rawStats<Row extends { percentLines: number; percentInsertions: number }>(): Column<Row>[] {
  return statColumnsFor<Row & import('../model').StatColumns>({ scaled: true, lineAge: true }).map((c) =>
    c.header.startsWith('%') || c.header.startsWith('Scaled')
      ? { ...c, value: (r: Row) => Number((c.value(r as never) as string)) }
      : c,
  ) as Column<Row>[];
}

export function formatCsv(reports: RepositoryReport[], table: CsvTable): string {
  const multi = reports.length > 1;
  const repoColumn = <Row extends { repository: string }>(): Column<Row>[] => (multi ? [{ header: 'Repository', value: (r) => r.repository }] : []);
  switch (table) {
    case 'authors': {
      const rows = reports.flatMap((rep) => rep.authors.map((a) => ({ ...a, repository: rep.name, aliasList: a.aliases.map((x) => `${x.name} <${x.email}>`).join('; ') })));
      type R = (typeof rows)[number];
      return toCsv<R>([...repoColumn<R>(), { header: 'ID', value: (r) => r.id }, { header: 'Author', value: (r) => r.name }, { header: 'Email', value: (r) => r.email }, { header: 'Aliases', value: (r) => r.aliasList }, ...rawStats<R>()], rows);
    }
    case 'files': {
      const rows = reports.flatMap((rep) => rep.files.map((f) => ({ ...f, repository: rep.name, former: f.formerPaths.join('; ') })));
      type R = (typeof rows)[number];
      return toCsv<R>([...repoColumn<R>(), { header: 'ID', value: (r) => r.id }, { header: 'File', value: (r) => r.path }, { header: 'Former names', value: (r) => r.former }, { header: 'Size', value: (r) => r.size }, ...rawStats<R>()], rows);
    }
    case 'authors-files':
    case 'files-authors': {
      const rows = reports.flatMap((rep) => (table === 'authors-files' ? rep.authorsFiles : rep.filesAuthors).map((r) => ({ ...r, repository: rep.name })));
      type R = (typeof rows)[number];
      const names: Column<R>[] = [{ header: 'Author', value: (r) => r.author }, { header: 'Email', value: (r) => r.email }];
      const file: Column<R>[] = [{ header: 'File', value: (r) => r.file }];
      return toCsv<R>([...repoColumn<R>(), ...(table === 'authors-files' ? [...names, ...file] : [...file, ...names]), ...rawStats<R>()], rows);
    }
  }
}
