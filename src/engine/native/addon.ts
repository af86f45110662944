// The shape of what the native binary exports (native/binding). The binding converts core types
// into exactly these objects; `index.ts` wraps them into the `Engine` interface.

import type {
  AnalysisProgress,
  BlameResult,
  BlameStats,
  CommitRecord,
  EngineErrorCode,
  EngineWarning,
  HealthReport,
  RepositoryAnalysis,
} from '../types';

/** A call that failed resolves with this instead of rejecting, so the code survives the crossing. */
export interface NativeFailure {
  errorCode: EngineErrorCode;
  message: string;
}

export type NativeOutcome<T> = NativeFailure | T;

export interface NativeCancelToken {
  cancel(): void;
}

export interface NativeBlameOptions {
  rev?: string;
  contents?: Buffer;
  ignoreWhitespace?: boolean;
  ignoreRevs?: string[];
  /** A path; absent means "honour blame.ignoreRevsFile" unless `noIgnoreRevsFile`. */
  ignoreRevsFile?: string;
  noIgnoreRevsFile?: boolean;
  mailmap?: boolean;
  withText?: boolean;
  detectMoves?: boolean;
  detectCopies?: number;
}

/** `blameFiles`' answer: files share the batch's tables and columns
 * (native/binding/src/blame_batch.rs). Per path asked: `failures`, `filePath`; per path asked and
 * one more, where its part of each column starts. */
export interface NativeCommitTable {
  /** The ids one after another, all of one length. */
  ids: string;
  /** Names, emails and time zones, each distinct one once. */
  strings: string[];
  /** Six per commit, into `strings`: author name, email, time zone; committer name, email, time zone. */
  people: Uint32Array;
  /** Two per commit: author time, committer time. */
  times: Float64Array;
  /** The summaries one after another; commit i's is summaries.slice(summaryStart[i], summaryStart[i + 1]). */
  summaries: string;
  summaryStart: Uint32Array;
  /** 1 for a boundary commit. */
  boundary: Uint8Array;
}

export interface NativeBlameBatch {
  rev: string;
  /** Every commit that owns lines, once, as columns (native/binding/src/commit_table.rs). */
  commitTable: NativeCommitTable;
  paths: string[];
  previousIds: string[];
  warnings: EngineWarning[];
  stats: BlameStats;
  failures: Array<NativeFailure | null | undefined>;
  /** Into `paths`. */
  filePath: Uint32Array;
  lineStart: Uint32Array;
  commitStart: Uint32Array;
  originStart: Uint32Array;
  origin: Uint32Array;
  sourceLine: Uint32Array;
  flags: Uint8Array;
  /** Indexes into the batch's `commits`. */
  commits: Uint32Array;
  /** Four per origin: commit (into its file's commits), path (into `paths`), previous commit
   * (into `previousIds`, or 0xffffffff for none) and previous path. */
  origins: Uint32Array;
  /** One per path asked when texts were asked for, else none. */
  texts: Buffer[];
}

export interface NativeEngineInfo {
  name: string;
  version: string;
  backend: 'native';
  platform: string;
  threads: number;
  libraries: Record<string, string>;
}

export interface NativeAddon {
  engineInfo(): NativeEngineInfo;
  healthCheck(repo?: string | null): Promise<NativeOutcome<HealthReport>>;
  blameFile(
    repo: string,
    path: string,
    options: NativeBlameOptions,
    token?: NativeCancelToken | null,
  ): Promise<NativeOutcome<Omit<BlameResult, 'text'> & { text?: Buffer | null }>>;
  blameFiles(
    repo: string,
    paths: string[],
    options: NativeBlameOptions,
    token?: NativeCancelToken | null,
  ): Promise<NativeOutcome<NativeBlameBatch>>;
  analyzeRepository(
    repo: string,
    settings: object,
    onProgress?: ((p: AnalysisProgress) => void) | null,
    token?: NativeCancelToken | null,
  ): Promise<NativeOutcome<RepositoryAnalysis>>;
  extractCommits(repo: string, options: object, token?: NativeCancelToken | null): Promise<NativeOutcome<CommitRecord[]>>;
  CancelToken: new () => NativeCancelToken;
}

export function isFailure(value: unknown): value is NativeFailure {
  return typeof value === 'object' && value !== null && 'errorCode' in value && 'message' in value;
}
