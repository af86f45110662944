// `blameFiles`' answer from the addon: one batch whose files share tables of commits, paths and
// previous ids (see native/binding/src/blame_batch.rs for why). Each file gets back its own
// `commits` and `origins`, as `blameFile` gives them. Commit objects are shared between the files
// of one batch: treat them as read-only, like the rest of a result.

import { EngineError, type BlameCommit, type BlameOrigin, type BlameResult } from '../types';
import type { NativeBlameBatch, NativeCommitTable } from './addon';

/** In `NativeBlameBatch.origins`: the origin has no previous version. */
const NO_PREVIOUS = 0xffffffff;

export function fromBatch(batch: NativeBlameBatch): Array<BlameResult | EngineError> {
  const commits = commitObjects(batch.commitTable);
  // Plain loops over locals: this runs once per call, mostly before V8 has compiled it, where
  // every property lookup and callback counts (2,000 files, 25,000 commit references).
  const { failures, warnings, paths, previousIds, origins: originColumn, originStart, commitStart, lineStart } = batch;
  const fileCommits = batch.commits;
  const results = new Array<BlameResult | EngineError>(failures.length);
  for (let i = 0; i < failures.length; i++) {
    const failure = failures[i];
    if (failure) {
      results[i] = new EngineError(failure.errorCode, failure.message, warnings.slice());
      continue;
    }
    const lines = lineStart[i]!;
    const lineEnd = lineStart[i + 1]!;
    // Each origin made whole in one literal (`previous` undefined when there is none): adding it
    // afterwards gave every such origin a second shape and a property store, a third more memory
    // for V8's young generation to copy (express: 480 against 354 KB).
    const firstOrigin = originStart[i]!;
    const origins = new Array<BlameOrigin>((originStart[i + 1]! - firstOrigin) / 4);
    for (let j = 0; j < origins.length; j++) {
      const k = firstOrigin + 4 * j;
      const previous = originColumn[k + 2]!;
      origins[j] = {
        commit: originColumn[k]!,
        path: paths[originColumn[k + 1]!]!,
        previous: previous === NO_PREVIOUS ? undefined : { commit: previousIds[previous]!, path: paths[originColumn[k + 3]!]! },
      };
    }
    const firstCommit = commitStart[i]!;
    const own = new Array<BlameCommit>(commitStart[i + 1]! - firstCommit);
    for (let j = 0; j < own.length; j++) own[j] = commits[fileCommits[firstCommit + j]!]!;
    // Views into the batch's columns: a file's result keeps the whole batch's columns alive.
    const result: BlameResult = {
      path: paths[batch.filePath[i]!]!,
      rev: batch.rev,
      lineCount: lineEnd - lines,
      origin: batch.origin.subarray(lines, lineEnd),
      sourceLine: batch.sourceLine.subarray(lines, lineEnd),
      flags: batch.flags.subarray(lines, lineEnd),
      origins,
      commits: own,
      warnings: warnings.slice(),
      stats: batch.stats,
    };
    const text = batch.texts[i];
    if (text) result.text = new Uint8Array(text.buffer, text.byteOffset, text.byteLength);
    results[i] = result;
  }
  return results;
}

/** The table's commits as objects; ids and summaries are slices of the table's strings. */
function commitObjects(t: NativeCommitTable): BlameCommit[] {
  const n = t.boundary.length;
  const idLength = n > 0 ? t.ids.length / n : 0;
  const { strings, people, times } = t;
  const commits = new Array<BlameCommit>(n);
  for (let i = 0; i < n; i++) {
    const p = 6 * i;
    commits[i] = {
      id: t.ids.slice(i * idLength, (i + 1) * idLength),
      authorName: strings[people[p]!]!,
      authorEmail: strings[people[p + 1]!]!,
      authorTime: unboxed(times[2 * i]!),
      authorTz: strings[people[p + 2]!]!,
      committerName: strings[people[p + 3]!]!,
      committerEmail: strings[people[p + 4]!]!,
      committerTime: unboxed(times[2 * i + 1]!),
      committerTz: strings[people[p + 5]!]!,
      summary: t.summaries.slice(t.summaryStart[i], t.summaryStart[i + 1]),
      boundary: t.boundary[i] === 1,
    };
  }
  return commits;
}

/** `t` as V8 stores a small integer, in the object itself: read from a Float64Array, a time took a
 * number of its own in each commit object (two per commit; express: 373 against 296 KB). Times
 * beyond 32 bits (after 2038) stay as they are. */
function unboxed(t: number): number {
  return t === (t | 0) ? t | 0 : t;
}
