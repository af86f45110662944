// Compares two builds of the native addon on the same calls, alternating fresh processes so the
// machine's drift falls on both alike (a shared 2-core machine varies by ±15% between minutes).
//
//   node bench/addon-ab.mjs A.node B.node REPO PATH [--rounds N] [--calls K]
//   node bench/addon-ab.mjs A.node B.node REPO --all [--rounds N] [--calls K]
//   node bench/addon-ab.mjs A.node B.node REPO --each N [--rounds N] [--calls K]
//
// PATH: `blameFile` K times per process (the first call is the cold one); --all: `blameFiles` over
// every file of HEAD (`git ls-files`), as the benchmark's (a); --each N: one `blameFile` per file
// for the first N files of HEAD, two at a time, as the benchmark's (a') (a call is all N). Copy a build aside before changing
// the code (`cp native/git-authorship.*.node /tmp/before.node`), rebuild, then compare.
//
// With --git (PATH only), each round also runs `git blame --porcelain -- PATH` once, between the
// builds, and the first calls are compared with git's times: the benchmark's (b) with the machine's
// drift falling on both sides (pass the same build as A and B to measure one build).
//
// With --engine (--all only), each process makes the benchmark's own (a) call instead: the engine's
// `blameFiles` through `src/engine` (the results' objects built, as the command line gets them),
// one call, in `bench/ours.ts` with GIT_AUTHORSHIP_NATIVE_BINARY naming the build.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    all: { type: 'boolean' },
    each: { type: 'string' },
    git: { type: 'boolean' },
    engine: { type: 'boolean' },
    rounds: { type: 'string', default: '6' },
    calls: { type: 'string', default: '3' },
    child: { type: 'boolean' },
  },
});

if (values.child) {
  // One process: load one build, make the calls, print their milliseconds as JSON: each call's
  // time as JavaScript sees it, and the engine's own (its `stats.elapsedMs`; none for --each).
  const [addonPath, repo, path] = positionals;
  const addon = createRequire(import.meta.url)(resolve(addonPath));
  const listed = values.all || values.each ? execFileSync('git', ['-C', repo, 'ls-files', '-z'], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\0').filter(Boolean) : [];
  const paths = values.each ? listed.slice(0, Number(values.each)) : listed;
  // One blameFile per path, two at a time. A path's failure (a binary file) is its answer, as
  // blameFiles gives it in place.
  const eachTwoAtATime = async () => {
    let next = 0;
    const worker = async () => {
      while (next < paths.length) await addon.blameFile(repo, paths[next++], {});
    };
    await Promise.all([worker(), worker()]);
  };
  const times = [];
  const engine = [];
  for (let i = 0; i < Number(values.calls); i++) {
    const t = performance.now();
    const answer = values.all ? await addon.blameFiles(repo, paths, {}) : values.each ? await eachTwoAtATime() : await addon.blameFile(repo, path, {});
    times.push(performance.now() - t);
    if (answer && typeof answer === 'object' && 'errorCode' in answer) throw new Error(`${answer.errorCode}: ${answer.message}`);
    if (answer?.stats) engine.push(answer.stats.elapsedMs);
  }
  process.stdout.write(JSON.stringify({ times, engine }));
} else {
  const [a, b, repo, path] = positionals;
  if (!a || !b || !repo || (!path && !values.all && !values.each) || (values.git && !path) || (values.engine && !values.all)) {
    console.error('usage: node bench/addon-ab.mjs A.node B.node REPO (PATH [--git] | --all [--engine] | --each N) [--rounds N] [--calls K]');
    process.exit(1);
  }
  // --engine: the benchmark's cold (a) job, written once for every process.
  const jobDir = values.engine ? mkdtempSync(join(tmpdir(), 'addon-ab-')) : '';
  // Removed however the run ends: 'exit' comes after a failed process's error too.
  if (jobDir) process.on('exit', () => rmSync(jobDir, { recursive: true, force: true }));
  if (values.engine) {
    const paths = execFileSync('git', ['-C', repo, 'ls-files', '-z'], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\0').filter(Boolean);
    writeFileSync(join(jobDir, 'job.json'), JSON.stringify({ mode: 'cold', repo: resolve(repo), engine: 'native', paths }));
  }
  const root = resolve(new URL('..', import.meta.url).pathname);
  const throughEngine = (addon) => {
    execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'ours.ts'), join(jobDir, 'job.json'), join(jobDir, 'result.json')], {
      cwd: root,
      env: { ...process.env, GIT_AUTHORSHIP_NATIVE_BINARY: resolve(addon) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const r = JSON.parse(readFileSync(join(jobDir, 'result.json'), 'utf8'));
    if (r.error || r.errors === undefined) throw new Error(`our side failed: ${r.error}`);
    return { times: [r.seconds * 1000], engine: r.engineSeconds === undefined ? [] : [r.engineSeconds * 1000] };
  };
  const runs = { A: [], B: [] };
  const engineRuns = { A: [], B: [] };
  // Per process, the first call's time beyond the engine's own: handing the answer to JavaScript.
  const handovers = { A: [], B: [] };
  const git = [];
  const self = new URL(import.meta.url).pathname;
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const [name, addon] of [['A', a], ['B', b]]) {
      const args = [self, '--child', '--calls', String(values.calls), ...(values.all ? ['--all'] : []), ...(values.each ? ['--each', values.each] : []), addon, repo, ...(path ? [path] : [])];
      const { times, engine } = values.engine ? throughEngine(addon) : JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' }));
      runs[name].push(times);
      engineRuns[name].push(...engine);
      if (engine.length) handovers[name].push(times[0] - engine[0]);
      if (values.git && name === 'A') {
        const t = performance.now();
        execFileSync('git', ['-C', repo, 'blame', '--porcelain', '--', path], { maxBuffer: 1 << 30 });
        git.push(performance.now() - t);
      }
    }
  }
  const median = (xs) => {
    const s = [...xs].sort((x, y) => x - y);
    return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  // The slower calls matter as much as the median on a shared machine: a stalled core or a thread
  // that starts late shows there first.
  const quantile = (xs, q) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
  const ms = (x) => `${x.toFixed(1)} ms`;
  for (const name of ['A', 'B']) {
    const first = runs[name].map((t) => t[0]);
    const later = runs[name].flatMap((t) => t.slice(1));
    const laterText = later.length ? `, later calls median ${ms(median(later))} (min ${ms(Math.min(...later))})` : '';
    const vsGit = git.length ? `; git/first call ${(median(git) / median(first)).toFixed(2)}×` : '';
    // What JavaScript waits for beyond the engine's own time is the answer's conversion.
    const engineText = engineRuns[name].length
      ? `; the engine's own time, every call: median ${ms(median(engineRuns[name]))}; first call beyond it (the hand-over to JavaScript): median ${median(handovers[name]).toFixed(2)} ms`
      : '';
    console.log(`${name} ${name === 'A' ? a : b}: first call median ${ms(median(first))} (min ${ms(Math.min(...first))}, p75 ${ms(quantile(first, 0.75))}, p90 ${ms(quantile(first, 0.9))})${laterText}; ${runs[name].length} processes${vsGit}${engineText}`);
  }
  if (git.length) console.log(`git blame --porcelain: median ${ms(median(git))} (min ${ms(Math.min(...git))}); ${git.length} runs`);
}
