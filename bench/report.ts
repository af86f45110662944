// The printed table and the JSON record of one benchmark run.

export type Status = 'PASS' | 'MISS' | 'WRONG' | 'ERROR' | 'info';

export interface Row {
  id: string;
  title: string;
  /** Second line: what exactly was compared. */
  note: string;
  ours?: number;
  git?: number;
  /** Minimum git/ours ratio, or undefined for an informational row. */
  targetRatio?: number;
  /** For the memory row: bytes. */
  oursBytes?: number;
  maxBytes?: number;
  /** The result disagreed with git: the timing does not count. */
  wrong?: boolean;
  error?: string;
  /** e.g. "≈" when extrapolated from a capped run. */
  approx?: boolean;
}

export function status(r: Row): Status {
  if (r.error) return 'ERROR';
  if (r.wrong) return 'WRONG';
  if (r.maxBytes !== undefined) return r.oursBytes !== undefined && r.oursBytes < r.maxBytes ? 'PASS' : 'MISS';
  if (r.targetRatio === undefined) return 'info';
  if (r.ours === undefined || r.git === undefined) return 'ERROR';
  return r.git / r.ours >= r.targetRatio ? 'PASS' : 'MISS';
}

export function ratio(r: Row): number | undefined {
  return r.ours !== undefined && r.git !== undefined && r.ours > 0 ? r.git / r.ours : undefined;
}

const fmtS = (s: number | undefined, approx = false): string =>
  s === undefined ? '—' : `${approx ? '≈' : ''}${s < 10 ? s.toFixed(3) : s < 100 ? s.toFixed(2) : s.toFixed(1)}`;

export function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

export function table(rows: Row[]): string {
  const head = ['measurement', 'ours (s)', 'git (s)', 'git/ours', 'target', 'result'];
  const body = rows.map((r) => {
    const q = ratio(r);
    const target = r.maxBytes !== undefined ? `< ${mib(r.maxBytes).replace('1024 MiB', '1 GiB')}` : r.targetRatio ? `≥ ${r.targetRatio}×` : '—';
    return [
      `${r.id} ${r.title}`,
      r.oursBytes !== undefined ? mib(r.oursBytes) : fmtS(r.ours, r.approx),
      fmtS(r.git),
      q === undefined ? '—' : `${q.toFixed(q < 10 ? 2 : 1)}×`,
      target,
      status(r),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ');
  const out = [line(head), widths.map((w) => '─'.repeat(w)).join('───')];
  rows.forEach((r, i) => {
    out.push(line(body[i]));
    if (r.note) out.push(`    ${r.note}`);
    if (r.error) out.push(`    error: ${r.error}`);
  });
  return out.join('\n');
}
