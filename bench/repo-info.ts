// What we know about the repository and the machine before measuring anything.

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

export function gitText(cwd: string, args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr.trim() || `exit ${r.status}`}`);
  return r.stdout;
}

export interface HeadFile {
  path: string;
  /** git's own verdict (`git diff --numstat` prints `-` for binary files). */
  binary: boolean;
  /** Lines at HEAD (0 for binary files). */
  lines: number;
}

/**
 * Regular files at HEAD (no symlinks, no submodules), with git's binary verdict and line counts,
 * from two git commands.
 */
export function listHeadFiles(repo: string): HeadFile[] {
  const regular = new Set<string>();
  for (const entry of gitText(repo, ['ls-tree', '-r', '-z', '--full-tree', 'HEAD']).split('\0')) {
    if (!entry) continue;
    const tab = entry.indexOf('\t');
    const mode = entry.slice(0, 6);
    if (mode === '100644' || mode === '100755') regular.add(entry.slice(tab + 1));
  }
  const emptyTree = gitText(repo, ['hash-object', '-t', 'tree', '/dev/null']).trim();
  const files: HeadFile[] = [];
  // -z: "added\tdeleted\tpath\0"; binary files have "-\t-".
  const fields = gitText(repo, ['diff', '--numstat', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', emptyTree, 'HEAD']).split('\0');
  for (const f of fields) {
    if (!f) continue;
    const [added, , ...rest] = f.split('\t');
    const path = rest.join('\t');
    if (!regular.has(path)) continue;
    files.push({ path, binary: added === '-', lines: added === '-' ? 0 : Number(added) });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return files;
}

export interface RepoFacts {
  path: string;
  head: string;
  commits: number;
  merges: number;
  filesAtHead: number;
  textFiles: number;
  binaryFiles: number;
  linesAtHead: number;
  packBytes: number;
  commitGraph: boolean;
  bloomFilters: boolean;
}

export function repoFacts(repo: string, files: HeadFile[]): RepoFacts {
  const gitDir = resolveIn(repo, gitText(repo, ['rev-parse', '--git-common-dir']).trim());
  const text = files.filter((f) => !f.binary);
  const { graph, bloom } = commitGraphState(join(gitDir, 'objects', 'info'));
  let packBytes = 0;
  try {
    const packDir = join(gitDir, 'objects', 'pack');
    for (const f of readdirSync(packDir)) if (f.endsWith('.pack')) packBytes += statSync(join(packDir, f)).size;
  } catch {
    // no packs
  }
  return {
    path: repo,
    head: gitText(repo, ['rev-parse', 'HEAD']).trim(),
    commits: Number(gitText(repo, ['rev-list', '--count', 'HEAD']).trim()),
    merges: Number(gitText(repo, ['rev-list', '--count', '--merges', 'HEAD']).trim()),
    filesAtHead: files.length,
    textFiles: text.length,
    binaryFiles: files.length - text.length,
    linesAtHead: text.reduce((s, f) => s + f.lines, 0),
    packBytes,
    commitGraph: graph,
    bloomFilters: bloom,
  };
}

function resolveIn(repo: string, p: string): string {
  return isAbsolute(p) ? p : resolve(repo, p);
}

/** Whether a commit-graph exists and carries changed-path Bloom filters (a BIDX chunk). */
function commitGraphState(infoDir: string): { graph: boolean; bloom: boolean } {
  const files: string[] = [];
  if (existsSync(join(infoDir, 'commit-graph'))) files.push(join(infoDir, 'commit-graph'));
  const chain = join(infoDir, 'commit-graphs', 'commit-graph-chain');
  if (existsSync(chain)) {
    for (const h of readFileSync(chain, 'utf8').split('\n')) if (h) files.push(join(infoDir, 'commit-graphs', `graph-${h}.graph`));
  }
  let bloom = files.length > 0;
  for (const f of files) {
    // The chunk table follows the 8-byte header: 12 bytes per chunk, ids such as "BIDX".
    const head = Buffer.alloc(256);
    try {
      const fd = openSync(f, 'r');
      readSync(fd, head, 0, head.length, 0);
      closeSync(fd);
    } catch {
      return { graph: false, bloom: false };
    }
    if (!head.includes('BIDX')) bloom = false;
  }
  return { graph: files.length > 0, bloom };
}

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  node: string;
  git: string;
}

export function machine(): Machine {
  const c = cpus();
  return {
    cpuModel: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: `${process.platform}-${process.arch}`,
    node: process.version,
    git: gitText(process.cwd(), ['--version']).trim().replace(/^git version /, ''),
  };
}

/** Reads every pack file once so both sides start with the same warm page cache. */
export function warmPageCache(repo: string): void {
  const gitDir = resolveIn(repo, gitText(repo, ['rev-parse', '--git-common-dir']).trim());
  const buf = Buffer.allocUnsafe(1 << 20);
  for (const sub of ['objects/pack', 'objects/info']) {
    let names: string[] = [];
    try {
      names = readdirSync(join(gitDir, sub));
    } catch {
      continue;
    }
    for (const n of names) {
      const p = join(gitDir, sub, n);
      try {
        if (!statSync(p).isFile()) continue;
        const fd = openSync(p, 'r');
        while (readSync(fd, buf, 0, buf.length, null) > 0);
        closeSync(fd);
      } catch {
        // unreadable: skip
      }
    }
  }
}
