// The engine description shown by "Show Engine Info" and `git-authorship info`, and the choice of
// native binary for a platform.

import { describe, expect, it } from 'vitest';
import { describeEngine, describeHealth, summarizeEngine } from '../../src/engineInfo/describe';
import { existsSync } from 'node:fs';
import { nativeBinaryPath } from '../../src/engine/native/load';
import { isMusl, nativeBinaryName, nativeTriple } from '../../src/engine/native/platform';
import type { EngineInfo, HealthReport } from '../../src/engine/types';

const native: EngineInfo = {
  name: 'git-authorship-native',
  version: '0.1.0',
  backend: 'native',
  platform: 'linux-x64-gnu',
  threads: 2,
  libraries: { gix: '0.90.0' },
};
const healthy: HealthReport = {
  ok: true,
  path: '/r',
  head: '0123456789abcdef0123456789abcdef01234567',
  branch: 'main',
  empty: false,
  shallow: true,
  partial: false,
  commitGraph: true,
  bloomFilters: false,
};
const broken: HealthReport = {
  ok: false,
  empty: false,
  shallow: false,
  partial: false,
  commitGraph: false,
  bloomFilters: false,
  error: { code: 'NOT_A_REPOSITORY', message: "'/x' is not in a git repository" },
};

describe('engine description', () => {
  it('names the backend, version, platform and libraries', () => {
    expect(describeEngine(native)).toBe(
      'Engine: native (git-authorship-native 0.1.0) on linux-x64-gnu, 2 threads\nLibraries: gix 0.90.0',
    );
  });

  it('says why the native engine is not in use', () => {
    const fallback: EngineInfo = { ...native, backend: 'git', fallbackReason: 'binary missing' };
    expect(describeEngine(fallback)).toContain('Native engine not in use: binary missing');
    expect(summarizeEngine(fallback, [])).toContain('git fallback engine');
  });

  it('describes a folder’s repository health and a folder that is not one', () => {
    expect(describeHealth('/r', healthy)).toBe('/r: HEAD 0123456789ab (main), commit-graph without Bloom filters, shallow clone');
    expect(describeHealth('/x', broken)).toBe("/x: '/x' is not in a git repository [NOT_A_REPOSITORY]");
    expect(summarizeEngine(native, [healthy, broken])).toBe(
      'Git Authorship: native engine 0.1.0 (linux-x64-gnu); 1 of 2 workspace folders are git repositories.',
    );
  });
});

describe('native binary for a platform', () => {
  it('uses the napi-rs triples that the VSIX targets map to', () => {
    expect(nativeTriple('win32', 'x64')).toBe('win32-x64-msvc');
    expect(nativeTriple('darwin', 'arm64')).toBe('darwin-arm64');
    expect(nativeBinaryName('linux-x64-gnu')).toBe('git-authorship.linux-x64-gnu.node');
  });

  it("tells musl from glibc by ldd, and asks the process report only when ldd says neither", () => {
    let asked = 0;
    const report = (glibc?: string) => () => {
      asked++;
      return { header: glibc ? { glibcVersionRuntime: glibc } : {} };
    };
    const glibcLdd = '#!/bin/bash\n# This file is part of the GNU C Library.\n';
    expect(isMusl(() => glibcLdd, report())).toBe(false);
    expect(isMusl(() => '\x7fELF\x02\x01musl libc (x86_64)\n', report('2.36'))).toBe(true);
    expect(asked).toBe(0);
    const missing = () => {
      throw Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    };
    expect(isMusl(missing, report('2.36'))).toBe(false);
    expect(isMusl(missing, report())).toBe(true);
    expect(isMusl(() => 'something else', report('2.36'))).toBe(false);
    expect(asked).toBe(3);
    // This machine: the same answer as the report gives.
    expect(isMusl()).toBe(isMusl(() => '', () => process.report?.getReport()));
  });

  it('looks for the file the build produced on this machine', () => {
    // `napi build --platform` (run by npm test before this) and the loader must agree on the name.
    expect(existsSync(nativeBinaryPath())).toBe(true);
    expect(nativeBinaryPath().endsWith(nativeBinaryName())).toBe(true);
  });
});
