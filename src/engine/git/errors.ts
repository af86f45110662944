// Turns what git prints on failure into the stable EngineError codes of the contract.

import { GitPluginError } from 'simple-git';
import { EngineError, type EngineErrorCode } from '../types';

export class GitCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(stderr.trim() || `git ${args[0] ?? ''} exited with code ${exitCode}`);
    this.name = 'GitCommandError';
  }
}

/** git's messages (LC_ALL=C or not, these stay English in every release we support) → codes. */
const MESSAGE_CODES: [RegExp, EngineErrorCode][] = [
  [/not a git repository/i, 'NOT_A_REPOSITORY'],
  [/does not have any commits yet|no such ref: HEAD|bad default revision 'HEAD'|ambiguous argument 'HEAD'/i, 'EMPTY_REPOSITORY'],
  [/no such path .* in |does not exist in '|exists on disk, but not in/i, 'PATH_NOT_IN_REVISION'],
  [/bad revision|unknown revision|invalid object name|bad object|Needed a single revision|cannot find revision/i, 'BAD_REVISION'],
  [/missing blob object|unable to read|could not read object|could not fetch [0-9a-f]+ from promisor remote/i, 'MISSING_OBJECT'],
];

export function codeForGitMessage(stderr: string): EngineErrorCode | undefined {
  return matchGitMessage(stderr)?.code;
}

/** The code and the line that decided it (a partial clone prints the remote's failure first). */
function matchGitMessage(stderr: string): { code: EngineErrorCode; line: string } | undefined {
  for (const [pattern, code] of MESSAGE_CODES) {
    const line = stderr.split('\n').find((l) => pattern.test(l));
    if (line) return { code, line: line.trim().replace(/^(fatal|error):\s*/, '') };
  }
  return undefined;
}

/** The first `fatal:`/`error:` line, which is what a user needs to see. */
export function firstGitMessageLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const fatal = lines.find((l) => /^(fatal|error):/.test(l));
  return (fatal ?? lines[0] ?? 'git failed').replace(/^(fatal|error):\s*/, '');
}

export function engineErrorFromGit(
  err: unknown,
  args: readonly string[],
  exitCode: number,
  stderr: string,
  signal?: AbortSignal,
): Error {
  if (err instanceof EngineError) return err;
  if (signal?.aborted || (err instanceof GitPluginError && err.plugin === 'abort')) {
    return new EngineError('ABORTED', 'The operation was aborted');
  }
  const message = err instanceof Error ? err.message : String(err);
  if (/ENOENT/.test(message) && /spawn/.test(message)) {
    return new EngineError('IO', 'git was not found on PATH');
  }
  if (/directory that does not exist/.test(message)) {
    return new EngineError('NOT_A_REPOSITORY', 'The folder does not exist');
  }
  const text = stderr || message;
  const matched = matchGitMessage(text);
  if (matched) return new EngineError(matched.code, matched.line);
  return new GitCommandError(args, exitCode, text);
}

/** Wraps anything that is not already an EngineError, so callers only ever see contract errors. */
export function asEngineError(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  if (err instanceof GitCommandError) return new EngineError('INTERNAL', `git ${err.args[0] ?? ''}: ${firstGitMessageLine(err.stderr)}`);
  return new EngineError('INTERNAL', err instanceof Error ? err.message : String(err));
}
