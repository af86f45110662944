// `blameFiles`' answer from the addon: one batch whose files share tables of commits, paths and
// previous ids (see native/binding/src/blame_batch.rs for why). Each file gets back its own
// `commits` and `origins`, as `blameFile` gives them. Commit objects are shared between the files
// of one batch: treat them as read-only, like the rest of a result.

import { EngineError, type BlameCommit, type BlameOrigin, type BlameResult } from '../types';
import { isFailure, type NativeBlameBatch } from './addon';

/** In `NativeBatchFile.origins`: the origin has no previous version. */
const NO_PREVIOUS = 0xffffffff;

export function fromBatch(batch: NativeBlameBatch): Array<BlameResult | EngineError> {
  const commits = JSON.parse(batch.commitsJson) as BlameCommit[];
  return batch.files.map((f) => {
    if (isFailure(f)) return new EngineError(f.errorCode, f.message);
    const origins: BlameOrigin[] = [];
    for (let k = 0; k < f.origins.length; k += 4) {
      const origin: BlameOrigin = { commit: f.origins[k], path: batch.paths[f.origins[k + 1]] };
      if (f.origins[k + 2] !== NO_PREVIOUS) origin.previous = { commit: batch.previousIds[f.origins[k + 2]], path: batch.paths[f.origins[k + 3]] };
      origins.push(origin);
    }
    const result: BlameResult = {
      path: f.path,
      rev: batch.rev,
      lineCount: f.lineCount,
      origin: f.origin,
      sourceLine: f.sourceLine,
      flags: f.flags,
      origins,
      commits: Array.from(f.commits, (i) => commits[i]!),
      warnings: batch.warnings.slice(),
      stats: batch.stats,
    };
    if (f.text) result.text = new Uint8Array(f.text.buffer, f.text.byteOffset, f.text.byteLength);
    return result;
  });
}
