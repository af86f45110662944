// `npm test`: on a fresh clone, install what is missing, build the native addon and the bundles,
// type-check, then run the Rust tests and the vitest suites (unit + integration against real git).
// Plain Node with no dependencies, because it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();

function step(title, cmd, args, env = {}) {
  const t0 = Date.now();
  console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
  const run = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (run.error || run.status !== 0) {
    console.error(`\n${title} failed after ${secs}s${run.error ? `: ${run.error.message}` : ` (exit ${run.status})`}`);
    process.exit(run.status || 1);
  }
  console.log(`=== ${title}: done in ${secs}s`);
}

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
if (needsInstall()) step('install npm packages', 'npm', ['install', '--no-audit', '--no-fund']);
step('build the native engine', 'npm', ['run', 'build:native']);
step('bundle the extension and CLI', 'node', ['esbuild.js', '--production']);
step('type-check', 'npx', ['tsc', '--noEmit']);
// --release reuses the dependencies the native build just compiled.
step('Rust tests', 'cargo', ['test', '--release', '--manifest-path', 'native/Cargo.toml', '-p', 'git-authorship-core']);
step('unit and integration tests', 'npx', ['vitest', 'run'], { GA_REQUIRE_NATIVE: '1' });

console.log(`\nnpm test: everything passed in ${((Date.now() - started) / 1000).toFixed(0)}s`);
