// `npm test`: on a fresh clone, install what is missing, build the native addon and the bundles,
// type-check, then run the Rust tests and the vitest suites (unit + integration against real git),
// then set up the real editor (code-server, chromium), package the VSIX files and run the
// end-to-end suite against them.
// Plain Node with no dependencies, because it runs before node_modules exists.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import { needsNpmInstall } from './npm-install-state.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();

if (spawnSync('cargo', ['--version']).status !== 0) {
  console.error('npm test needs a Rust toolchain (cargo) to build the native engine: install it with rustup, then run npm test again.');
  process.exit(1);
}

// `npm install` rather than `npm ci`: npm 11 writes lockfiles without other platforms' optional
// packages and then `npm ci` refuses them as out of sync; install still honours the locked versions.
/** Run a step, echoing its output; stop `npm test` on failure; resolve with stdout for counting. */
function step(title, cmd, args, env = {}) {
  const t0 = Date.now();
  console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('error', (err) => {
      console.error(`\n${title} could not start: ${err.message}`);
      process.exit(1);
    });
    child.on('close', (code) => {
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      if (code !== 0) {
        console.error(`\n${title} failed after ${secs}s (exit ${code})`);
        process.exit(code || 1);
      }
      console.log(`=== ${title}: done in ${secs}s`);
      resolve(output);
    });
  });
}

/** Sum cargo's `test result: ok. N passed; M failed; K ignored` lines. */
function cargoCounts(output) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const m of output.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored/g)) {
    counts.passed += Number(m[1]);
    counts.failed += Number(m[2]);
    counts.skipped += Number(m[3]);
  }
  return counts;
}

if (needsNpmInstall(root)) await step('install npm packages', 'npm', ['install', '--no-audit', '--no-fund']);
await step('build the native engine', 'npm', ['run', 'build:native']);
await step('bundle the extension and CLI', 'node', ['esbuild.js', '--production']);
await step('type-check', 'npx', ['tsc', '--noEmit']);
await step('type-check the end-to-end tests', 'npx', ['tsc', '--noEmit', '-p', 'test/e2e']);
// --release, not the addon's profile: with link-time optimisation every test binary would re-link
// all of gix. The dependencies compile once more for it (the step took 159-178 s in CI, 141-170 s
// when the addon was built with --release too).
const rust = cargoCounts(
  await step('Rust tests', 'cargo', ['test', '--release', '--manifest-path', 'native/Cargo.toml', '-p', 'git-authorship-core']),
);
/** Run a vitest suite with a JSON report next to the console output; return the report. */
async function vitestSuite(title, args, env = {}) {
  const report = join(root, 'test-artifacts', `${title.replace(/\W+/g, '-')}.json`);
  rmSync(report, { force: true });
  await step(title, 'npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], env);
  return JSON.parse(readFileSync(report, 'utf8'));
}

const vitest = await vitestSuite('unit and integration tests', [], { GA_REQUIRE_NATIVE: '1' });

// The packaged extension in a real VS Code. Installs what is missing (once per checkout: .tools/).
await step('set up the editor (Node 24, code-server, chromium)', 'node', ['scripts/editor/setup.mjs']);
await step('package the VSIX files', 'node', ['scripts/package.mjs']);
const e2e = await vitestSuite('end-to-end tests', ['--config', 'vitest.e2e.config.ts']);

const suites = [vitest, e2e];
const sum = (key) => suites.reduce((n, report) => n + (report[key] ?? 0), 0);
const passed = rust.passed + sum('numPassedTests');
const failed = rust.failed + sum('numFailedTests');
const skipped = rust.skipped + sum('numPendingTests') + sum('numTodoTests');
console.log(
  `\nnpm test: cargo ${rust.passed} passed, vitest ${vitest.numPassedTests} passed, end-to-end ${e2e.numPassedTests} passed, in ${((Date.now() - started) / 1000).toFixed(0)}s`,
);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (failed > 0 || passed === 0) process.exit(1);
