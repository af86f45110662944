// engineInfo for the git fallback.

import { execFileSync } from 'node:child_process';
import type { EngineInfo } from '../types';
import pkg from '../../../package.json';

/** Concurrent git processes analyzeRepository runs. */
export const GIT_ENGINE_CONCURRENCY = 4;

let version: string | undefined;

/** Synchronous because Engine.info() is; asked once per process. */
function installedGitVersion(): string {
  if (version === undefined) {
    try {
      const out = execFileSync('git', ['version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
      version = /(\d+\.\d+(?:\.\d+)?)/.exec(out)?.[1] ?? 'unknown';
    } catch {
      version = 'not found';
    }
  }
  return version;
}

export function engineInfo(fallbackReason?: string): EngineInfo {
  return {
    name: 'git-authorship',
    version: pkg.version,
    backend: 'git',
    platform: 'node',
    threads: GIT_ENGINE_CONCURRENCY,
    libraries: { git: installedGitVersion(), node: process.versions.node },
    ...(fallbackReason ? { fallbackReason } : {}),
  };
}
