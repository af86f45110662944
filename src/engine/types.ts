// The engine interface: what the native addon and the git fallback both serve.
// Defined once here; the extension, the CLI, the report model and the tests import it.
// Plain data only (no `vscode`), so everything built on it runs in plain Node.

/** Which implementation answers. `native` is the Rust addon; `git` spawns the git CLI. */
export type EngineBackend = 'native' | 'git';

/** Stable error codes, shared by both engines and by the CLI's exit codes. */
export type EngineErrorCode =
  | 'NOT_A_REPOSITORY'
  | 'EMPTY_REPOSITORY'
  | 'BAD_REVISION'
  | 'PATH_NOT_IN_REVISION'
  | 'IS_DIRECTORY'
  | 'IS_SUBMODULE'
  | 'BINARY_FILE'
  | 'MISSING_OBJECT'
  | 'ABORTED'
  | 'INVALID_OPTION'
  | 'IO'
  | 'INTERNAL';

/** Something that went wrong without failing the call (a bad ignore-revs entry, a malformed .mailmap line). */
export interface EngineWarning {
  code: string;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// blameFile

export interface BlameOptions {
  /** Revision to blame at; default `HEAD`. */
  rev?: string;
  /** Uncommitted text to blame instead of the file at `rev` (`git blame --contents`). */
  contents?: string | Uint8Array;
  /** `-w`: ignore whitespace when comparing lines. */
  ignoreWhitespace?: boolean;
  /** `--ignore-rev`, each a revision (full or abbreviated id, or any name git resolves). */
  ignoreRevs?: string[];
  /**
   * `--ignore-revs-file`. `undefined`: honour the `blame.ignoreRevsFile` config as git does.
   * `null` or `''`: use none (git's `--ignore-revs-file ""`). A path is relative to the work tree.
   */
  ignoreRevsFile?: string | null;
  /** Apply `.mailmap` to author and committer (git blame does by default). Default true. */
  mailmap?: boolean;
  /** Return the blamed file's bytes as `text` (for porcelain output and blame tables). */
  withText?: boolean;
  /** `-M` and `-C` are not supported yet: passing a truthy value rejects with INVALID_OPTION. */
  detectMoves?: boolean;
  detectCopies?: number;
  signal?: AbortSignal;
}

/** `blameFiles`' options: `blameFile`'s without `contents` (uncommitted text belongs to one file). */
export type BlameFilesOptions = Omit<BlameOptions, 'contents'>;

/**
 * Errors of one path in `blameFiles` (INVALID_OPTION: a path outside the work tree, once the
 * options were checked); any other error is the whole call's.
 */
export const PER_PATH_ERRORS: readonly EngineErrorCode[] = ['PATH_NOT_IN_REVISION', 'IS_DIRECTORY', 'IS_SUBMODULE', 'BINARY_FILE', 'INVALID_OPTION'];

/** One commit responsible for lines, with the fields of `git blame --porcelain` (mailmapped). */
export interface BlameCommit {
  /** 40-hex id; the all-zero id for lines that are not committed. */
  id: string;
  authorName: string;
  /** Without angle brackets. */
  authorEmail: string;
  /** Unix seconds. */
  authorTime: number;
  /** As git prints it: `+0200`. */
  authorTz: string;
  committerName: string;
  committerEmail: string;
  committerTime: number;
  committerTz: string;
  /** First line of the message (git's `summary`). */
  summary: string;
  /** A root commit or a shallow boundary: git prints `boundary`. */
  boundary: boolean;
}

/** A (commit, path) pair that received lines: the path differs from the blamed path across renames. */
export interface BlameOrigin {
  /** Index into `BlameResult.commits`. */
  commit: number;
  path: string;
  /** git's `previous <id> <path>`: the first parent's version of this file, if any. */
  previous?: { commit: string; path: string };
}

/** Per-line flag bits in `BlameResult.flags`. */
export const LINE_IGNORED = 1; // passed through an ignored revision (git's `?` with markIgnoredLines)
export const LINE_UNBLAMABLE = 2; // changed by an ignored revision and not matched in its parent (git's `*`)

/**
 * The blame of one file, columnar: final line `i` (0-based) is line `i + 1` of the blamed file.
 * Typed arrays keep a 100k-line file from becoming 100k objects.
 */
export interface BlameResult {
  /** The blamed path, relative to the work tree, `/`-separated. */
  path: string;
  /** The commit the blame started from (resolved `rev`). */
  rev: string;
  lineCount: number;
  /** Per final line: index into `origins`. */
  origin: Uint32Array;
  /** Per final line: 1-based line number in the origin's version of the file. */
  sourceLine: Uint32Array;
  /** Per final line: LINE_IGNORED | LINE_UNBLAMABLE bits. */
  flags: Uint8Array;
  origins: BlameOrigin[];
  commits: BlameCommit[];
  /** The blamed file's bytes, when `withText` was asked for. */
  text?: Uint8Array;
  warnings: EngineWarning[];
  stats: BlameStats;
}

export interface BlameStats {
  commitsVisited: number;
  blobsDiffed: number;
  elapsedMs: number;
}

// ---------------------------------------------------------------------------------------------
// analyzeRepository

/** GitInspectorGUI's settings, camelCase. Defaults noted; see ../shared/reference/inspector-model.md. */
export interface AnalysisSettings {
  /** Only files under this folder (relative to the repository root). Default: all. */
  subfolder?: string;
  /** Only the N largest files at the head (blob size); 0 = all. Default 0. */
  nFiles?: number;
  /** Case-insensitive globs on paths; empty = all. */
  includeFiles?: string[];
  excludeFiles?: string[];
  /** Extensions without dot; `['*']` or empty = every text file. Default every text file. */
  extensions?: string[];
  /** Date window (ISO date or date-time). `until` also picks the head commit blame runs against. */
  since?: string;
  until?: string;
  /** Globs; excluding any alias excludes the merged person. */
  excludeAuthors?: string[];
  excludeEmails?: string[];
  /** Commit id prefixes; their lines pass to the parent like `--ignore-rev`. */
  excludeRevisions?: string[];
  /** Globs on the commit subject. */
  excludeMessages?: string[];
  /** true: count whitespace-only changes. Default false (`-w` in blame and numstat). */
  whitespace?: boolean;
  /** Count whole-line comments as authored lines. Default false. */
  comments?: boolean;
  /** Count empty lines as authored lines. Default false. */
  emptyLines?: boolean;
  /** Apply `.mailmap` first. Default true. */
  mailmap?: boolean;
}

export interface AnalysisProgress {
  phase: 'listing' | 'history' | 'blame' | 'done';
  filesDone: number;
  filesTotal: number;
  commitsDone: number;
  commitsTotal: number;
}

/** One person after identity merging (`.mailmap`, then shared name or email, transitively). */
export interface AnalysisAuthor {
  name: string;
  email: string;
  aliases: { name: string; email: string }[];
  /** Distinct commits of this person on analysed files, after exclusions. */
  commits: number;
  /** True when excluded by excludeAuthors / excludeEmails (kept so the UI can show or hide). */
  excluded: boolean;
}

export interface AnalysisFile {
  /** Path at the head, `/`-separated. */
  path: string;
  /** Earlier names of the file, most recent first (renames followed). */
  formerPaths: string[];
  /** Blob size in bytes at the head. */
  size: number;
  /** Lines of the file at the head (all lines, before comment/empty filtering). */
  totalLines: number;
}

/** Raw counts of one author in one file. Derived columns (%, stability, age) are the report model's. */
export interface AnalysisCell {
  author: number;
  file: number;
  /** Surviving lines at the head attributed by blame (after comment/empty-line rules). */
  lines: number;
  insertions: number;
  deletions: number;
  commits: number;
  /** Sum over insertions of the commit time (unix seconds × insertions): Age = now − sum/insertions. */
  insertionTimeSum: number;
  /** Sum over surviving lines of the author time of the line's commit: Line Age. */
  lineTimeSum: number;
}

export interface SkippedFile {
  path: string;
  reason: 'binary' | 'submodule' | 'symlink' | 'too-large' | 'unreadable';
}

export interface RepositoryAnalysis {
  /** Folder name of the repository. */
  name: string;
  /** Absolute path of the work tree. */
  path: string;
  /** The commit blame ran against (HEAD, or the last commit before `until`). */
  head: string;
  headTime: number;
  authors: AnalysisAuthor[];
  files: AnalysisFile[];
  cells: AnalysisCell[];
  skipped: SkippedFile[];
  warnings: EngineWarning[];
  stats: AnalysisStats;
}

export interface AnalysisStats {
  commitsWalked: number;
  filesAnalyzed: number;
  linesAnalyzed: number;
  /** Milliseconds per phase, in the order they ran. */
  phases: { name: string; ms: number }[];
}

// ---------------------------------------------------------------------------------------------
// extractCommits (GitFleet's record)

export interface CommitsOptions {
  since?: string;
  until?: string;
  /** Revision to walk from; default HEAD. */
  rev?: string;
  mailmap?: boolean;
  signal?: AbortSignal;
}

export interface CommitRecord {
  sha: string;
  message: string;
  authorName: string;
  authorEmail: string;
  authorTime: number;
  /** Minutes east of UTC. */
  authorOffset: number;
  committerName: string;
  committerEmail: string;
  committerTime: number;
  committerOffset: number;
  /** Lines added against the first parent (0 for merges, as `git log --numstat` shows none). */
  additions: number;
  deletions: number;
  isMerge: boolean;
}

// ---------------------------------------------------------------------------------------------
// engineInfo / healthCheck

export interface EngineInfo {
  name: string;
  version: string;
  backend: EngineBackend;
  /** napi-rs triple such as `linux-x64-gnu`, or `node` for the fallback. */
  platform: string;
  threads: number;
  /** e.g. `{ gix: '0.90.0', git: '2.39.5' }`. */
  libraries: Record<string, string>;
  /** Why the native engine is not the one running, when it is not. */
  fallbackReason?: string;
}

export interface HealthReport {
  ok: boolean;
  /** Work tree (or git dir for a bare repository). */
  path?: string;
  head?: string;
  /** Branch name, or undefined when detached or unborn. */
  branch?: string;
  empty: boolean;
  shallow: boolean;
  /** A promisor remote / partial clone: objects may be missing. */
  partial: boolean;
  commitGraph: boolean;
  bloomFilters: boolean;
  /** When not ok: why. */
  error?: { code: EngineErrorCode; message: string };
}

// ---------------------------------------------------------------------------------------------

export interface Engine {
  info(): EngineInfo;
  healthCheck(repo?: string): Promise<HealthReport>;
  blameFile(repo: string, path: string, options?: BlameOptions): Promise<BlameResult>;
  /**
   * Many files of one revision: the native engine blames them all in one walk of history. One
   * answer per path, in order: its blame, or the `EngineError` of that path alone (not in the
   * revision, a directory, binary…). Problems of the whole call (no repository, a bad revision,
   * an abort) reject it.
   */
  blameFiles(repo: string, paths: string[], options?: BlameFilesOptions): Promise<Array<BlameResult | EngineError>>;
  analyzeRepository(
    repo: string,
    settings?: AnalysisSettings,
    onProgress?: (p: AnalysisProgress) => void,
    signal?: AbortSignal,
  ): Promise<RepositoryAnalysis>;
  extractCommits(repo: string, options?: CommitsOptions): Promise<CommitRecord[]>;
}

/** The error both engines throw: a normal `Error` with a `code`. */
export class EngineError extends Error {
  readonly code: EngineErrorCode;
  /** A path's failure among `blameFiles`' answers carries the call's warnings, as every answer
   * does: when every path fails, they are still said. */
  readonly warnings?: EngineWarning[];
  constructor(code: EngineErrorCode, message: string, warnings?: EngineWarning[]) {
    super(message);
    this.name = code === 'ABORTED' ? 'AbortError' : 'EngineError';
    this.code = code;
    if (warnings) this.warnings = warnings;
  }
}
