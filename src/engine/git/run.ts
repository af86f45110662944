// Runs one git command through simple-git and hands back stdout as bytes.
// Every call gets a fresh simple-git instance so its abort signal, stdin and output capture are its own.

import { simpleGit, type SimpleGit } from 'simple-git';
import { EngineError } from '../types';
import { engineErrorFromGit, GitCommandError } from './errors';

export { GitCommandError };

export interface GitRunOptions {
  signal?: AbortSignal;
  /** Bytes written to git's stdin (`cat-file --batch`). */
  input?: Uint8Array | string;
  /** Extra `-c key=value` settings for this command only. */
  config?: string[];
  /** Exit codes that are not failures (`git config --get` returns 1 for "not set"). */
  okExitCodes?: number[];
}

/** Settings on every command: never start a file-system monitor or a pager named in repository config. */
const SAFE_CONFIG = ['core.fsmonitor=false', 'core.pager=cat'];

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new EngineError('ABORTED', 'The operation was aborted');
}

function makeGit(cwd: string, opts: GitRunOptions, exitCodeOut: { code: number; stderr: string }): SimpleGit {
  const input = opts.input;
  return simpleGit({
    baseDir: cwd,
    abort: opts.signal,
    config: [...SAFE_CONFIG, ...(opts.config ?? [])],
    // The -c settings above name these keys only to switch the programs off, so simple-git may let them through.
    unsafe: { allowUnsafeFsMonitor: true, allowUnsafePager: true, allowUnsafeFilter: true },
    // Done when git's output streams close. simple-git's default also starts a 50 ms timer when
    // the process exits, which outlives the command and held the command line's exit back by as
    // much (`git-authorship blame` of one file: 138-155 ms to exit, 35-40 ms after its output).
    completion: { onClose: true, onExit: false },
    input: input === undefined ? undefined : () => (typeof input === 'string' ? input : Buffer.from(input)),
    errors(error, result) {
      exitCodeOut.code = result.exitCode;
      exitCodeOut.stderr = Buffer.concat(result.stdErr).toString('utf8');
      if (error instanceof Error) return error;
      const ok = result.exitCode === 0 || (opts.okExitCodes ?? []).includes(result.exitCode);
      return ok ? undefined : Buffer.from(exitCodeOut.stderr || `exit code ${result.exitCode}`);
    },
  });
}

/** Runs `git <args>` in `cwd`; resolves to stdout bytes, rejects with an EngineError or GitCommandError. */
export async function gitBytes(cwd: string, args: string[], opts: GitRunOptions = {}): Promise<Buffer> {
  throwIfAborted(opts.signal);
  const status = { code: 0, stderr: '' };
  const chunks: Buffer[] = [];
  try {
    const git = makeGit(cwd, opts, status).outputHandler((_cmd, stdout) => {
      stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      // simple-git's completion plugin waits 50 ms more for late output after a command whose
      // streams carried no data at all (an unset config key, an empty file, a path not in a tree),
      // and has no setting for it. Once stdout has ended there is none to wait for: an empty chunk
      // tells its listener that the command answered.
      stdout.once('end', () => {
        if (chunks.length === 0) stdout.emit('data', Buffer.alloc(0));
      });
    });
    await git.raw(args);
  } catch (err) {
    throw engineErrorFromGit(err, args, status.code, status.stderr, opts.signal);
  }
  return Buffer.concat(chunks);
}

/** Like gitBytes, decoded as UTF-8 (git's own output encoding for names and messages). */
export async function gitText(cwd: string, args: string[], opts: GitRunOptions = {}): Promise<string> {
  return (await gitBytes(cwd, args, opts)).toString('utf8');
}

/** Exit code and output without throwing for a non-zero exit (for probes such as `rev-parse --verify`). */
export async function gitProbe(
  cwd: string,
  args: string[],
  opts: GitRunOptions = {},
): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  try {
    const out = await gitBytes(cwd, args, opts);
    return { ok: true, stdout: out.toString('utf8'), stderr: '' };
  } catch (err) {
    if (err instanceof EngineError && err.code === 'ABORTED') throw err;
    if (err instanceof GitCommandError) return { ok: false, stdout: '', stderr: err.stderr };
    if (err instanceof EngineError) return { ok: false, stdout: '', stderr: err.message };
    throw err;
  }
}
