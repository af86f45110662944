import { describe, expect, test } from 'vitest';

import { escapeStatusBarText, formatTemplate, relativeDate, truncate, type BlameFacts } from '../../src/blame/format';
import { BlameCache } from '../../src/blame/cache';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const facts: BlameFacts = {
  authorName: 'Ada Lovelace',
  authorEmail: 'ada@example.com',
  authorTime: NOW / 1000 - 3 * 86400,
  subject: 'Teach the engine to count lines without allocating per line',
  hash: 'd5ddfa6f0e9ce978e64c3642b39ffac061b9a281',
};
const ctx = { now: NOW, locale: 'en-US', timeZone: 'UTC' };

describe('formatTemplate', () => {
  test('every token of the built-in blame', () => {
    expect(formatTemplate('${authorName} <${authorEmail}> ${authorDate} (${authorDateAgo}) ${hashShort} ${hash}: ${subject}', facts, ctx)).toBe(
      'Ada Lovelace <ada@example.com> Nov 19, 2026 (3 days ago) d5ddfa6 d5ddfa6f0e9ce978e64c3642b39ffac061b9a281: Teach the engine to count lines without allocating per line',
    );
  });

  test('a length limit cuts with an ellipsis, counted in characters', () => {
    expect(formatTemplate('${subject|20}', facts, ctx)).toBe('Teach the engine to…');
    expect([...formatTemplate('${subject|20}', facts, ctx)]).toHaveLength(20);
    expect(formatTemplate('${authorName|50}', facts, ctx)).toBe('Ada Lovelace');
    expect(formatTemplate('${subject|0}x', facts, ctx)).toBe('x');
  });

  test('unknown tokens stay visible; values are one line; escape applies to values only', () => {
    expect(formatTemplate('${author} $(git-commit) ${subject|10}', { ...facts, subject: 'a\nb$(x)' }, ctx, escapeStatusBarText)).toBe(
      '${author} $(git-commit) a b$\u200b(x)',
    );
  });

  test('relative dates use calendar units', () => {
    expect(relativeDate(NOW / 1000 - 30, NOW)).toBe('30 seconds ago');
    expect(relativeDate(NOW / 1000 - 2 * 3600, NOW)).toBe('2 hours ago');
    expect(relativeDate(Date.UTC(2026, 7, 1) / 1000, NOW)).toBe('3 months ago');
    expect(relativeDate(Date.UTC(2021, 0, 1) / 1000, NOW)).toBe('5 years ago');
  });
});

describe('truncate', () => {
  test('does not split a surrogate pair', () => {
    expect(truncate('ab😀cd', 4)).toBe('ab😀…');
    expect(truncate('abc', 3)).toBe('abc');
  });
});

describe('BlameCache', () => {
  test('keys on text; invalidates per repository; evicts the least recently used', () => {
    const cache = new BlameCache<number>(2);
    cache.set({ repo: '/a', path: 'f', rev: 'HEAD', text: 'x' }, { ok: true, value: 1 });
    expect(cache.get({ repo: '/a', path: 'f', rev: 'HEAD', text: 'y' })).toBeUndefined();
    expect(cache.get({ repo: '/a', path: 'f', rev: 'HEAD', text: 'x' })).toEqual({ ok: true, value: 1 });
    cache.set({ repo: '/b', path: 'f', rev: 'HEAD', text: 'x' }, { ok: false, code: 'PATH_NOT_IN_REVISION' });
    cache.get({ repo: '/a', path: 'f', rev: 'HEAD', text: 'x' });
    cache.set({ repo: '/c', path: 'f', rev: 'HEAD' }, { ok: true, value: 3 });
    expect(cache.get({ repo: '/b', path: 'f', rev: 'HEAD', text: 'x' })).toBeUndefined();
    expect(cache.invalidateRepo('/a')).toBe(1);
    expect(cache.size).toBe(1);
  });
});
