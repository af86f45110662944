// The native engine: the Rust addon behind the `Engine` interface. Only adapts arguments, ties an
// AbortSignal to a CancelToken and throws failures as EngineError; the work is all in Rust.

import {
  EngineError,
  type AnalysisProgress,
  type AnalysisSettings,
  type BlameFilesOptions,
  type BlameOptions,
  type BlameResult,
  type CommitRecord,
  type CommitsOptions,
  type Engine,
  type EngineInfo,
  type HealthReport,
  type RepositoryAnalysis,
} from '../types';
import { absoluteBound } from '../dates';
import { fromBatch } from './batch';
import { isFailure, type NativeAddon, type NativeBlameOptions, type NativeCancelToken, type NativeOutcome } from './addon';

export function createNativeEngine(addon: NativeAddon): Engine {
  async function call<T>(signal: AbortSignal | undefined, run: (token: NativeCancelToken) => Promise<NativeOutcome<T>>): Promise<T> {
    if (signal?.aborted) throw new EngineError('ABORTED', 'the operation was aborted');
    const token = new addon.CancelToken();
    const onAbort = () => token.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const outcome = await run(token);
      if (isFailure(outcome)) throw new EngineError(outcome.errorCode, outcome.message);
      return outcome;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    info(): EngineInfo {
      return { ...addon.engineInfo() };
    },

    healthCheck(repo?: string): Promise<HealthReport> {
      return call(undefined, () => addon.healthCheck(repo ?? null));
    },

    async blameFile(repo: string, path: string, options: BlameOptions = {}): Promise<BlameResult> {
      return withText(await call(options.signal, (token) => addon.blameFile(repo, path, toNativeBlameOptions(options), token)));
    },

    async blameFiles(repo: string, paths: string[], options: BlameFilesOptions = {}): Promise<Array<BlameResult | EngineError>> {
      return fromBatch(await call(options.signal, (token) => addon.blameFiles(repo, paths, toNativeBlameOptions(options), token)));
    },

    async analyzeRepository(
      repo: string,
      settings: AnalysisSettings = {},
      onProgress?: (p: AnalysisProgress) => void,
      signal?: AbortSignal,
    ): Promise<RepositoryAnalysis> {
      const bounded = withAbsoluteBounds(settings);
      return call(signal, (token) => addon.analyzeRepository(repo, bounded, onProgress ?? null, token));
    },

    async extractCommits(repo: string, options: CommitsOptions = {}): Promise<CommitRecord[]> {
      const { signal, ...rest } = options;
      const bounded = withAbsoluteBounds(rest);
      return call(signal, (token) => addon.extractCommits(repo, bounded, token));
    },
  };
}

/** The addon's Buffer as the plain Uint8Array of `BlameResult.text`. */
function withText(result: Omit<BlameResult, 'text'> & { text?: Buffer | null }): BlameResult {
  const { text, ...rest } = result;
  return text ? { ...rest, text: new Uint8Array(text.buffer, text.byteOffset, text.byteLength) } : rest;
}

/** `since`/`until` as `@<unix seconds>`: dates are parsed once, in TypeScript, for both engines. */
function withAbsoluteBounds<T extends { since?: string; until?: string }>(options: T): T {
  const out = { ...options };
  if (options.since !== undefined) out.since = absoluteBound(options.since, 'start');
  if (options.until !== undefined) out.until = absoluteBound(options.until, 'end');
  return out;
}

export function toNativeBlameOptions(options: BlameOptions): NativeBlameOptions {
  const { contents, ignoreRevsFile, signal: _signal, ...rest } = options;
  const native: NativeBlameOptions = { ...rest };
  if (contents !== undefined) {
    native.contents = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : Buffer.from(contents);
  }
  if (ignoreRevsFile === null || ignoreRevsFile === '') native.noIgnoreRevsFile = true;
  else if (ignoreRevsFile !== undefined) native.ignoreRevsFile = ignoreRevsFile;
  return native;
}
