// Our side of the benchmark, run as a child Node process by run.ts:
//   node --import tsx bench/ours.ts JOB.json RESULT.json
// Loads the engine through loadEngine (the same door as the extension and the CLI).

import { readFileSync, writeFileSync } from 'node:fs';
import { loadEngine } from '../src/engine/load';
import type { BlameResult, Engine } from '../src/engine/types';
import { lineDigest, type AnalysisSummary, type BlameFilesSummary, type CheckJob, type CheckResult, type ColdJob, type ColdResult, type Job, type MeasureJob, type MeasureResult, type StepError } from './job';
import { authorKey } from './git-side';
import { peakRss, pool, repeat, seconds } from './measure';

function log(s: string): void {
  process.stderr.write(`  [ours] ${s}\n`);
}

function message(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return err?.code ? `${err.code}: ${err.message}` : String(err?.message ?? e);
}

/** Commit id per final line, from the columnar result. */
export function lineCommitIds(r: BlameResult): string[] {
  const ids: string[] = new Array(r.lineCount);
  for (let i = 0; i < r.lineCount; i++) ids[i] = r.commits[r.origins[r.origin[i]].commit].id;
  return ids;
}

async function check(engine: Engine, job: CheckJob): Promise<CheckResult> {
  const files: CheckResult['files'] = [];
  for (const path of job.paths) {
    const t = performance.now();
    try {
      const r = await engine.blameFile(job.repo, path);
      const s = seconds(t);
      files.push({ path, ids: lineCommitIds(r), seconds: s });
    } catch (e) {
      files.push({ path, error: message(e) });
    }
  }
  return { engineInfo: engine.info(), files };
}

/** The first call of this process: blameFile of `path`, timed as (b) times its first, or blameFiles of `paths` for (a). */
async function cold(engine: Engine, job: ColdJob): Promise<ColdResult> {
  const t = performance.now();
  try {
    if (job.paths) {
      const answers = await engine.blameFiles(job.repo, job.paths);
      const s = seconds(t);
      const blamed = answers.find((r) => !(r instanceof Error));
      const engineSeconds = blamed instanceof Error || !blamed ? undefined : blamed.stats.elapsedMs / 1000;
      return { seconds: s, engineSeconds, errors: answers.filter((r) => r instanceof Error).length };
    }
    await engine.blameFile(job.repo, job.path ?? '');
    return { seconds: seconds(t) };
  } catch (e) {
    return { error: message(e) };
  }
}

async function step<T>(name: string, id: string, peaks: MeasureResult['peaks'], fn: () => Promise<T>): Promise<T | StepError> {
  log(`${name} …`);
  try {
    return await fn();
  } catch (e) {
    log(`${name} failed: ${message(e)}`);
    return { error: message(e) };
  } finally {
    peaks.push({ step: id, bytes: peakRss() });
  }
}

