// Section (i) of the benchmark: inline blame in the editor, for the file with the longest history.
// Ours: time to the first annotation in a fresh process (engine load + blameFile with the buffer as
// `contents` + the committed text + the line map), a second time (engine warm), from our cache,
// and one edit's update through the line map (no engine call). git: `git blame --porcelain
// --contents -` on the same file, first and second run — what a peer runs for a buffer, and again
// after every edit it does not map.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { InlineChildResult } from './inline-child';
import { capture, median, type Captured } from './measure';

const ROOT = resolve(__dirname, '..');

async function timed(cmd: string, args: string[], cwd: string, input?: Buffer): Promise<Captured & { ms: number }> {
  const t = performance.now();
  const r = await capture(cmd, args, cwd, input);
  return { ...r, ms: performance.now() - t };
}

/**
 * Fresh processes of ours, each followed by git's two runs: one sample of a few tens of
 * milliseconds moved by a third with the machine (26 to 46 ms in one session's six runs).
 */
const ROUNDS = 5;

/** Prints the section; returns its figures (also for --json). */
export async function inlineSection(repo: string, path: string, engine: string, say: (s?: string) => void): Promise<InlineChildResult & { gitFirstMs: number; gitSecondMs: number }> {
  const buffer = readFileSync(join(repo, path));
  const child = async (): Promise<InlineChildResult> => {
    const r = await timed(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'inline-child.ts'), repo, path, engine], ROOT);
    if (r.code !== 0) throw new Error(`bench/inline-child.ts exited with ${r.code}: ${r.stderr.trim()}`);
    return JSON.parse(r.stdout.toString('utf8').trim().split('\n').pop()!) as InlineChildResult;
  };
  const git = async (): Promise<number> => {
    const r = await timed('git', ['-c', 'core.fsmonitor=false', 'blame', '--porcelain', '--contents', '-', '--', path], repo, buffer);
    if (r.code !== 0) throw new Error(`git blame --contents: ${r.stderr.trim()}`);
    return r.ms;
  };
  const runs: InlineChildResult[] = [];
  const gitFirst: number[] = [];
  const gitSecond: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    runs.push(await child());
    gitFirst.push(await git());
    gitSecond.push(await git());
  }
  const ours: InlineChildResult = {
    ...runs[runs.length - 1]!,
    coldMs: median(runs.map((r) => r.coldMs)),
    warmMs: median(runs.map((r) => r.warmMs)),
    cachedMs: median(runs.map((r) => r.cachedMs)),
    editMedianUs: median(runs.map((r) => r.editMedianUs)),
    editMaxUs: Math.max(...runs.map((r) => r.editMaxUs)),
  };
  const gitFirstMs = median(gitFirst);
  const gitSecondMs = median(gitSecond);
  const ms = (x: number): string => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
  say(`(i) inline blame, ${path} (${ours.lines.toLocaleString('en-US')} lines; medians of ${ROUNDS} fresh processes, each followed by git's two runs)`);
  say(`    first annotation, fresh process (engine load + blameFile --contents + line map)  ours ${ms(ours.coldMs)}   git blame --porcelain --contents - ${ms(gitFirstMs)} (process, 1st run)`);
  say(`    again, engine warm (a re-blame)                                                 ours ${ms(ours.warmMs)}   git ${ms(gitSecondMs)} (2nd run)`);
  say(`    again, from our cache (text unchanged, HEAD unchanged)                          ours ${ms(ours.cachedMs)}`);
  say(`    one edit's update (line map + cursor annotation, no engine call), ${ours.edits} edits   ours median ${(ours.editMedianUs / 1000).toFixed(3)} ms, max ${(ours.editMaxUs / 1000).toFixed(2)} ms   git: a full blame per edit (${ms(gitSecondMs)})`);
  return { ...ours, gitFirstMs, gitSecondMs };
}
