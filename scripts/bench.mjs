#!/usr/bin/env node
// `npm run bench [-- REPO] [--quick] [...]`: builds the native addon if it is missing, then runs
// the benchmark (bench/run.ts) with tsx. Plain Node, no dependencies.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
// npx/npm are .cmd shims on Windows and need a shell there.
const shell = process.platform === 'win32';

function hasNativeAddon() {
  try {
    return readdirSync(join(root, 'native')).some((f) => /^git-authorship\..+\.node$/.test(f));
  } catch {
    return false;
  }
}

const engineArg = args.indexOf('--engine');
const wantsNative = engineArg < 0 || args[engineArg + 1] !== 'git';
if (wantsNative && !hasNativeAddon() && !process.env.GIT_AUTHORSHIP_NATIVE_BINARY) {
  console.error('bench: native/git-authorship.*.node is missing; building it (npm run build:native) …');
  const build = spawnSync('npm', ['run', 'build:native'], { cwd: root, stdio: 'inherit', shell });
  if (build.status !== 0) {
    console.error('bench: the native build failed; `npm run bench -- --engine git` measures the git fallback instead.');
    process.exit(build.status ?? 1);
  }
}

if (!existsSync(join(root, 'node_modules', 'tsx'))) {
  console.error('bench: tsx is missing; run `npm install` first.');
  process.exit(1);
}

const run = spawnSync('npx', ['tsx', join('bench', 'run.ts'), ...args], { cwd: root, stdio: 'inherit', shell });
process.exit(run.status ?? 1);
