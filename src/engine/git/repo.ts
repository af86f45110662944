// Small questions about a repository that several git-engine operations ask.

import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { EngineError } from '../types';
import { gitBytes, gitProbe, gitText } from './run';

/** git's rule for "binary": a NUL byte in the first 8000 bytes (xdiff's buffer_is_binary). */
export const BINARY_PROBE_BYTES = 8000;

export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, BINARY_PROBE_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

/** The work tree's top folder; NOT_A_REPOSITORY when `repo` is not inside one. */
export async function workTreeOf(repo: string, signal?: AbortSignal): Promise<string> {
  let isDir = false;
  try {
    isDir = statSync(repo).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new EngineError('NOT_A_REPOSITORY', `Not a folder: ${repo}`);
  const probe = await gitProbe(repo, ['rev-parse', '--show-toplevel'], { signal });
  const top = probe.stdout.trim();
  if (!probe.ok || !top) throw new EngineError('NOT_A_REPOSITORY', `Not a git repository: ${repo}`);
  return top;
}

/** A commit id for `rev`; EMPTY_REPOSITORY for an unborn HEAD, BAD_REVISION otherwise. */
export async function resolveCommit(workTree: string, rev: string, signal?: AbortSignal): Promise<string> {
  if (rev.startsWith('-')) throw new EngineError('BAD_REVISION', `Bad revision: ${rev}`);
  const probe = await gitProbe(workTree, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { signal });
  if (probe.ok && /^[0-9a-f]{40,64}$/.test(probe.stdout.trim())) return probe.stdout.trim();
  if (rev === 'HEAD' && !(await hasAnyCommit(workTree, signal))) {
    throw new EngineError('EMPTY_REPOSITORY', 'The repository has no commits yet');
  }
  throw new EngineError('BAD_REVISION', `Bad revision: ${rev}`);
}

export async function hasAnyCommit(workTree: string, signal?: AbortSignal): Promise<boolean> {
  const probe = await gitProbe(workTree, ['rev-parse', '--verify', '--quiet', 'HEAD'], { signal });
  return probe.ok && probe.stdout.trim().length > 0;
}

/** `path` (absolute, or relative to `repo`) as a work-tree-relative, `/`-separated path. */
export function workTreePath(repo: string, workTree: string, path: string): string {
  const abs = isAbsolute(path) ? path : resolve(repo, path);
  let rel = relative(workTree, abs);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    // A path relative to the work tree given with a repo subfolder: take it as is.
    rel = path;
  }
  return rel.split(sep).join('/');
}

export interface TreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  oid: string;
  size: number;
  path: string;
}

/** Parses `git ls-tree -z -l` output. */
export function parseLsTree(out: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of out.toString('utf8').split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode, type, oid, size] = record.slice(0, tab).split(/\s+/);
    entries.push({
      mode: mode!,
      type: type as TreeEntry['type'],
      oid: oid!,
      size: size === '-' || size === undefined ? 0 : Number(size),
      path: record.slice(tab + 1),
    });
  }
  return entries;
}

/** The tree entry of `path` at `commit`, or undefined when the path is not there. */
export async function treeEntry(workTree: string, commit: string, path: string, signal?: AbortSignal): Promise<TreeEntry | undefined> {
  const clean = path.replace(/\/+$/, '');
  if (clean === '' || clean === '.') {
    return { mode: '040000', type: 'tree', oid: '', size: 0, path: '' };
  }
  const out = await gitBytes(workTree, ['ls-tree', '-z', '-l', '--full-tree', commit, '--', clean], { signal });
  return parseLsTree(out).find((e) => e.path === clean);
}

export async function readBlob(workTree: string, oid: string, signal?: AbortSignal): Promise<Buffer> {
  return gitBytes(workTree, ['cat-file', 'blob', oid], { signal });
}

/** The blob `spec` names (an id, or `rev:path`), or undefined when it names nothing or no blob. */
export async function blobAt(workTree: string, spec: string, signal?: AbortSignal): Promise<Buffer | undefined> {
  return gitBytes(workTree, ['cat-file', 'blob', spec], { signal }).catch((err: unknown) => {
    if ((err as { code?: string }).code === 'ABORTED') throw err;
    return undefined;
  });
}

/** An object as `cat-file --batch` gives it: id, type and bytes. */
export interface FoundObject {
  oid: string;
  type: string;
  data: Buffer;
}

