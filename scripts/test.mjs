// `npm test`: on a fresh clone, install what is missing, build the native addon and the bundles,
// type-check, then run the Rust tests and the vitest suites (unit + integration against real git).
// Plain Node with no dependencies, because it runs before node_modules exists.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();

function needsInstall() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return true;
  return statSync(join(root, 'package-lock.json')).mtimeMs > statSync(marker).mtimeMs;
}

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

if (needsInstall()) await step('install npm packages', 'npm', ['install', '--no-audit', '--no-fund']);
await step('build the native engine', 'npm', ['run', 'build:native']);
await step('bundle the extension and CLI', 'node', ['esbuild.js', '--production']);
await step('type-check', 'npx', ['tsc', '--noEmit']);
// --release reuses the dependencies the native build just compiled.
const rust = cargoCounts(
  await step('Rust tests', 'cargo', ['test', '--release', '--manifest-path', 'native/Cargo.toml', '-p', 'git-authorship-core']),
);
const vitestJson = join(root, 'test-artifacts', 'vitest.json');
rmSync(vitestJson, { force: true });
await step('unit and integration tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`], {
  GA_REQUIRE_NATIVE: '1',
});
const vitest = JSON.parse(readFileSync(vitestJson, 'utf8'));

const passed = rust.passed + vitest.numPassedTests;
const failed = rust.failed + vitest.numFailedTests;
const skipped = rust.skipped + vitest.numPendingTests + (vitest.numTodoTests ?? 0);
console.log(`\nnpm test: cargo ${rust.passed} passed, vitest ${vitest.numPassedTests} passed, in ${((Date.now() - started) / 1000).toFixed(0)}s`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (failed > 0 || passed === 0) process.exit(1);
