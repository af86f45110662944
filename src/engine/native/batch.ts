// `blameFiles`' answer from the addon: one batch whose files share tables of commits, paths and
// previous ids (see native/binding/src/blame_batch.rs for why). Each file gets back its own
// `commits` and `origins`, as `blameFile` gives them. Commit objects are shared between the files
// of one batch: treat them as read-only, like the rest of a result.

import { EngineError, type BlameCommit, type BlameOrigin, type BlameResult } from '../types';
import type { NativeBlameBatch } from './addon';

/** In `NativeBlameBatch.origins`: the origin has no previous version. */
const NO_PREVIOUS = 0xffffffff;

export function fromBatch(batch: NativeBlameBatch): Array<BlameResult | EngineError> {
  const commits = JSON.parse(batch.commitsJson) as BlameCommit[];
  return batch.failures.map((failure, i) => {
    if (failure) return new EngineError(failure.errorCode, failure.message, batch.warnings.slice());
    const [lines, lineEnd] = [batch.lineStart[i]!, batch.lineStart[i + 1]!];
    const origins: BlameOrigin[] = [];
    for (let k = batch.originStart[i]!; k < batch.originStart[i + 1]!; k += 4) {
      const origin: BlameOrigin = { commit: batch.origins[k]!, path: batch.paths[batch.origins[k + 1]!]! };
      if (batch.origins[k + 2] !== NO_PREVIOUS) origin.previous = { commit: batch.previousIds[batch.origins[k + 2]!]!, path: batch.paths[batch.origins[k + 3]!]! };
      origins.push(origin);
    }
    // Views into the batch's columns: a file's result keeps the whole batch's columns alive.
    const result: BlameResult = {
      path: batch.paths[batch.filePath[i]!]!,
      rev: batch.rev,
      lineCount: lineEnd - lines,
      origin: batch.origin.subarray(lines, lineEnd),
      sourceLine: batch.sourceLine.subarray(lines, lineEnd),
      flags: batch.flags.subarray(lines, lineEnd),
      origins,
      commits: Array.from(batch.commits.subarray(batch.commitStart[i]!, batch.commitStart[i + 1]!), (c) => commits[c]!),
      warnings: batch.warnings.slice(),
      stats: batch.stats,
    };
    const text = batch.texts[i];
    if (text) result.text = new Uint8Array(text.buffer, text.byteOffset, text.byteLength);
    return result;
  });
}
