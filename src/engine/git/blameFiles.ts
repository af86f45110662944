// blameFiles on the git CLI: one `git blame` per path (git has no many-file blame), in order, two
// at a time. A path's own problem becomes its answer; anything else fails the call, as in the
// native engine.

import { EngineError, PER_PATH_ERRORS, type BlameFilesOptions, type BlameResult } from '../types';
import { blameFile } from './blame';
import { resolveIgnoreRevs } from './ignore-revs';
import { workTreeOf } from './repo';

/** git processes at once: the machine's two cores, as the benchmark's file-by-file reference. */
const CONCURRENCY = 2;

export async function blameFiles(repo: string, paths: string[], options: BlameFilesOptions = {}): Promise<Array<BlameResult | EngineError>> {
  if ('contents' in options && (options as { contents?: unknown }).contents !== undefined) {
    throw new EngineError('INVALID_OPTION', 'contents blames one file: use blameFile for it');
  }
  if (options.detectMoves || options.detectCopies) {
    throw new EngineError('INVALID_OPTION', 'Move and copy detection (-M, -C) are not supported yet');
  }
  const answers: Array<BlameResult | EngineError> = new Array(paths.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const i = next++;
      try {
        answers[i] = await blameFile(repo, paths[i]!, options);
      } catch (e) {
        if (e instanceof EngineError && PER_PATH_ERRORS.includes(e.code)) answers[i] = e;
        else {
          next = paths.length; // the other worker starts nothing more
          throw e;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, paths.length) }, worker));
  if (!answers.some((a) => a instanceof EngineError)) return answers;
  // A failed path carries the call's warnings, as the native engine's answers do: those of a
  // path that was blamed, or, when none was, the ignore-revs' own (what blameFile would have said).
  const blamed = answers.find((a): a is BlameResult => !(a instanceof EngineError));
  const warnings = blamed ? blamed.warnings : (await resolveIgnoreRevs(await workTreeOf(repo, options.signal), options, options.signal)).warnings;
  return answers.map((a) => (a instanceof EngineError ? new EngineError(a.code, a.message, warnings.slice()) : a));
}
