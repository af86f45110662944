// blameFile on the git CLI: `git blame --porcelain`, parsed into the columnar BlameResult.

import { performance } from 'node:perf_hooks';
import {
  EngineError,
  LINE_IGNORED,
  LINE_UNBLAMABLE,
  type BlameOptions,
  type BlameResult,
  type EngineWarning,
} from '../types';
import { countLines, parsePorcelain } from '../porcelain';
import { asEngineError } from './errors';
import { resolveIgnoreRevs } from './ignore-revs';
import { looksBinary, objectAt, readBlob, resolveCommit, treeEntry, workTreeOf, workTreePath, type TreeEntry } from './repo';
import { gitBytes, gitProbe, gitText } from './run';
import { writeTempFile, type TempFile } from './tempfile';
import { gitAtLeast } from './version';

export const NOT_COMMITTED_ID = '0000000000000000000000000000000000000000';

function toBytes(contents: string | Uint8Array): Uint8Array {
  return typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
}

/** `-c filter.<driver>.clean=` for the path's filter attribute, so `--contents` never runs a repository's filter program. */
async function disableCleanFilter(workTree: string, path: string, signal?: AbortSignal): Promise<string[]> {
  const out = await gitText(workTree, ['check-attr', '-z', 'filter', '--', path], { signal });
  const [, , value] = out.split('\0');
  if (!value || value === 'unspecified' || value === 'unset' || value === 'set') return [];
  if (!/^[A-Za-z0-9_.-]+$/.test(value)) return [];
  return [`filter.${value}.clean=`, `filter.${value}.process=`];
}

/**
 * Per final line, git's `?` (ignored) and `*` (unblamable) marks, read from the human output with
 * blame.markIgnoredLines / markUnblamableLines on: porcelain does not carry them.
 */
async function ignoreFlags(workTree: string, args: string[], config: string[], signal?: AbortSignal): Promise<Uint8Array[]> {
  const out = await gitBytes(workTree, ['blame', '-l', '-s', ...args], {
    signal,
    config: [...config, 'blame.markIgnoredLines=true', 'blame.markUnblamableLines=true', 'color.blame.repeatedLines=never'],
  });
  const flags: Uint8Array[] = [];
  let pos = 0;
  while (pos < out.length) {
    let nl = out.indexOf(0x0a, pos);
    if (nl < 0) nl = out.length;
    let f = 0;
    for (let i = pos; i < nl; i++) {
      const ch = out[i];
      if (ch === 0x5e) continue; // '^' boundary
      if (ch === 0x2a) f |= LINE_UNBLAMABLE; // '*'
      else if (ch === 0x3f) f |= LINE_IGNORED; // '?'
      else break;
    }
    flags.push(Uint8Array.of(f));
    pos = nl + 1;
  }
  return flags;
}

/** Raw (not mailmapped) author and committer of each commit, for `mailmap: false`. */
async function rawIdentities(workTree: string, ids: string[], signal?: AbortSignal): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (ids.length === 0) return result;
  const out = await gitText(workTree, ['log', '--no-walk=unsorted', '--stdin', '--format=%H%x00%an%x00%ae%x00%cn%x00%ce%x00'], {
    signal,
    input: ids.join('\n') + '\n',
  });
  for (const record of out.split('\0\n')) {
    const [id, ...fields] = record.split('\0');
    if (id) result.set(id.trim(), fields);
  }
  return result;
}

/** The path has an index entry (staged, possibly unmerged). */
async function isStaged(workTree: string, rel: string, signal?: AbortSignal): Promise<boolean> {
  const out = await gitText(workTree, ['--literal-pathspecs', 'ls-files', '-z', '--stage', '--', rel], { signal });
  return out.length > 0;
}

