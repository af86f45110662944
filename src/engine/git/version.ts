// The installed git's version, asked once per process.

import { tmpdir } from 'node:os';
import { gitText } from './run';

let cached: Promise<string> | undefined;

/** `2.39.5` from `git version 2.39.5`. */
export function gitVersion(): Promise<string> {
  cached ??= gitText(tmpdir(), ['version']).then((out) => /(\d+\.\d+(?:\.\d+)?)/.exec(out)?.[1] ?? 'unknown');
  return cached;
}

/** True when the installed git is at least `major.minor`. */
export async function gitAtLeast(major: number, minor: number): Promise<boolean> {
  const [a = 0, b = 0] = (await gitVersion()).split('.').map(Number);
  return a > major || (a === major && b >= minor);
}