async function measure(engine: Engine, job: MeasureJob, baselineRss: number): Promise<MeasureResult> {
  const peaks: MeasureResult['peaks'] = [];
  const result: MeasureResult = { engineInfo: engine.info(), baselineRss, peaks, peakRss: 0 };

  // (b) the file with the longest history, first: its first run is the cold one, before any other
  // call has filled the engine's in-process caches (parsed commits); later runs are warm.
  result.long = await step(`blameFile ${job.longFile}`, 'long-file', peaks, async () => {
    let r: BlameResult | undefined;
    const times = await repeat(job.runs, 60, async () => {
      r = await engine.blameFile(job.repo, job.longFile);
    });
    return { times, lines: r!.lineCount, commitsVisited: r!.stats?.commitsVisited };
  });

  // (a'') the whole report in one call: blame of every file and insertions/deletions over history.
  // Before (a): what the extension host runs comes first, so (m) is not its peak on top of the
  // memory a CLI-only call left in the allocator (about 150 MiB on the generated repository).
  result.analyze = await step('analyzeRepository', 'analyze', peaks, async (): Promise<AnalysisSummary> => {
    const signal = job.capSeconds > 0 ? AbortSignal.timeout(job.capSeconds * 1000) : undefined;
    let last = performance.now();
    const t = performance.now();
    try {
      const a = await engine.analyzeRepository(
        job.repo,
        job.settings,
        (p) => {
          if (performance.now() - last < 10_000) return;
          last = performance.now();
          log(`analyzeRepository ${p.phase}: files ${p.filesDone}/${p.filesTotal}, commits ${p.commitsDone}/${p.commitsTotal}`);
        },
        signal,
      );
      return {
        seconds: seconds(t),
        aborted: false,
        phases: a.stats.phases,
        commitsWalked: a.stats.commitsWalked,
        files: a.files.map((f) => f.path),
        skipped: a.skipped.length,
        authors: a.authors.map((x) => ({ name: x.name, email: x.email, aliases: x.aliases })),
        cells: a.cells.map((c) => [c.author, c.file, c.lines, c.insertions, c.deletions]),
      };
    } catch (e) {
      if (signal?.aborted) {
        return { seconds: seconds(t), aborted: true, phases: [], commitsWalked: 0, files: [], skipped: 0, authors: [], cells: [] };
      }
      throw e;
    }
  });

  // (a) every file blamed in one call.
  result.blameFiles = await step('blameFiles', 'blame-files', peaks, async (): Promise<BlameFilesSummary> => {
    const t = performance.now();
    const answers = await engine.blameFiles(job.repo, job.paths);
    const seconds_ = seconds(t);
    const digests: Record<string, string> = {};
    // Every answer carries the call's stats.
    const blamed = answers.find((r) => !(r instanceof Error));
    const engineSeconds = blamed instanceof Error || !blamed ? undefined : blamed.stats.elapsedMs / 1000;
    let errors = 0;
    let firstError: string | undefined;
    answers.forEach((r, i) => {
      if (r instanceof Error) {
        errors++;
        firstError ??= `${job.paths[i]}: ${message(r)}`;
      } else digests[job.paths[i]!] = lineDigest(lineCommitIds(r));
    });
    return { seconds: seconds_, engineSeconds, files: answers.length, errors, firstError, digests };
  });

  // (a') every file by its own blameFile call, two at a time.
  if (job.perFile) {
    result.perFile = await step('blameFile × every file', 'per-file', peaks, async () => {
      let errors = 0;
      let firstError: string | undefined;
      const r = await pool(
        job.paths,
        2,
        async (path) => {
          try {
            await engine.blameFile(job.repo, path);
          } catch (e) {
            errors++;
            firstError ??= `${path}: ${message(e)}`;
          }
        },
        job.perFileCapSeconds,
        (done, total, elapsed) => log(`blameFile ${done}/${total} files, ${elapsed.toFixed(0)} s`),
      );
      return { ...r, errors, firstError };
    });
  }

  // (c) insertions/deletions per author over history.
  result.commits = await step('extractCommits', 'commits', peaks, async () => {
    let records: Awaited<ReturnType<Engine['extractCommits']>> = [];
    const times = await repeat(job.runs, 30, async () => {
      records = await engine.extractCommits(job.repo);
    });
    const perAuthor: Record<string, [number, number, number]> = {};
    for (const c of records) {
      if (c.isMerge) continue;
      const k = authorKey(c.authorName, c.authorEmail);
      const t = (perAuthor[k] ??= [0, 0, 0]);
      t[0] += c.additions;
      t[1] += c.deletions;
      t[2]++;
    }
    return { times, records: records.length, perAuthor };
  });

  result.peakRss = peakRss();
  return result;
}

async function main(): Promise<void> {
  const [jobFile, resultFile] = process.argv.slice(2);
  const job = JSON.parse(readFileSync(jobFile, 'utf8')) as Job;
  const baselineRss = peakRss();
  const engine = loadEngine(job.engine);
  const result = job.mode === 'check' ? await check(engine, job) : job.mode === 'cold' ? await cold(engine, job) : await measure(engine, job, baselineRss);
  writeFileSync(resultFile, JSON.stringify(result));
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
