import { describe, expect, it } from 'vitest';
import { formatPorcelain, parsePorcelain, countLines } from '../../src/engine/porcelain';
import { quoteCStyle, quotePath, unquotePath, unquoteCStyle } from '../../src/engine/quote';
import type { BlameCommit, BlameResult } from '../../src/engine/types';
import { LINE_IGNORED } from '../../src/engine/types';

const commit = (id: string, extra: Partial<BlameCommit> = {}): BlameCommit => ({
  id: id.repeat(40).slice(0, 40),
  authorName: 'A U Thor',
  authorEmail: 'a@example.com',
  authorTime: 1600000000,
  authorTz: '+0200',
  committerName: 'C O Mitter',
  committerEmail: 'c@example.com',
  committerTime: 1600000100,
  committerTz: '-0500',
  summary: 'subject',
  boundary: false,
  ...extra,
});

function result(): BlameResult {
  return {
    path: 'new.txt',
    rev: 'f'.repeat(40),
    lineCount: 5,
    origin: Uint32Array.from([0, 0, 1, 2, 0]),
    sourceLine: Uint32Array.from([1, 2, 1, 7, 5]),
    flags: new Uint8Array(5),
    origins: [
      { commit: 0, path: 'new.txt', previous: { commit: 'b'.repeat(40), path: 'old.txt' } },
      { commit: 1, path: 'old.txt' },
      { commit: 0, path: 'dir/é "q".txt' },
    ],
    commits: [commit('a'), commit('b', { boundary: true, summary: 'root' })],
    warnings: [],
    stats: { commitsVisited: 0, blobsDiffed: 0, elapsedMs: 0 },
  };
}

describe('formatPorcelain', () => {
  it('writes groups, metainfo once, filename for multi-path commits, and a final newline', () => {
    const text = Buffer.from('l1\nl2\nl3\nl4\nl5');
    const out = formatPorcelain(result(), text).toString();
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    const details = (name: string): string =>
      'author A U Thor\nauthor-mail <a@example.com>\nauthor-time 1600000000\nauthor-tz +0200\n' +
      'committer C O Mitter\ncommitter-mail <c@example.com>\ncommitter-time 1600000100\ncommitter-tz -0500\n' +
      `summary ${name}\n`;
    expect(out).toBe(
      `${a} 1 1 2\n${details('subject')}previous ${b} old.txt\nfilename new.txt\n\tl1\n${a} 2 2\n\tl2\n` +
        `${b} 1 3 1\n${details('root')}boundary\nfilename old.txt\n\tl3\n` +
        `${a} 7 4 1\nfilename "dir/\\303\\251 \\"q\\".txt"\n\tl4\n` +
        `${a} 5 5 1\nprevious ${b} old.txt\nfilename new.txt\n\tl5\n`,
    );
  });

  it('splits groups on flags, and line-porcelain repeats details', () => {
    const r = result();
    r.flags[1] = LINE_IGNORED;
    const out = formatPorcelain(r, Buffer.from('1\n2\n3\n4\n5\n')).toString();
    expect(out).toContain(`${'a'.repeat(40)} 2 2 1\n`);
    const line = formatPorcelain(result(), Buffer.from('1\n2\n3\n4\n5\n'), { linePorcelain: true }).toString();
    expect(line.match(/^author /gm)).toHaveLength(5);
    expect(line.match(/^filename /gm)).toHaveLength(5);
  });

  it('passes non-UTF-8 bytes through and prints nothing for an empty file', () => {
    const r = { ...result(), lineCount: 1, origin: Uint32Array.of(1), sourceLine: Uint32Array.of(1), flags: new Uint8Array(1) };
    const bytes = Buffer.from([0xff, 0xfe, 0x0d, 0x0a]);
    const out = formatPorcelain(r, bytes);
    expect(out.subarray(out.length - 5)).toEqual(Buffer.from([0x09, 0xff, 0xfe, 0x0d, 0x0a]));
    expect(formatPorcelain({ ...r, lineCount: 0 }, new Uint8Array()).length).toBe(0);
  });

  it('round-trips through parsePorcelain', () => {
    const text = Buffer.from('l1\nl2\nl3\nl4\nl5\n');
    const out = formatPorcelain(result(), text);
    const parsed = parsePorcelain(out);
    expect(parsed.lineCount).toBe(5);
    expect([...parsed.sourceLine]).toEqual([1, 2, 1, 7, 5]);
    expect(parsed.commits.map((c) => c.id)).toEqual(['a'.repeat(40), 'b'.repeat(40)]);
    expect(parsed.commits[1]!.boundary).toBe(true);
    expect(parsed.origins.map((o) => o.path)).toEqual(['new.txt', 'old.txt', 'dir/é "q".txt']);
    const again = formatPorcelain({ ...result(), origin: parsed.origin, origins: parsed.origins, commits: parsed.commits }, text);
    expect(again).toEqual(out);
    expect(Buffer.concat(parsed.lines)).toEqual(text);
  });

  it('counts lines as git does', () => {
    expect(countLines(Buffer.from(''))).toBe(0);
    expect(countLines(Buffer.from('\n'))).toBe(1);
    expect(countLines(Buffer.from('a\nb'))).toBe(2);
    expect(countLines(Buffer.from('a\r\nb\r\n'))).toBe(2);
  });
});

describe('path quoting (git quote_c_style)', () => {
  it('quotes like git with core.quotePath', () => {
    expect(quotePath('plain/path.txt')).toBe('plain/path.txt');
    expect(quotePath('with space.txt')).toBe('with space.txt');
    expect(quotePath('tab\there')).toBe('"tab\\there"');
    expect(quotePath('nl\nx')).toBe('"nl\\nx"');
    expect(quotePath('q"b\\s')).toBe('"q\\"b\\\\s"');
    expect(quotePath('é')).toBe('"\\303\\251"');
    expect(quotePath('\x01\x7f')).toBe('"\\001\\177"');
    expect(quotePath('\x07\x08\x0b\x0c\r')).toBe('"\\a\\b\\v\\f\\r"');
    expect(quotePath('é', false)).toBe('é');
  });

  it('unquotes back to the same bytes', () => {
    for (const name of ['a b', 'tab\t', 'é "x"', '\\', 'файл']) expect(unquotePath(quotePath(name))).toBe(name);
    const raw = Uint8Array.of(0xff, 0x41);
    expect(unquoteCStyle(quoteCStyle(raw))).toEqual(raw);
  });
});
