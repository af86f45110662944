// Generates a large, deterministic repository for the benchmark with ONE `git fast-import` stream.
//
// The model: a `main` line and up to three topic branches that fork from main, get commits
// interleaved with main's, sometimes merge main back in, and are merged into main with a real
// three-way merge (both sides may have edited the same file in different regions, or renamed it).
// Every file is a list of line ids; a line id never changes text and lives in one file only, so a
// merge is a simple three-way merge on ids, and git's blame/numstat have real work to do.
//
//   npx tsx bench/generate.ts [--quick] [--commits N] [--files N] [--seed N] [--out DIR]

import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Random } from './random';
import {
  commitMessage,
  fileName,
  makeDirs,
  makeIdentities,
  pickIdentity,
  sourceLine,
  topicName,
  type Dir,
  type Identity,
  type Lang,
} from './content';

/** Bump when the generated history changes; it is part of the cache folder's name. */
export const GENERATOR_VERSION = 2;

export interface GenParams {
  /** Commits in the history, merges included. */
  commits: number;
  /** Files at HEAD (at least). */
  files: number;
  seed: number;
  /** Share of commits that touch the long-history file. */
  hotRate: number;
}

export const FULL_PARAMS: GenParams = { commits: 20_000, files: 2_000, seed: 1, hotRate: 0.15 };
export const QUICK_PARAMS: GenParams = { commits: 3_000, files: 400, seed: 1, hotRate: 0.15 };

/** The path of the file with the long history (never renamed or deleted). */
export const HOT_PATH = 'src/core/scheduler.ts';

export interface GenStats {
  commits: number;
  merges: number;
  syncMerges: number;
  bothSidesEdited: number;
  renames: number;
  renamesWithEdits: number;
  deletions: number;
  filesAdded: number;
  filesAtHead: number;
  binaryAtHead: number;
  linesAtHead: number;
  hotFileCommits: number;
  identities: number;
  /** Seconds per step. */
  seconds: Record<string, number>;
}

export interface GeneratedRepo {
  path: string;
  params: GenParams;
  reused: boolean;
  head: string;
  stats: GenStats;
}

export function repoName(p: GenParams): string {
  return `synthetic-g${GENERATOR_VERSION}-c${p.commits}-f${p.files}-s${p.seed}-h${Math.round(p.hotRate * 100)}`;
}

const MARKER = 'bench-generated.json';

/** The cached repository for `params` under `cacheDir`, generated first if missing or stale. */
export async function ensureRepo(params: GenParams, cacheDir: string, log: (s: string) => void): Promise<GeneratedRepo> {
  const path = resolve(cacheDir, repoName(params));
  const marker = join(path, '.git', MARKER);
  if (existsSync(marker)) {
    try {
      const saved = JSON.parse(readFileSync(marker, 'utf8')) as GeneratedRepo & { version: number };
      const head = git(path, ['rev-parse', 'HEAD']).trim();
      if (saved.version === GENERATOR_VERSION && JSON.stringify(saved.params) === JSON.stringify(params) && saved.head === head) {
        return { ...saved, path, reused: true };
      }
    } catch {
      // Unreadable marker or broken repository: generate again.
    }
  }
  log(`generating ${repoName(params)} in ${cacheDir} (once; later runs reuse it) …`);
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path, { recursive: true });
  const stats = await generate(path, params, log);
  const head = git(path, ['rev-parse', 'HEAD']).trim();
  const result: GeneratedRepo = { path, params, reused: false, head, stats };
  writeFileSync(marker, JSON.stringify({ version: GENERATOR_VERSION, ...result }, null, 2));
  return result;
}