export async function blameFile(repo: string, path: string, options: BlameOptions = {}): Promise<BlameResult> {
  const started = performance.now();
  const signal = options.signal;
  const temps: TempFile[] = [];
  try {
    if (options.detectMoves || options.detectCopies) {
      throw new EngineError('INVALID_OPTION', 'Move and copy detection (-M, -C) are not supported yet');
    }
    if (signal?.aborted) throw new EngineError('ABORTED', 'The operation was aborted');
    const workTree = await workTreeOf(repo, signal);
    const rel = workTreePath(repo, workTree, path);
    const rev = options.rev ?? 'HEAD';
    // The revisions to ignore need only the work tree: asked beside the file's version, each a git
    // process or two (a rejection is handled where it is awaited, or dropped with the call's error).
    const ignoreAsked = resolveIgnoreRevs(workTree, options, signal);
    ignoreAsked.catch(() => undefined);
    const commit = await resolveCommit(workTree, rev, signal);

    const contents = options.contents === undefined ? undefined : toBytes(options.contents);
    // A committed file's bytes and its entry in one `cat-file --batch`; what is not a blob there (a
    // folder, a submodule, nothing) is told apart by its tree entry.
    const blob = contents === undefined && !/[\r\n]/.test(rel) ? await objectAt(workTree, `${commit}:${rel}`, signal) : undefined;
    const entry: Pick<TreeEntry, 'type' | 'oid' | 'size'> | undefined =
      blob?.type === 'blob' ? { type: 'blob', oid: blob.oid, size: blob.data.length } : await treeEntry(workTree, commit, rel, signal);
    // Like git blame --contents, a path missing from the revision is blamed only when it is staged
    // (then every line is uncommitted).
    if (!entry && (contents === undefined || !(await isStaged(workTree, rel, signal)))) {
      throw new EngineError('PATH_NOT_IN_REVISION', `no such path ${rel} in ${rev}${contents === undefined ? '' : ' (and it is not staged)'}`);
    }
    if (entry?.type === 'tree') throw new EngineError('IS_DIRECTORY', `${rel || '.'} is a directory`);
    if (entry?.type === 'commit') throw new EngineError('IS_SUBMODULE', `${rel} is a submodule`);

    const text = contents ?? (blob?.type === 'blob' ? blob.data : await readBlob(workTree, entry!.oid, signal));
    if (looksBinary(text)) throw new EngineError('BINARY_FILE', `${rel} is a binary file`);

    const warnings: EngineWarning[] = [];
    const ignore = await ignoreAsked;
    warnings.push(...ignore.warnings);

    // Everything after `blame` except the output format, shared by the porcelain and the flag runs.
    const args: string[] = ['--no-textconv'];
    if (options.ignoreWhitespace) args.push('-w');
    // We resolved config and files ourselves: clear git's list, then hand over only valid commits.
    args.push('--ignore-revs-file', '');
    if (ignore.oids.length > 0) {
      const list = writeTempFile('ignore-revs', ignore.oids.join('\n') + '\n');
      temps.push(list);
      args.push('--ignore-revs-file', list.path);
    }
    const config: string[] = [];
    if (contents !== undefined) {
      const head = await gitProbe(workTree, ['rev-parse', '--verify', '--quiet', 'HEAD'], { signal });
      const againstHead = head.ok && head.stdout.trim() === commit;
      // Before git 2.41, --contents could only be blamed against HEAD (the fake working-tree commit's parent).
      if (!againstHead && !(await gitAtLeast(2, 41))) {
        throw new EngineError('INVALID_OPTION', 'This git cannot blame unsaved contents against a revision other than HEAD (needs git 2.41)');
      }
      const file = writeTempFile('contents', contents);
      temps.push(file);
      args.push('--contents', file.path);
      if (!againstHead) args.push(commit);
      config.push(...(await disableCleanFilter(workTree, rel, signal)));
    } else {
      args.push(commit);
    }
    args.push('--', rel);

    // An empty text has no lines to blame: git prints nothing for it, and is not asked.
    const porcelain = text.length === 0 ? Buffer.alloc(0) : await gitBytes(workTree, ['blame', '--porcelain', ...args], { signal, config });
    const parsed = parsePorcelain(porcelain);

    if (ignore.oids.length > 0 && parsed.lineCount > 0) {
      const perLine = await ignoreFlags(workTree, args, config, signal);
      for (let i = 0; i < parsed.lineCount; i++) parsed.flags[i] = perLine[i]?.[0] ?? 0;
    }

    for (const c of parsed.commits) {
      // git names the temporary file here; an editor buffer is the working-tree file's unsaved version.
      if (c.id === NOT_COMMITTED_ID) c.summary = `Version of ${rel} from ${rel}`;
    }
    if (options.mailmap === false) {
      const raw = await rawIdentities(workTree, parsed.commits.map((c) => c.id).filter((id) => id !== NOT_COMMITTED_ID), signal);
      for (const c of parsed.commits) {
        const r = raw.get(c.id);
        if (!r) continue;
        [c.authorName, c.authorEmail, c.committerName, c.committerEmail] = [r[0] ?? '', r[1] ?? '', r[2] ?? '', r[3] ?? ''];
      }
    }

    const lineCount = countLines(text);
    if (lineCount !== parsed.lineCount && contents === undefined) {
      warnings.push({ code: 'LINE_COUNT_MISMATCH', message: `git blamed ${parsed.lineCount} lines, the file has ${lineCount}` });
    }
    return {
      path: rel,
      rev: commit,
      lineCount: parsed.lineCount,
      origin: parsed.origin,
      sourceLine: parsed.sourceLine,
      flags: parsed.flags,
      origins: parsed.origins,
      commits: parsed.commits,
      ...(options.withText ? { text } : {}),
      warnings,
      stats: { commitsVisited: parsed.commits.length, blobsDiffed: 0, elapsedMs: performance.now() - started },
    };
  } catch (err) {
    throw asEngineError(err);
  } finally {
    for (const t of temps) t.remove();
  }
}
