// Parses `git log -z --numstat --format=%x1e<fields separated by %x00>` output.
// A record starts with \x1e and a full commit id; messages cannot contain NUL, so fields are safe.

export interface NumstatEntry {
  /** null for binary files (git prints `-`). */
  added: number | null;
  deleted: number | null;
  path: string;
  /** For a rename or copy: the old path. */
  from?: string;
}

export interface LogRecord {
  fields: string[];
  numstat: NumstatEntry[];
}

const RECORD_START = /\x1e(?=[0-9a-f]{40,64}\0)/;

/** `fieldCount` is the number of %x00-separated fields in the format (the first must be %H). */
export function parseLog(out: string, fieldCount: number): LogRecord[] {
  const records: LogRecord[] = [];
  for (const chunk of out.split(RECORD_START)) {
    if (!chunk) continue;
    const parts = chunk.split('\0');
    const fields = parts.slice(0, fieldCount);
    const rest = parts.slice(fieldCount);
    const numstat: NumstatEntry[] = [];
    for (let i = 0; i < rest.length; i++) {
      const token = rest[i]!.replace(/^\n+/, '');
      if (!token) continue;
      const m = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(token);
      if (!m) continue;
      const added = m[1] === '-' ? null : Number(m[1]);
      const deleted = m[2] === '-' ? null : Number(m[2]);
      if (m[3] === '') {
        // A rename: the old and the new path follow as their own NUL-terminated tokens.
        const from = rest[i + 1] ?? '';
        const to = rest[i + 2] ?? '';
        numstat.push({ added, deleted, path: to, from });
        i += 2;
      } else {
        numstat.push({ added, deleted, path: m[3]! });
      }
    }
    records.push({ fields, numstat });
  }
  return records;
}

/** `1600003600 +0200` (git's --date=raw) → seconds and minutes east of UTC. */
export function parseRawDate(raw: string): { time: number; offset: number; tz: string } {
  const [t = '0', tz = '+0000'] = raw.trim().split(' ');
  const sign = tz.startsWith('-') ? -1 : 1;
  const digits = tz.replace(/^[+-]/, '').padStart(4, '0');
  const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  return { time: Number(t), offset, tz };
}