function git(cwd: string, args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

// ---------------------------------------------------------------------------------------------
// The history model

interface FileRec {
  /** Stable identity of the file across renames. */
  fid: number;
  path: string;
  lang: Lang | 'bin';
  /** Line ids (text files). */
  lines?: number[];
  bin?: Buffer;
  /** Size the file drifts around (lines). */
  target: number;
  /** fast-import mark of its blob, once written. */
  mark?: number;
}

interface Line {
  ref: string;
  files: Map<number, FileRec>;
  tip: number;
  /** Recently touched files: edits cluster, as in real work. */
  recent: number[];
}

interface Topic extends Line {
  name: string;
  base: Map<number, FileRec>;
  remaining: number;
  synced: boolean;
  slot: number;
}

type Change = { old?: FileRec; new?: FileRec };

/** Writes the fast-import stream with backpressure. */
class Stream {
  private chunks: Buffer[] = [];
  private size = 0;
  bytes = 0;
  constructor(private readonly out: NodeJS.WritableStream) {}
  push(s: string | Buffer): void {
    const b = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
    this.chunks.push(b);
    this.size += b.length;
  }
  async flush(force = false): Promise<void> {
    if (!force && this.size < 4 << 20) return;
    const buf = Buffer.concat(this.chunks);
    this.chunks = [];
    this.bytes += this.size;
    this.size = 0;
    if (!this.out.write(buf)) await once(this.out, 'drain');
  }
}

async function generate(dir: string, p: GenParams, log: (s: string) => void): Promise<GenStats> {
  const t0 = performance.now();
  const seconds: Record<string, number> = {};
  git(dir, ['init', '-q', '-b', 'main']);
  const fi = spawn('git', ['fast-import', '--quiet', '--done', '--active-branches=8'], {
    cwd: dir,
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((res) => fi.on('exit', (code) => res(code)));
  const stream = new Stream(fi.stdin);
  const stats = await history(stream, p, log);
  stream.push('done\n');
  await stream.flush(true);
  fi.stdin.end();
  const code = await exited;
  if (code !== 0) throw new Error(`git fast-import exited with ${code}`);
  seconds['fast-import'] = (performance.now() - t0) / 1000;
  log(`  fast-import: ${(stream.bytes / 1e6).toFixed(0)} MB stream, ${seconds['fast-import'].toFixed(1)} s`);

  const step = (name: string, args: string[]): void => {
    const t = performance.now();
    git(dir, args);
    seconds[name] = (performance.now() - t) / 1000;
    log(`  ${name}: ${seconds[name].toFixed(1)} s`);
  };
  for (const ref of git(dir, ['for-each-ref', '--format=%(refname)', 'refs/heads/topic-']).split('\n')) {
    if (ref) git(dir, ['update-ref', '-d', ref]);
  }
  git(dir, ['config', 'gc.auto', '0']);
  // Like a gc'd clone: real delta chains (fast-import only deltas against the previous blob).
  step('repack -adf', ['repack', '-a', '-d', '-f', '-q', '--window=10', '--depth=50']);
  // Changed-path Bloom filters speed up git blame and log; the native engine can read them too.
  step('commit-graph --changed-paths', ['commit-graph', 'write', '--reachable', '--changed-paths']);
  step('checkout', ['reset', '-q', '--hard', 'HEAD']);
  seconds.total = (performance.now() - t0) / 1000;
  return { ...stats, seconds };
}

/** Drives the model and writes every commit to `out`. */
async function history(out: Stream, p: GenParams, log: (s: string) => void): Promise<Omit<GenStats, 'seconds'>> {
  const rng = new Random(p.seed);
  const { identities, mailmap } = makeIdentities(rng);
  const maintainers = identities.slice(0, 3);
  const dirs = makeDirs(rng);
  const dirWeights = dirs.map((d) => d.weight);
  const texts: string[] = [];
  const usedPaths = new Set<string>();
  const allFids: FileRec[] = [];
  let nextMark = 1;
  let clock = 1_451_898_000; // 2016-01-04 09:00 UTC
  const gapMean = Math.max(600, Math.round((9 * 365 * 86400) / p.commits)); // about nine years
  const s = {
    commits: 0, merges: 0, syncMerges: 0, bothSidesEdited: 0, renames: 0, renamesWithEdits: 0,
    deletions: 0, filesAdded: 0, hotFileCommits: 0,
  };

  const newLines = (lang: Lang, n: number): number[] => {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      ids.push(texts.length);
      texts.push(sourceLine(rng, lang, texts.length));
    }
    return ids;
  };
  const fixedLines = (lines: string[]): number[] => lines.map((t) => texts.push(t) - 1);

  const uniquePath = (dir: string, make: () => string): string => {
    for (let i = 0; ; i++) {
      const name = make();
      const path = `${dir}/${i < 5 ? name : name.replace(/(\.[a-z]+)$/, `${i}$1`)}`;
      if (!usedPaths.has(path.toLowerCase())) {
        usedPaths.add(path.toLowerCase());
        return path;
      }
    }
  };

  const register = (rec: Omit<FileRec, 'fid'>): FileRec => {
    const r: FileRec = { ...rec, fid: allFids.length };
    allFids.push(r);
    usedPaths.add(r.path.toLowerCase());
    s.filesAdded++;
    return r;
  };

  const newTextFile = (target?: number, dir?: Dir): FileRec => {
    const d = dir ?? dirs[rng.weighted(dirWeights)];
    const lang = rng.pick(d.langs);
    const r = rng.float();
    const size = target ?? (r < 0.7 ? rng.int(20, 200) : r < 0.95 ? rng.int(200, 800) : rng.int(800, 2000));
    const path = uniquePath(d.path, () => fileName(rng, lang));
    return register({ path, lang, target: size, lines: newLines(lang, Math.max(5, Math.round(size * (0.3 + 0.7 * rng.float())))) });
  };

  const newBinaryFile = (): FileRec => {
    const path = uniquePath('assets/img', () => `${rng.pick(['logo', 'icon', 'banner', 'sprite'])}-${rng.int(1, 999)}.png`);
    return register({ path, lang: 'bin', target: 0, bin: binaryBlob(rng, rng.int(2_000, 40_000)) });
  };

  // --- writing --------------------------------------------------------------------------------

  const blobMark = (rec: FileRec): number => {
    if (rec.mark !== undefined) return rec.mark;
    const data = rec.bin ?? Buffer.from(rec.lines!.map((i) => texts[i]).join('\n') + '\n', 'utf8');
    rec.mark = nextMark++;
    out.push(`blob\nmark :${rec.mark}\ndata ${data.length}\n`);
    out.push(data);
    out.push('\n');
    return rec.mark;
  };

  const sign = (id: Identity, time: number): string => `${id.name} <${id.email}> ${time} ${id.tz}`;

  const emitCommit = (
    line: Line,
    parents: number[],
    author: Identity,
    committer: Identity,
    message: string,
    changes: Iterable<Change>,
  ): number => {
    const ops: string[] = [];
    for (const c of changes) {
      if (c.old && (!c.new || c.new.path !== c.old.path)) ops.push(`D ${c.old.path}\n`);
      if (c.new) {
        const mode = c.new.lang === 'sh' ? '100755' : '100644';
        ops.push(`M ${mode} :${blobMark(c.new)} ${c.new.path}\n`);
      }
    }
    clock += 60 + Math.floor(rng.float() * 2 * gapMean);
    // Rebased or cherry-picked work: authored earlier than committed.
    const authorTime = rng.chance(0.15) ? clock - rng.int(600, 3 * 86400) : clock;
    const mark = nextMark++;
    const msg = Buffer.from(message, 'utf8');
    out.push(`commit ${line.ref}\nmark :${mark}\nauthor ${sign(author, authorTime)}\ncommitter ${sign(committer, clock)}\n`);
    out.push(`data ${msg.length}\n`);
    out.push(msg);
    out.push('\n');
    if (parents.length) out.push(`from :${parents[0]}\n`);
    for (const m of parents.slice(1)) out.push(`merge :${m}\n`);
    out.push(ops.join(''));
    out.push('\n');
    line.tip = mark;
    s.commits++;
    return mark;
  };

  // --- editing --------------------------------------------------------------------------------

  const editText = (rec: FileRec, hunks: number, small = false): FileRec => {
    const lines = rec.lines!.slice();
    const lang = rec.lang as Lang;
    for (let h = 0; h < hunks; h++) {
      const grow = lines.length < rec.target * 0.6 ? 0.75 : lines.length > rec.target * 1.15 ? 0.15 : 0.4;
      const pos = rng.int(0, lines.length);
      const r = rng.float();
      if (lines.length < 8 || r < grow * 0.7) {
        lines.splice(pos, 0, ...newLines(lang, Math.min(small ? 3 : 40, rng.geometric(small ? 1.5 : 4))));
      } else if (r < grow * 0.7 + (1 - grow * 0.7) * 0.35) {
        lines.splice(Math.min(pos, lines.length - 1), Math.min(small ? 2 : 20, rng.geometric(small ? 1.3 : 3)));
      } else {
        // Modify: replace k lines by k ± 1 new ones.
        const k = Math.min(small ? 2 : 10, rng.geometric(2));
        const at = Math.min(pos, lines.length - 1);
        lines.splice(at, k, ...newLines(lang, Math.max(1, k + rng.int(-1, 1))));
      }
    }
    return { ...rec, lines, mark: undefined };
  };

  const randomFile = (line: Line, filter: (r: FileRec) => boolean): FileRec | undefined => {
    if (line.recent.length && rng.chance(0.5)) {
      const r = line.files.get(rng.pick(line.recent));
      if (r && filter(r)) return r;
    }
    for (let tries = 0; tries < 200; tries++) {
      const r = line.files.get(allFids[rng.int(0, allFids.length - 1)].fid);
      if (r && filter(r)) return r;
    }
    return undefined;
  };
  // `.mailmap` (target 0) is written once and never edited, moved or deleted.
  const isText = (r: FileRec): boolean => r.lines !== undefined && r.target > 0;
  const movable = (r: FileRec): boolean => isText(r) && r.fid !== hotFid && r.lines!.length >= 30 && r.target < 5000;

  const touch = (line: Line, fid: number): void => {
    line.recent.push(fid);
    if (line.recent.length > 24) line.recent.shift();
  };

  let addCredit = 0;
  let liveFiles = 0;

  const regularCommit = (line: Line, commitsLeft: number): void => {
    const changes = new Map<number, Change>();
    const set = (rec: FileRec | undefined, next: FileRec | undefined, fid: number): void => {
      const prev = changes.get(fid);
      changes.set(fid, { old: prev ? prev.old : rec, new: next });
      if (next) line.files.set(fid, next);
      else line.files.delete(fid);
      touch(line, fid);
    };
    // New files, so that the head ends with at least `p.files`; added in small bursts.
    addCredit += Math.max(0, p.files * 1.03 - liveFiles) / Math.max(1, commitsLeft);
    if (addCredit >= 1 && rng.chance(0.3)) {
      const n = Math.floor(addCredit);
      addCredit -= n;
      const d = dirs[rng.weighted(dirWeights)];
      for (let i = 0; i < n; i++) {
        const rec = rng.chance(0.01) ? newBinaryFile() : newTextFile(undefined, rng.chance(0.7) ? d : undefined);
        set(undefined, rec, rec.fid);
        liveFiles++;
      }
    }
    const r = rng.float();
    if (r < 0.004) {
      const victim = randomFile(line, (f) => f.fid !== hotFid && (f.bin !== undefined || (isText(f) && f.target < 5000)));
      if (victim) {
        set(victim, undefined, victim.fid);
        s.deletions++;
        liveFiles--;
      }
    } else if (r < 0.016) {
      const f = randomFile(line, movable);
      if (f) {
        const edited = r >= 0.01;
        const dir = rng.chance(0.5) ? f.path.slice(0, f.path.lastIndexOf('/')) : dirs[rng.weighted(dirWeights)].path;
        const path = uniquePath(dir, () => fileName(rng, f.lang as Lang));
        const moved = edited ? { ...editText(f, rng.int(1, 2), true), path } : { ...f, path };
        set(f, moved, f.fid);
        if (edited) s.renamesWithEdits++;
        else s.renames++;
        if (!edited) {
          emitCommit(line, [line.tip], author(), committer(), `Move ${f.path.split('/').pop()} to ${dir}\n`, changes.values());
          return;
        }
      }
    } else if (r < 0.019) {
      const f = randomFile(line, (x) => x.bin !== undefined);
      if (f) {
        const keep = f.bin!.subarray(0, Math.floor(f.bin!.length / 2));
        set(f, { ...f, bin: Buffer.concat([keep, binaryBlob(rng, rng.int(1_000, 20_000))]), mark: undefined }, f.fid);
      }
    }
    // Content edits in a few files.
    const nFiles = Math.min(6, rng.geometric(1.8));
    if (rng.chance(p.hotRate)) {
      set(line.files.get(hotFid), editText(line.files.get(hotFid)!, rng.geometric(1.6)), hotFid);
      s.hotFileCommits++;
    }
    for (let i = 0; i < nFiles; i++) {
      const f = randomFile(line, (x) => isText(x) && x.fid !== hotFid);
      if (f) set(f, editText(f, Math.min(8, rng.geometric(1.6))), f.fid);
    }
    emitCommit(line, [line.tip], author(), committer(), commitMessage(rng, s.commits), changes.values());
  };

  let lastAuthor: Identity = identities[0];
  const author = (): Identity => (lastAuthor = pickIdentity(rng, identities, s.commits / p.commits));
  // Mostly self-committed; sometimes a maintainer applies someone's patch.
  const committer = (): Identity => (rng.chance(0.85) ? lastAuthor : rng.pick(maintainers));

  /** Three-way merge of `from` into `into` (fork point `base`); returns the changes against `into`. */
  const merge3Files = (into: Line, from: Line, base: Map<number, FileRec>): Map<number, Change> => {
    const changes = new Map<number, Change>();
    const fids = new Set<number>([...base.keys(), ...from.files.keys()]);
    for (const fid of fids) {
      const b = base.get(fid);
      const theirs = from.files.get(fid);
      const ours = into.files.get(fid);
      if (theirs === b || theirs === ours) continue;
      let result: FileRec | undefined;
      if (ours === b) result = theirs;
      else if (!theirs || !ours) result = undefined; // deleted on one side, changed on the other: delete
      else {
        s.bothSidesEdited++;
        const path = theirs.path !== b!.path ? theirs.path : ours.path;
        result = theirs.bin
          ? { ...theirs, path }
          : { ...ours, path, lines: merge3(b!.lines!, ours.lines!, theirs.lines!), mark: undefined };
      }
      changes.set(fid, { old: ours, new: result });
      if (result) into.files.set(fid, result);
      else into.files.delete(fid);
      touch(into, fid);
    }
    return changes;
  };

  // --- the initial commit ---------------------------------------------------------------------

  const main: Line = { ref: 'refs/heads/main', files: new Map(), tip: 0, recent: [] };
  const hot = register({ path: HOT_PATH, lang: 'ts', target: 1800, lines: newLines('ts', 1200) });
  const hotFid = hot.fid;
  const initial: FileRec[] = [hot];
  initial.push(register({ path: 'README.md', lang: 'md', target: 120, lines: newLines('md', 60) }));
  initial.push(register({ path: '.mailmap', lang: 'yaml', target: 0, lines: fixedLines(mailmap) }));
  // A few large files (generated fixtures, a vendored bundle).
  initial.push(register({ path: 'vendor/bundle/vendor.js', lang: 'js', target: 15_000, lines: newLines('js', 12_000) }));
  initial.push(register({ path: 'test/fixtures/large-dataset.json', lang: 'json', target: 9_000, lines: newLines('json', 8_000) }));
  initial.push(register({ path: 'src/generated/protocol.ts', lang: 'ts', target: 10_000, lines: newLines('ts', 6_000) }));
  for (let i = 0; i < Math.max(4, Math.round(p.files / 250)); i++) initial.push(newBinaryFile());
  while (initial.length < Math.max(40, Math.round(p.files * 0.05))) initial.push(newTextFile());
  for (const f of initial) main.files.set(f.fid, f);
  liveFiles = initial.length;
  emitCommit(main, [], identities[0], identities[0], 'Initial import\n', initial.map((f) => ({ new: f })));

  // --- the history ----------------------------------------------------------------------------

  const topics: Topic[] = [];
  const freeSlots = [2, 1, 0];
  let topicCount = 0;
  const mergeTopic = (t: Topic): void => {
    const changes = merge3Files(main, t, t.base);
    const m = rng.pick(maintainers);
    const msg = rng.chance(0.5) ? `Merge branch '${t.name}'\n` : `Merge pull request #${2000 + topicCount} from ${t.name}\n`;
    emitCommit(main, [main.tip, t.tip], m, m, msg, changes.values());
    s.merges++;
    topics.splice(topics.indexOf(t), 1);
    freeSlots.push(t.slot);
  };

  let nextLog = 2000;
  while (s.commits + topics.length < p.commits) {
    const left = p.commits - s.commits;
    if (s.commits >= nextLog) {
      log(`  … ${s.commits} commits`);
      nextLog += 2000;
    }
    if (freeSlots.length && s.commits > 20 && left > 40 && rng.chance(0.07)) {
      const slot = freeSlots.pop()!;
      topics.push({
        ref: `refs/heads/topic-${slot}`, slot, name: topicName(rng, ++topicCount), files: new Map(main.files),
        base: new Map(main.files), tip: main.tip, recent: [], remaining: rng.int(1, 20), synced: !rng.chance(0.25),
      });
      continue;
    }
    const t = topics.length && rng.chance(0.45) ? rng.pick(topics) : undefined;
    if (!t) {
      regularCommit(main, left);
    } else if (t.remaining <= 0) {
      mergeTopic(t);
    } else if (!t.synced && t.remaining < 4) {
      // Bring main into the topic before it lands.
      const changes = merge3Files(t, main, t.base);
      const a = author();
      emitCommit(t, [t.tip, main.tip], a, a, `Merge branch 'main' into ${t.name}\n`, changes.values());
      t.base = new Map(main.files);
      t.synced = true;
      s.syncMerges++;
    } else {
      regularCommit(t, left);
      t.remaining--;
    }
    await out.flush();
  }
  while (topics.length) mergeTopic(topics[0]);

  let lines = 0;
  let binary = 0;
  for (const f of main.files.values()) {
    if (f.bin) binary++;
    else lines += f.lines!.length;
  }
  if (main.files.size < p.files) {
    throw new Error(`BUG: generated ${main.files.size} files at the head, fewer than ${p.files}`);
  }
  return {
    ...s,
    filesAtHead: main.files.size,
    binaryAtHead: binary,
    linesAtHead: lines,
    identities: identities.length,
  };
}

/** Bytes that git's binary heuristic (a NUL in the first 8000 bytes) classifies as binary. */
function binaryBlob(rng: Random, n: number): Buffer {
  const b = rng.bytes(n);
  Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR', 'latin1').copy(b, 0);
  return b;
}

/**
 * Three-way merge of line-id lists. Line ids are unique, so a line is "kept" when both sides kept it,
 * and each side's new lines follow the kept line they follow on that side. Where both sides inserted
 * after the same kept line, ours come first (a resolved conflict).
 */
export function merge3(base: number[], ours: number[], theirs: number[]): number[] {
  const inBase = new Set(base);
  const inOurs = new Set(ours);
  const inTheirs = new Set(theirs);
  const segments = (side: number[]): Map<number, number[]> => {
    const seg = new Map<number, number[]>();
    let anchor = -1;
    for (const x of side) {
      if (inBase.has(x)) {
        if (inOurs.has(x) && inTheirs.has(x)) anchor = x;
        continue; // a base line the other side deleted
      }
      let list = seg.get(anchor);
      if (!list) seg.set(anchor, (list = []));
      list.push(x);
    }
    return seg;
  };
  const so = segments(ours);
  const st = segments(theirs);
  const out: number[] = [];
  const emit = (a: number): void => {
    const o = so.get(a);
    if (o) for (const x of o) out.push(x);
    const t = st.get(a);
    if (t) for (const x of t) out.push(x);
  };
  emit(-1);
  for (const x of base) {
    if (inOurs.has(x) && inTheirs.has(x)) {
      out.push(x);
      emit(x);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

async function main(argv: string[]): Promise<void> {
  const p = { ...(argv.includes('--quick') ? QUICK_PARAMS : FULL_PARAMS) };
  const num = (flag: string): number | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : undefined;
  };
  p.commits = num('--commits') ?? p.commits;
  p.files = num('--files') ?? p.files;
  p.seed = num('--seed') ?? p.seed;
  const outIdx = argv.indexOf('--out');
  const cache = outIdx >= 0 ? argv[outIdx + 1] : resolve(__dirname, '.cache');
  const log = (s: string): void => void process.stderr.write(s + '\n');
  const r = await ensureRepo(p, cache, log);
  console.log(JSON.stringify(r, null, 2));
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
