// Finding repositories to report on, for the CLI's `report` and the extension's commands.
// A folder that is not a repository is searched down to `depth` levels, skipping node_modules and
// the insides of .git folders; a found repository is not searched further except by
// `discoverRepositories`, which also looks for repositories nested inside a workspace's own.

import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
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

/** The root of the work tree holding `dir`, or undefined when `dir` is in none. */
export async function repositoryRoot(dir: string): Promise<string | undefined> {
  if (hasGitEntry(dir)) return resolve(dir);
  const probe = await gitProbe(dir, ['rev-parse', '--show-toplevel']);
  return probe.ok && probe.stdout.trim() ? resolve(probe.stdout.trim()) : undefined;
}

/**
 * Repositories under `dir` (not `dir` itself), at most `depth` levels down. With `nested` false a
 * found repository is not searched further (the CLI's folder search); with `nested` true its
 * sub-folders are searched too, for repositories kept inside another (vendored clones, submodules).
 */
export function findRepositories(dir: string, depth: number, options: { nested?: boolean } = {}): string[] {
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
      if (hasGitEntry(child)) {
        found.push(child);
        if (options.nested) walk(child, level + 1);
      } else walk(child, level + 1);
    }
  };
  walk(dir, 1);
  return found.sort();
}

/**
 * Every repository of a workspace: for each folder, the repository it is in (if any) and the
 * repositories nested below it down to `depth` levels. Sorted, each once.
 */
export async function discoverRepositories(folders: string[], depth: number): Promise<string[]> {
  const all = new Set<string>();
  for (const folder of folders) {
    const root = await repositoryRoot(folder);
    if (root) all.add(root);
    for (const repo of findRepositories(folder, depth, { nested: true })) all.add(resolve(repo));
  }
  return [...all].sort();
}

/**
 * What "Analyze Folder" analyses for `folder`: the repository holding it with `subfolder` set to the
 * folder's path inside it, or, for a folder in no repository, the repositories below it.
 */
export async function repositoriesForFolder(folder: string, depth: number): Promise<{ repo: string; subfolder?: string }[]> {
  const root = await repositoryRoot(folder);
  if (root) {
    const rel = relative(root, resolve(folder)).split(sep).join('/');
    return [rel ? { repo: root, subfolder: rel } : { repo: root }];
  }
  return findRepositories(folder, depth, { nested: true }).map((repo) => ({ repo: resolve(repo) }));
}
