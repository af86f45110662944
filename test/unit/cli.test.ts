// The CLI's argument handling and exit codes, with in-memory output.

import { describe, expect, it } from 'vitest';
import { main, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../../src/cli/main';
import { list, nonNegativeInteger, UsageError } from '../../src/cli/args';
import type { CliIo } from '../../src/cli/io';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepositories } from '../../src/report/repositories';

function memoryIo(cwd = tmpdir()): CliIo & { out: string; err: string[] } {
  const io = {
    out: '',
    err: [] as string[],
    stdout: (d: string | Uint8Array) => {
      io.out += typeof d === 'string' ? d : Buffer.from(d).toString();
    },
    stderr: (l: string) => {
      io.err.push(l);
    },
    readStdin: async () => Buffer.alloc(0),
    cwd,
  };
  return io;
}

describe('CLI arguments', () => {
  it('list flags are comma-separated and repeatable', () => {
    expect(list(['a,b', ' c ', ''])).toEqual(['a', 'b', 'c']);
    expect(list(undefined)).toEqual([]);
    expect(nonNegativeInteger('5', '--depth', 1)).toBe(5);
    expect(() => nonNegativeInteger('-1', '--depth', 1)).toThrow(UsageError);
  });

  it('help, usage errors and bad arguments', async () => {
    for (const cmd of ['blame', 'report', 'commits', 'info']) {
      const io = memoryIo();
      expect(await main([cmd, '--help'], io)).toBe(EXIT_OK);
      expect(io.out).toContain(`git-authorship ${cmd}`);
    }
    const cases: string[][] = [[], ['nope'], ['blame'], ['blame', '--porcelain', '--json', 'x'], ['report', '--format', 'xml'], ['report', '--n-files', 'many'], ['report', '--engine', 'fast'], ['blame', '--contents', 'f', 'a', 'b']];
    for (const args of cases) {
      const io = memoryIo();
      expect(await main(args, io), args.join(' ')).toBe(EXIT_USAGE);
      if (args.length) expect(io.err, args.join(' ')).toHaveLength(1);
    }
    // An unreadable --contents file is bad input (2), not a usage error.
    const unreadable = memoryIo();
    expect(await main(['blame', '--contents', 'no-such-file.txt', '--', 'a.txt'], unreadable)).toBe(EXIT_FAILED);
    expect(unreadable.err).toEqual(['git-authorship: cannot read --contents file no-such-file.txt: no such file']);
    // A value that starts with a dash is taken for an option: the error says how to write it.
    const dash = memoryIo();
    expect(await main(['report', '--n-files', '-1'], dash)).toBe(EXIT_USAGE);
    expect(dash.err).toEqual(['git-authorship: --n-files needs a value; one that starts with a dash is written --n-files=VALUE']);
    const written = memoryIo();
    expect(await main(['report', '--n-files=-1'], written)).toBe(EXIT_USAGE);
    expect(written.err[0]).toContain('--n-files');
    expect(written.err[0]).toContain('"-1"');
  });

  it('an engine error is exit 2 with one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ga-cli-'));
    try {
      const io = memoryIo(dir);
      expect(await main(['blame', '--engine', 'git', '--', 'x.txt'], io)).toBe(EXIT_FAILED);
      expect(io.err).toHaveLength(1);
      expect(io.err[0]).toContain('NOT_A_REPOSITORY');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds repositories under a folder, down to a depth, skipping node_modules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ga-find-'));
    try {
      for (const p of ['a/.git', 'b/c/.git', 'node_modules/x/.git', 'd/e/f/g/.git', 'a/inner/.git']) mkdirSync(join(dir, p), { recursive: true });
      expect(findRepositories(dir, 5).map((p) => p.slice(dir.length + 1))).toEqual(['a', 'b/c', 'd/e/f/g']);
      expect(findRepositories(dir, 2).map((p) => p.slice(dir.length + 1))).toEqual(['a', 'b/c']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
