// Identity merging, comment lines, globs, dates: the rules both engines share.

import { describe, expect, it } from 'vitest';
import { IdentityMerger } from '../../src/engine/identity';
import { classifyComments, extensionOf } from '../../src/engine/git/comments';
import { pathMatcher, textMatcher } from '../../src/engine/glob';
import { parseDateBound } from '../../src/engine/dates';
import { parseIgnoreRevsFile } from '../../src/engine/git/ignore-revs';

describe('identity merging', () => {
  it('merges transitively on shared name or email and prefers "First Last"', () => {
    const m = new IdentityMerger();
    m.add({ name: 'jdoe', email: 'jd@work.example' }, 5);
    m.add({ name: 'John Doe', email: 'jd@work.example' }, 1);
    m.add({ name: 'John Doe', email: 'john@home.example' }, 1);
    m.add({ name: 'JOHN DOE ', email: 'x@y' }, 1);
    m.add({ name: 'Other', email: 'other@x' }, 1);
    m.add({ name: '', email: '' }, 1);
    m.add({ name: 'Nobody', email: '' }, 1);
    const { people, personOf } = m.merge();
    expect(people.map((p) => p.name)).toEqual(['', 'John Doe', 'Nobody', 'Other']);
    const john = people[personOf({ name: 'jdoe', email: 'jd@work.example' })]!;
    expect(john.name).toBe('John Doe');
    expect(john.email).toBe('jd@work.example');
    expect(john.aliases).toHaveLength(4);
    expect(personOf({ name: 'JOHN DOE ', email: 'x@y' })).toBe(personOf({ name: 'John Doe', email: 'john@home.example' }));
    expect(personOf({ name: 'Nobody', email: '' })).not.toBe(personOf({ name: '', email: '' }));
  });
});

describe('comment lines', () => {
  it('line and block comments, code before or after a comment is code', () => {
    const lines = ['// c', 'x = 1; // y', '/* a', ' * b', ' */', '/* one */', '/* x */ y();', 'code /* open', 'inside', '*/ z;', '', '  # not c'];
    expect(classifyComments('f.ts', lines)).toEqual([true, false, true, true, true, true, false, false, true, false, false, false]);
    expect(classifyComments('f.py', ['# c', '"""doc', 'more', '"""', 'x = 1'])).toEqual([true, true, true, true, false]);
    expect(classifyComments('f.unknown', ['// c'])).toEqual([false]);
  });

  it('extensions as splitext', () => {
    expect(extensionOf('a/b.TS')).toBe('ts');
    expect(extensionOf('.gitignore')).toBe('');
    expect(extensionOf('x.tar.gz')).toBe('gz');
    expect(extensionOf('Makefile')).toBe('');
  });
});

describe('globs and dates', () => {
  it('case-insensitive, * crosses /, base names for paths', () => {
    expect(pathMatcher(['*.MD'])('docs/a.md')).toBe(true);
    expect(pathMatcher(['src/*'])('src/a/b.ts')).toBe(true);
    expect(pathMatcher(['{a,b}.txt'])('b.txt')).toBe(true);
    expect(textMatcher(['*bot*'])('Renovate Bot')).toBe(true);
    expect(textMatcher(['fix?'])('fix/')).toBe(true);
    expect(textMatcher([])('x')).toBe(false);
  });

  it('dates: whole UTC days, zones, @unix', () => {
    expect(parseDateBound('2020-01-02', 'start')).toBe(1577923200);
    expect(parseDateBound('2020-01-02', 'end')).toBe(1577923200 + 86399);
    expect(parseDateBound('2020-01-02T01:00', 'start')).toBe(1577923200 + 3600);
    expect(parseDateBound('2020-01-02T01:00+01:00', 'start')).toBe(1577923200);
    expect(parseDateBound('@123', 'start')).toBe(123);
    expect(() => parseDateBound('last tuesday-ish', 'start')).toThrow(/Not a date/);
    expect(() => parseDateBound('2 fortnights ago', 'start')).toThrow(/Not a date/);
  });

  it('dates: relative forms as git approxidate reads them, from a given now', () => {
    const now = Date.UTC(2024, 2, 31, 12, 0, 0) / 1000; // 2024-03-31 12:00 UTC
    expect(parseDateBound('now', 'end', now)).toBe(now);
    expect(parseDateBound('yesterday', 'start', now)).toBe(now - 86400);
    expect(parseDateBound('2 weeks ago', 'start', now)).toBe(now - 14 * 86400);
    expect(parseDateBound('2.weeks.ago', 'start', now)).toBe(now - 14 * 86400);
    expect(parseDateBound('1 hour ago', 'end', now)).toBe(now - 3600);
    expect(parseDateBound('3 Days Ago', 'start', now)).toBe(now - 3 * 86400);
    // Months and years step the calendar: a month before 31 March is "31 February", which the
    // calendar (like git's mktime) carries into March.
    expect(parseDateBound('1 month ago', 'start', now)).toBe(Date.UTC(2024, 1, 31, 12) / 1000);
    expect(parseDateBound('2 years ago', 'start', now)).toBe(Date.UTC(2022, 2, 31, 12) / 1000);
  });

  it('ignore-revs files: comments, blanks, invalid lines become warnings', () => {
    const sha = 'a'.repeat(40);
    const r = parseIgnoreRevsFile(`# x\n${sha} # why\n\nbad\n`, 'f');
    expect(r.oids).toEqual([sha]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.message).toContain('f:4');
  });
});
