// Child processes that run in a process group of their own, so stopping one stops everything it
// started (code-server's extension host, its file watcher, git). A group still alive when the test
// process exits is killed then, also when a test failed or timed out.

import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const liveGroups = new Set<number>();

process.on('exit', () => {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
});

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

export interface GroupProcess {
  child: ChildProcess;
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves when `pattern` appears in the output; rejects on exit or after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** SIGTERM to the whole group, then SIGKILL after `graceMs`; resolves when the leader exited. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnGroup(cmd: string, args: string[], options: SpawnOptions = {}): GroupProcess {
  const child = spawn(cmd, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`${cmd} could not start`);
  const pid = child.pid;
  liveGroups.add(pid);
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => {
    for (const l of listeners) l();
  });

  return {
    child,
    output: () => text,
    waitForOutput(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern);
          if (match) finish(() => resolve(match));
          else if (child.exitCode !== null || child.signalCode !== null) {
            finish(() => reject(new Error(`${cmd} exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${text}`)));
          }
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`${cmd} did not print ${pattern} within ${timeoutMs} ms:\n${text}`))), timeoutMs);
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    async stop(graceMs = 5000) {
      if (!liveGroups.has(pid)) return;
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // The leader is gone; anything left in its group (an orphaned helper) goes too.
      killGroup(pid, 'SIGKILL');
      liveGroups.delete(pid);
    },
  };
}

/** Runs a command to completion in its own group; rejects with its output on failure. */
export async function runToCompletion(cmd: string, args: string[], options: SpawnOptions = {}, timeoutMs = 120_000): Promise<string> {
  const proc = spawnGroup(cmd, args, options);
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => void proc.stop(), timeoutMs);
    proc.child.once('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  await proc.stop();
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${code}):\n${proc.output()}`);
  return proc.output();
}
