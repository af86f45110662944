// Finds repositories for `report`: a folder that is not a repository is searched down to `depth`
// levels, skipping node_modules and the insides of .git folders. Results are sorted by path.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gitProbe } from '../engine/git/run';

const SKIP = new Set(['node_modules', '.git']);

function hasGitEntry(dir: string): boolean {
  return existsSync(join(dir, '.git'));
}

/** True when `dir` is a work tree or inside one (what `git rev-parse` decides). */
export async function isInsideRepository(dir: string): Promise<boolean> {
  if (hasGitEntry(dir)) return true;
  const probe = await gitProbe(dir, ['rev-parse', '--is-inside-work-tree']);
  return probe.ok && probe.stdout.trim() === 'true';
}

/** Repositories under `dir` (not `dir` itself), at most `depth` levels down; a found repository is not searched further. */
export function findRepositories(dir: string, depth: number): string[] {
  const found: string[] = [];
  const walk = (folder: string, level: number): void => {
    if (level > depth) return;
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory() || SKIP.has(e.name)) continue;
      const child = join(folder, e.name);
      if (hasGitEntry(child)) found.push(child);
      else walk(child, level + 1);
    }
  };
  walk(dir, 1);
  return found.sort();
}
