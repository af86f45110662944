// Installs what the real editor needs, each piece only if it is missing or its pin changed:
// - Debian packages: chromium (the browser the tests drive) and the headers code-server's native
//   modules compile against;
// - Node 24 (code-server requires it) as the npm package pinned in tools/node;
// - code-server as pinned in tools/code-server, built with Node 24 and its headers.
// Plain Node with no dependencies: it runs before the project's node_modules may exist.
// Usage: node scripts/editor/setup.mjs
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import {
  chromiumPath,
  codeServerDir,
  codeServerEntry,
  codeServerEnv,
  codeServerProfile,
  environmentWithoutNpmRun,
  nodeBin,
  nodeBinDir,
  nodePackageDir,
  profileFlags,
  root,
  toolsDir,
} from './tools.mjs';

/**
 * What code-server's postinstall needs to compile its native modules: a C++ toolchain and node-gyp's
 * python, and the headers of kerberos (libkrb5), native-keymap (libx11, libxkbfile) and libsecret.
 */
const BUILD_PACKAGES = ['build-essential', 'python3', 'pkg-config', 'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev'];
/** chromium without its recommends (a desktop's worth), plus a font so pages and screenshots have text. */
const BROWSER_PACKAGES = ['chromium', 'fonts-liberation'];

function log(message) {
  console.log(`[editor setup] ${message}`);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${cmd} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${result.status})`);
}

function isDebianPackageInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/** `apt-get install` the packages that are not installed yet; refresh the lists once first (a new machine has none). */
export function ensureDebianPackages(names) {
  if (spawnSync('dpkg-query', ['--version']).status !== 0) {
    log(`not a Debian-based system: make sure these are installed: ${names.join(' ')}`);
    return;
  }
  const missing = names.filter((n) => !isDebianPackageInstalled(n));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`these Debian packages are missing: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
}

/** A fingerprint of a pinned tool folder (its package.json and lockfile) plus anything else its build depends on. */
function pinOf(name, extra = '') {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) hash.update(readFileSync(join(root, 'tools', name, file)));
  hash.update(extra);
  return hash.digest('hex');
}

/**
 * Install tools/<name> into .tools/<name> with `npm ci` unless the same pin is installed already.
 * The stamp is written last, so an interrupted install is redone next time.
 */
function ensurePinnedPackage(name, { env = environmentWithoutNpmRun(), extraPin = '', verify }) {
  const dir = join(toolsDir, name);
  const stamp = join(dir, '.installed');
  const pin = pinOf(name, extraPin);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === pin && verify(false)) return false;
  log(`installing ${name} into ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(root, 'tools', name, file), join(dir, file));
  run('npm', ['ci', '--no-audit', '--no-fund', '--foreground-scripts'], { cwd: dir, env });
  verify(true);
  writeFileSync(stamp, pin);
  return true;
}

function nodeVersion() {
  const result = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

export function ensureNode() {
  ensurePinnedPackage('node', {
    verify: (mustPass) => {
      const version = nodeVersion();
      if (version?.startsWith('v24.')) return true;
      if (mustPass) throw new Error(`${nodeBin} is not Node 24 (got ${version ?? 'nothing'})`);
      return false;
    },
  });
}

/** The native modules code-server's postinstall builds: they load only if the build ran against Node 24. */
const CODE_SERVER_NATIVE_MODULES = ['@vscode/spdlog', '@vscode/sqlite3', '@vscode/native-watchdog', 'node-pty', 'kerberos'];

/** code-server starts (`--version`) and its native modules load under Node 24. */
function codeServerWorks() {
  const profile = codeServerProfile(join(toolsDir, 'code-server', 'check-profile'));
  const env = codeServerEnv(profile);
  const version = spawnSync(nodeBin, [codeServerEntry, ...profileFlags(profile), '--version'], { encoding: 'utf8', env });
  if (version.status !== 0 || !/with Code \d+\.\d+/.test(version.stdout)) return false;
  const load = `for (const m of ${JSON.stringify(CODE_SERVER_NATIVE_MODULES)}) require(m)`;
  return spawnSync(nodeBin, ['-e', load], { cwd: join(codeServerDir, 'lib', 'vscode'), env, stdio: 'ignore' }).status === 0;
}

export function ensureCodeServer() {
  ensureDebianPackages(BUILD_PACKAGES);
  ensurePinnedPackage('code-server', {
    // Native modules are built for this Node's ABI, so a different Node means a rebuild.
    extraPin: nodeVersion(),
    // Node 24 first on PATH runs the postinstall; nodedir makes node-gyp use its headers
    // (a user's npmrc may name another Node's).
    env: codeServerEnv(undefined, { npm_config_nodedir: nodePackageDir }),
    verify: (mustPass) => {
      if (codeServerWorks()) return true;
      if (mustPass) throw new Error(`code-server was installed but does not run: try ${nodeBin} ${codeServerEntry} --version`);
      return false;
    },
  });
}

export function ensureChromium() {
  if (!existsSync(chromiumPath)) ensureDebianPackages(BROWSER_PACKAGES);
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is still missing after installing chromium`);
}

/** Everything the editor needs. playwright-core is a devDependency of the project (npm install). */
export function setupEditor() {
  const t0 = Date.now();
  ensureChromium();
  ensureNode();
  ensureCodeServer();
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(0)}s: Node ${nodeVersion()} in ${nodeBinDir}, code-server in ${codeServerEntry}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    setupEditor();
  } catch (err) {
    console.error(`[editor setup] ${err.message}`);
    process.exit(1);
  }
}
