// The stat columns every table shares, with their headers and how each cell is written.

import type { StatColumns } from '../model';

export interface Column<Row> {
  header: string;
  value: (row: Row) => string | number;
  /** Right-aligned in text tables. */
  numeric?: boolean;
}

const fixed1 = (n: number): string => n.toFixed(1);

export function statColumnsFor<Row extends StatColumns>(opts: { deletions?: boolean; scaled?: boolean; lineAge?: boolean } = {}): Column<Row>[] {
  const cols: Column<Row>[] = [
    { header: 'Lines', value: (r) => r.lines, numeric: true },
    { header: 'Insertions', value: (r) => r.insertions, numeric: true },
  ];
  if (opts.deletions !== false) cols.push({ header: 'Deletions', value: (r) => r.deletions, numeric: true });
  cols.push(
    { header: '% Lines', value: (r) => fixed1(r.percentLines), numeric: true },
    { header: '% Insertions', value: (r) => fixed1(r.percentInsertions), numeric: true },
  );
  if (opts.scaled) {
    cols.push(
      { header: 'Scaled % Lines', value: (r) => fixed1(r.scaledPercentLines), numeric: true },
      { header: 'Scaled % Insertions', value: (r) => fixed1(r.scaledPercentInsertions), numeric: true },
    );
  }
  cols.push(
    { header: 'Stability', value: (r) => r.stability, numeric: true },
    { header: 'Commits', value: (r) => r.commits, numeric: true },
    { header: 'Age', value: (r) => r.age, numeric: true },
  );
  if (opts.lineAge) cols.push({ header: 'Line Age', value: (r) => r.lineAge, numeric: true });
  return cols;
}
