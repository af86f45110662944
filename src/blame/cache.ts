// Blame results cached per repository, path, revision and buffer text, with invalidation.
//
// The key carries a hash of the blamed text, so a buffer that changed (typing, a file changed
// outside the editor and reloaded) never reads a stale entry; what the text cannot tell — HEAD
// moved (commit, checkout, rebase, pull, reset) or a setting changed — clears entries through
// `invalidateRepo` / `clear`. Negative answers (untracked, ignored, binary) are cached too, so a
// file outside history costs one engine call until the repository changes. Plain module: no `vscode`.

import { createHash } from 'node:crypto';

export interface CacheKey {
  repo: string;
  path: string;
  /** The revision asked for (`HEAD`, or a commit id for a previous revision). */
  rev: string;
  /** The blamed text; its hash goes into the key. */
  text?: string;
}

/** What a cache entry holds: a value, or why there is none (an engine error code). */
export type Cached<V> = { ok: true; value: V } | { ok: false; code: string };

export function textHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export class BlameCache<V> {
  private readonly entries = new Map<string, { repo: string; entry: Cached<V> }>();

  /** @param capacity entries kept; the least recently used goes first (a 50k-line blame is a few MB). */
  constructor(private readonly capacity = 64) {}

  private static id(k: CacheKey): string {
    return [k.repo, k.path, k.rev, k.text === undefined ? '' : textHash(k.text)].join('\0');
  }

  get(k: CacheKey): Cached<V> | undefined {
    const id = BlameCache.id(k);
    const hit = this.entries.get(id);
    if (!hit) return undefined;
    // Map keeps insertion order: re-inserting makes this the most recently used.
    this.entries.delete(id);
    this.entries.set(id, hit);
    return hit.entry;
  }

  set(k: CacheKey, entry: Cached<V>): void {
    const id = BlameCache.id(k);
    this.entries.delete(id);
    this.entries.set(id, { repo: k.repo, entry });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Drops every entry of one repository (its HEAD, refs or index changed). */
  invalidateRepo(repo: string): number {
    let n = 0;
    for (const [id, e] of this.entries) {
      if (e.repo === repo) {
        this.entries.delete(id);
        n++;
      }
    }
    return n;
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