/**
 * The object `spec` names (an id, or `rev:path`) through `cat-file --batch`, or undefined when it
 * names nothing in the object database (a missing path, and also a submodule's commit, which the
 * superproject does not hold). `spec` must not hold a line break: one name per line.
 */
export async function objectAt(workTree: string, spec: string, signal?: AbortSignal): Promise<FoundObject | undefined> {
  return parseBatch(await gitBytes(workTree, ['cat-file', '--batch'], { signal, input: spec + '\n' }))[0];
}

/** Reads many blobs in one `git cat-file --batch`; keyed by object id. */
export async function readBlobs(workTree: string, oids: string[], signal?: AbortSignal): Promise<Map<string, Buffer>> {
  const result = new Map<string, Buffer>();
  const unique = [...new Set(oids)];
  if (unique.length === 0) return result;
  const out = await gitBytes(workTree, ['cat-file', '--batch'], { signal, input: unique.join('\n') + '\n' });
  for (const found of parseBatch(out)) if (found) result.set(found.oid, found.data);
  return result;
}

/** `cat-file --batch`'s answer: per name asked, the object, or undefined when git found none. */
function parseBatch(out: Buffer): Array<FoundObject | undefined> {
  const answers: Array<FoundObject | undefined> = [];
  let pos = 0;
  while (pos < out.length) {
    const nl = out.indexOf(0x0a, pos);
    if (nl < 0) break;
    // `<id> <type> <size>`, then the bytes and a newline; or the name asked followed by
    // `missing` (or `ambiguous`), alone on its line (a name may hold spaces).
    const header = out.subarray(pos, nl).toString('utf8').split(' ');
    pos = nl + 1;
    if (header.length !== 3 || !/^[0-9a-f]{40,64}$/.test(header[0]!) || !/^\d+$/.test(header[2]!)) {
      answers.push(undefined);
      continue;
    }
    const size = Number(header[2]);
    answers.push({ oid: header[0]!, type: header[1]!, data: out.subarray(pos, pos + size) });
    pos += size + 1;
  }
  return answers;
}

/** A key as git lists it: section and name in lower case, a subsection as it is. */
function canonicalKey(key: string): string {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  if (first < 0) return key.toLowerCase();
  return key.slice(0, first).toLowerCase() + key.slice(first, last) + key.slice(last).toLowerCase();
}

/**
 * Config entries whose names (as git lists them) match `pattern`, a POSIX extended regular
 * expression, in order: [name, value], the value undefined for a key given without one. With
 * `type`, git normalizes the values as `git config --type` does (`bool-or-str`: booleans in any of
 * git's spellings, a key without a value among them, come back as `true` or `false`).
 */
export async function configEntries(
  workTree: string,
  pattern: string,
  opts: { signal?: AbortSignal; type?: 'bool-or-str' } = {},
): Promise<Array<[string, string | undefined]>> {
  const type = opts.type ? [`--type=${opts.type}`] : [];
  const out = await gitText(workTree, ['config', '--null', ...type, '--get-regexp', pattern], { signal: opts.signal, okExitCodes: [1] });
  const entries: Array<[string, string | undefined]> = [];
  for (const entry of out.split('\0')) {
    if (entry === '') continue;
    // `name\nvalue`, or `name` alone for a key without a value.
    const nl = entry.indexOf('\n');
    const name = nl < 0 ? entry : entry.slice(0, nl);
    entries.push([name, nl < 0 ? undefined : entry.slice(nl + 1)]);
  }
  return entries;
}

/** `git config --get-all key` values, in order (empty when unset; empty values left out). */
export async function configValues(workTree: string, key: string, signal?: AbortSignal): Promise<string[]> {
  const name = canonicalKey(key);
  const entries = await configEntries(workTree, `^${escapeRegex(name)}$`, { signal });
  return entries.flatMap(([n, v]) => (n === name && v ? [v] : []));
}

/** `text` matched literally in a POSIX extended regular expression (git config --get-regexp). */
function escapeRegex(text: string): string {
  return text.replace(/[.^$*+?()[\]{}|\\]/g, '\\$&');
}

export async function configBool(workTree: string, key: string, fallback: boolean, signal?: AbortSignal): Promise<boolean> {
  // With --default git prints the fallback itself when the key is unset.
  const out = (await gitText(workTree, ['config', '--type=bool', `--default=${fallback}`, '--get', key], { signal, okExitCodes: [1] })).trim();
  if (out === 'true') return true;
  if (out === 'false') return false;
  return fallback;
}
