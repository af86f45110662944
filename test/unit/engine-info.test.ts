// The engine description shown by "Show Engine Info" and `git-authorship info`, and the choice of
// native binary for a platform.

import { describe, expect, it } from 'vitest';
import { describeEngine, describeHealth, summarizeEngine } from '../../src/engineInfo/describe';
import { existsSync } from 'node:fs';
import { nativeBinaryPath } from '../../src/engine/native/load';
import { nativeBinaryName, nativeTriple } from '../../src/engine/native/platform';
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

  it('looks for the file the build produced on this machine', () => {
    // `napi build --platform` (run by npm test before this) and the loader must agree on the name.
    expect(existsSync(nativeBinaryPath())).toBe(true);
    expect(nativeBinaryPath().endsWith(nativeBinaryName())).toBe(true);
  });
});
