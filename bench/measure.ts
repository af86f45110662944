// Timing helpers shared by the git side (parent process) and our side (child process).

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Runs `fn` `runs` times (at least once) and returns every duration. Stops early once one run took
 * longer than `affordable` seconds, so a slow side does not triple the benchmark.
 */
export async function repeat(runs: number, affordable: number, fn: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < Math.max(1, runs); i++) {
    const t = performance.now();
    await fn();
    times.push(seconds(t));
    if (times[times.length - 1] > affordable) break;
  }
  return times;
}

export interface PoolResult {
  seconds: number;
  done: number;
  total: number;
  /** True when the time cap stopped the run before every item was done. */
  capped: boolean;
}

/**
 * Runs `fn` over `items`, `concurrency` at a time. With `capSeconds` > 0, no new item starts after
 * the cap; the caller may extrapolate from `done / total`.
 */
export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<void>,
  capSeconds = 0,
  onTick?: (done: number, total: number, elapsed: number) => void,
): Promise<PoolResult> {
  const t0 = performance.now();
  let next = 0;
  let done = 0;
  let capped = false;
  let lastTick = t0;
  const worker = async (): Promise<void> => {
    for (;;) {
      if (next >= items.length) return;
      if (capSeconds > 0 && seconds(t0) > capSeconds) {
        capped = true;
        return;
      }
      const i = next++;
      await fn(items[i], i);
      done++;
      if (onTick && performance.now() - lastTick > 10_000) {
        lastTick = performance.now();
        onTick(done, items.length, seconds(t0));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return { seconds: seconds(t0), done, total: items.length, capped };
}

/** Wall time for all items, extrapolated linearly when the run was capped. */
export function poolEstimate(r: PoolResult): number {
  return r.done > 0 && r.done < r.total ? (r.seconds * r.total) / r.done : r.seconds;
}

export interface Captured {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Spawns `cmd args` and collects its output (no shell); `input`, when given, is written to its stdin. */
export function capture(cmd: string, args: string[], cwd: string, input?: Buffer): Promise<Captured> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    // Without input, stdin is closed at once (as 'ignore' would leave it empty).
    child.stdin.end(input);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** Peak resident memory of this process in bytes (VmHWM on Linux, else getrusage's maxRSS). */
export function peakRss(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  // maxRSS is in kilobytes on Linux and (per Node's docs) everywhere Node normalises it.
  return process.resourceUsage().maxRSS * 1024;
}
