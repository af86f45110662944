// The reference: what the same answers cost with the git command line, the way file-by-file tools
// (git-fame, gitinspector, GitInspectorGUI) get them.

import { capture, pool, repeat, type PoolResult } from './measure';

/** `git blame --porcelain HEAD -- path`, from the repository root. */
export function blameArgs(path: string): string[] {
  return ['blame', '--porcelain', 'HEAD', '--', path];
}

export async function gitBlame(repo: string, path: string): Promise<Buffer> {
  const r = await capture('git', blameArgs(path), repo);
  if (r.code !== 0) throw new Error(`git blame ${path}: ${r.stderr.trim()}`);
  return r.stdout;
}

export interface BlameAllResult extends PoolResult {
  /** Porcelain output per file, kept for the cross-check while it fits `keepBytes`. */
  outputs: Map<string, Buffer>;
}

/** (a) Every file blamed by its own `git blame` process, `concurrency` at a time. */
export async function gitBlameAll(
  repo: string,
  paths: string[],
  concurrency: number,
  capSeconds: number,
  keepBytes: number,
  onTick?: (done: number, total: number, elapsed: number) => void,
): Promise<BlameAllResult> {
  const outputs = new Map<string, Buffer>();
  let kept = 0;
  const r = await pool(
    paths,
    concurrency,
    async (path) => {
      const out = await gitBlame(repo, path);
      if (kept + out.length <= keepBytes) {
        outputs.set(path, out);
        kept += out.length;
      }
    },
    capSeconds,
    onTick,
  );
  return { ...r, outputs };
}

/** (b) One file, `runs` times. */
export async function gitBlameRepeated(repo: string, path: string, runs: number): Promise<{ times: number[]; output: Buffer }> {
  let output: Buffer = Buffer.alloc(0);
  const times = await repeat(runs, 60, async () => {
    output = await gitBlame(repo, path);
  });
  return { times, output };
}

export interface Porcelain {
  /** Commit id per final line. */
  lines: string[];
  /** Author (mailmapped, as git prints it) per commit id. */
  authors: Map<string, { name: string; email: string }>;
}

/** Parses `git blame --porcelain`: one header per final line, commit details once per commit. */
export function parsePorcelain(buf: Buffer): Porcelain {
  const lines: string[] = [];
  const authors = new Map<string, { name: string; email: string }>();
  let sha = '';
  for (const line of buf.toString('utf8').split('\n')) {
    if (line.length === 0 || line.charCodeAt(0) === 9 /* \t: content */) continue;
    const sp = line.indexOf(' ');
    if ((sp === 40 || sp === 64) && /^[0-9a-f]+$/.test(line.slice(0, sp))) {
      sha = line.slice(0, sp);
      const finalLine = Number(line.slice(sp + 1).split(' ')[1]);
      lines[finalLine - 1] = sha;
      if (!authors.has(sha)) authors.set(sha, { name: '', email: '' });
    } else if (line.startsWith('author ')) {
      authors.get(sha)!.name = line.slice(7);
    } else if (line.startsWith('author-mail ')) {
      authors.get(sha)!.email = line.slice(12).replace(/^<|>$/g, '');
    }
  }
  return { lines, authors };
}

export interface AuthorTotals {
  insertions: number;
  deletions: number;
  commits: number;
}

export interface NumstatResult {
  times: number[];
  /** Keyed by `name <email>` (mailmapped: `%aN`, `%aE`). */
  perAuthor: Map<string, AuthorTotals>;
  /** Commits touching each path (current name after a rename), no merges. */
  touches: Map<string, number>;
  /** Paths that some commit created by renaming another file. */
  renamed: Set<string>;
}

export const NUMSTAT_ARGS = ['-c', 'core.quotePath=false', 'log', '--numstat', '--no-merges', '--format=@@%x00%aN%x00%aE', 'HEAD'];

/** (c) Insertions/deletions per author over history: one `git log --numstat` process. */
export async function gitNumstat(repo: string, runs: number): Promise<NumstatResult> {
  let out: Buffer = Buffer.alloc(0);
  const times = await repeat(runs, 30, async () => {
    const r = await capture('git', NUMSTAT_ARGS, repo);
    if (r.code !== 0) throw new Error(`git log --numstat: ${r.stderr.trim()}`);
    out = r.stdout;
  });
  return { times, ...parseNumstat(out) };
}

export function authorKey(name: string, email: string): string {
  return `${name} <${email}>`;
}

function parseNumstat(buf: Buffer): Omit<NumstatResult, 'times'> {
  const perAuthor = new Map<string, AuthorTotals>();
  const touches = new Map<string, number>();
  const renamed = new Set<string>();
  let current: AuthorTotals | undefined;
  for (const line of buf.toString('utf8').split('\n')) {
    if (line.startsWith('@@\0')) {
      const [, name, email] = line.split('\0');
      const key = authorKey(name, email);
      current = perAuthor.get(key);
      if (!current) perAuthor.set(key, (current = { insertions: 0, deletions: 0, commits: 0 }));
      current.commits++;
      continue;
    }
    if (!line || !current) continue;
    const t1 = line.indexOf('\t');
    const t2 = line.indexOf('\t', t1 + 1);
    if (t1 < 0 || t2 < 0) continue;
    const a = line.slice(0, t1);
    const d = line.slice(t1 + 1, t2);
    if (a !== '-') current.insertions += Number(a);
    if (d !== '-') current.deletions += Number(d);
    const raw = line.slice(t2 + 1);
    const path = renamedTo(raw);
    if (path !== raw) renamed.add(path);
    touches.set(path, (touches.get(path) ?? 0) + 1);
  }
  return { perAuthor, touches, renamed };
}

/** `a/{x => y}/f` → `a/y/f`; `old => new` → `new`. */
function renamedTo(p: string): string {
  if (!p.includes(' => ')) return p;
  if (p.includes('{')) return p.replace(/\{([^{}]*) => ([^{}]*)\}/, '$2').replace(/\/\/+/g, '/').replace(/^\//, '');
  return p.split(' => ')[1];
}
