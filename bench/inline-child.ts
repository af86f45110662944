// The inline-blame section's own side, in a fresh Node process (so "cold" includes loading the
// engine): node --import tsx bench/inline-child.ts REPO PATH ENGINE → one JSON line on stdout.
// It does what the extension does for an editor on PATH (src/editor/blameStore.ts): blameFile with
// the buffer as `contents` and the committed text side by side, a LineMap, the cursor line's
// annotation; then the cache hit, and edits mapped without the engine.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { BlameCache } from '../src/blame/cache';
import { formatTemplate, DEFAULT_INLINE_FORMAT } from '../src/blame/format';
import { fileAtRevision } from '../src/blame/gitQueries';
import { LineMap } from '../src/blame/lineMap';
import { loadEngine, type EngineChoice } from '../src/engine/load';
import type { BlameResult } from '../src/engine/types';
import { median } from './measure';

export interface InlineChildResult {
  lines: number;
  coldMs: number;
  warmMs: number;
  cachedMs: number;
  /** Median and maximum cost of one edit's update (map + cursor annotation), microseconds. */
  editMedianUs: number;
  editMaxUs: number;
  edits: number;
  reblamesAsked: number;
}

async function main(): Promise<void> {
  const [repo, path, engineChoice] = process.argv.slice(2) as [string, string, EngineChoice];
  const text = readFileSync(join(repo, path), 'utf8');
  const cursor = Math.floor(text.split('\n').length / 2);
  const annotate = (map: LineMap, line: number): string => {
    const b = map.lineBlame(line);
    return b.kind === 'commit'
      ? formatTemplate(DEFAULT_INLINE_FORMAT, { authorName: b.commit.authorName, authorEmail: b.commit.authorEmail, authorTime: b.commit.authorTime, subject: b.commit.summary, hash: b.commit.id }, { now: Date.now() })
      : 'You • Uncommitted changes';
  };
  const firstAnnotation = async (): Promise<{ map: LineMap; result: BlameResult; committed: string }> => {
    const engine = loadEngine(engineChoice);
    const [result, committed] = await Promise.all([engine.blameFile(repo, path, { contents: text }), fileAtRevision(repo, 'HEAD', path)]);
    const map = new LineMap(result, text, false, committed);
    if (!annotate(map, cursor)) throw new Error('no annotation');
    return { map, result, committed };
  };

  let t = performance.now();
  const first = await firstAnnotation();
  const coldMs = performance.now() - t;
  t = performance.now();
  await firstAnnotation();
  const warmMs = performance.now() - t;

  const cache = new BlameCache<{ result: BlameResult; committed: string }>();
  const key = { repo, path, rev: 'HEAD', text };
  cache.set(key, { ok: true, value: first });
  t = performance.now();
  const hit = cache.get(key);
  if (!hit?.ok) throw new Error('cache miss');
  annotate(new LineMap(hit.value.result, text, false, hit.value.committed), cursor);
  const cachedMs = performance.now() - t;

  // Typing: a line inserted above the cursor, then characters typed into it, as keystrokes.
  const map = first.map;
  const times: number[] = [];
  let line = cursor;
  for (let i = 0; i < 1000; i++) {
    const change = i % 20 === 0
      ? { startLine: line, startCharacter: 0, endLine: line, endCharacter: 0, text: '\n' }
      : { startLine: line, startCharacter: 0, endLine: line, endCharacter: 0, text: 'x' };
    const s = performance.now();
    map.apply(change);
    annotate(map, line + 1);
    times.push((performance.now() - s) * 1000);
    if (i % 20 === 0) line++;
  }
  const result: InlineChildResult = {
    lines: first.result.lineCount,
    coldMs,
    warmMs,
    cachedMs,
    editMedianUs: median(times),
    editMaxUs: Math.max(...times),
    edits: times.length,
    reblamesAsked: map.needsReblame ? 1 : 0,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e) => {
  process.stderr.write(`inline-child: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
