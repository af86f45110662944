// The contract between run.ts (parent, runs git) and ours.ts (child Node process, runs our engine).
// Our side runs in its own process so its peak memory is ours alone, not git's and not the parent's.

import { createHash } from 'node:crypto';
import type { AnalysisSettings } from '../src/engine/types';

export type EngineChoice = 'auto' | 'native' | 'git';

export interface CheckJob {
  mode: 'check';
  repo: string;
  engine: EngineChoice;
  paths: string[];
}

export interface MeasureJob {
  mode: 'measure';
  repo: string;
  engine: EngineChoice;
  /** Text files at HEAD for blameFiles and the per-file blame loop. */
  paths: string[];
  longFile: string;
  runs: number;
  settings: AnalysisSettings;
  /** Seconds: analyzeRepository is aborted, the per-file loop stops starting new files. */
  capSeconds: number;
  perFileCapSeconds: number;
  perFile: boolean;
}

/**
 * One call in a fresh process: a cold sample of (b) (`blameFile` of `path`) or of (a) (`blameFiles`
 * of `paths`, what the command line makes once per process).
 */
export interface ColdJob {
  mode: 'cold';
  repo: string;
  engine: EngineChoice;
  path?: string;
  paths?: string[];
}

export type Job = CheckJob | MeasureJob | ColdJob;

export interface CheckResult {
  engineInfo: unknown;
  /** In the order asked; `seconds` is the call's time (the first call is a cold one). */
  files: { path: string; ids?: string[]; error?: string; seconds?: number }[];
}

export interface ColdResult {
  seconds?: number;
  /** `blameFiles`: the engine's own time, and how many paths failed. */
  engineSeconds?: number;
  errors?: number;
  error?: string;
}

export interface StepError {
  error: string;
}

export interface AnalysisSummary {
  seconds: number;
  aborted: boolean;
  phases: { name: string; ms: number }[];
  commitsWalked: number;
  files: string[];
  skipped: number;
  authors: { name: string; email: string; aliases: { name: string; email: string }[] }[];
  /** [author, file, lines, insertions, deletions] */
  cells: [number, number, number, number, number][];
}

/** blameFiles on every text file: its time, and per file a digest of the commit id of each line. */
export interface BlameFilesSummary {
  seconds: number;
  /** The engine's own time (`stats.elapsedMs` of an answer), without handing the answer to JavaScript. */
  engineSeconds?: number;
  files: number;
  errors: number;
  firstError?: string;
  /** path → sha1 of the lines' commit ids joined by newlines (see lineDigest). */
  digests: Record<string, string>;
}

export interface MeasureResult {
  engineInfo: unknown;
  baselineRss: number;
  blameFiles?: BlameFilesSummary | StepError;
  analyze?: AnalysisSummary | StepError;
  perFile?: { seconds: number; done: number; total: number; capped: boolean; errors: number; firstError?: string } | StepError;
  long?: { times: number[]; lines: number; commitsVisited?: number } | StepError;
  commits?: {
    times: number[];
    records: number;
    /** `name <email>` → [insertions, deletions, commits] (non-merge commits). */
    perAuthor: Record<string, [number, number, number]>;
  } | StepError;
  /** Peak RSS (bytes) after each step, then at the end. */
  peaks: { step: string; bytes: number }[];
  peakRss: number;
}

export function isError(x: unknown): x is StepError {
  return typeof x === 'object' && x !== null && 'error' in x;
}

/** What both sides' answers for a file are compared by: one commit id per final line. */
export function lineDigest(commitIds: string[]): string {
  return createHash('sha1').update(commitIds.join('\n')).digest('hex');
}
