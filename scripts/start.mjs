// `npm start [-- PATH] [--port N]`: the extension in a real VS Code, from a fresh clone.
// Installs npm packages if needed, builds the native engine (a no-op when it is up to date), sets up
// the editor tools, packages the VSIX, installs it into a local code-server profile (.tools/profile)
// and serves VS Code on http://127.0.0.1:8080 opened on PATH (default: this checkout).
// Ctrl-C stops code-server and everything it started (its process group).
// Plain Node with no dependencies: it runs before node_modules exists.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { codeServerEntry, codeServerEnv, codeServerProfile, nodeBin, profileFlags, root, serveFlags, toolsDir } from './editor/tools.mjs';
import { setupEditor } from './editor/setup.mjs';
import { needsNpmInstall } from './npm-install-state.mjs';
import { packageExtension } from './package.mjs';

function usage(message) {
  if (message) console.error(message);
  console.error('usage: npm start [-- [PATH] [--port N]]   (default: this checkout on port 8080)');
  process.exit(2);
}

function parseArgs(argv) {
  let folder = root;
  let port = 8080;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port') {
      port = Number(argv[++i]);
      if (!Number.isInteger(port) || port <= 0 || port > 65535) usage(`--port needs a port number, got ${argv[i]}`);
    } else if (arg === '-h' || arg === '--help') usage();
    else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
    else folder = resolve(arg);
  }
  if (!existsSync(folder) || !statSync(folder).isDirectory()) usage(`${folder} is not a folder`);
  return { folder, port };
}

function run(title, cmd, args, options = {}) {
  console.log(`[start] ${title}`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`[start] ${title} failed (exit ${result.status ?? result.error?.message})`);
    process.exit(1);
  }
}

const { folder, port } = parseArgs(process.argv.slice(2));
const t0 = Date.now();

if (needsNpmInstall(root)) run('installing npm packages', 'npm', ['install', '--no-audit', '--no-fund']);
// cargo rebuilds only what changed, so this is quick when the engine is up to date.
run('building the native engine', 'npm', ['run', 'build:native']);
let manifest;
try {
  setupEditor();
  manifest = packageExtension();
} catch (err) {
  console.error(`[start] ${err.message}`);
  process.exit(1);
}

// One profile for `npm start`, kept between runs (settings, opened editors); the VSIX is replaced each time.
const profile = codeServerProfile(join(toolsDir, 'profile'));
const env = codeServerEnv(profile);
run('installing the extension into code-server', nodeBin, [codeServerEntry, ...profileFlags(profile), '--force', '--install-extension', manifest.platform.file], {
  env,
});

// Its own process group, so stopping it stops the extension host and everything else it started.
const server = spawn(nodeBin, [codeServerEntry, ...serveFlags(profile, port), folder], {
  env,
  detached: true,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let stopping = false;

function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n[start] ${signal}: stopping code-server`);
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  // Whatever ignores SIGTERM is killed after a grace period.
  setTimeout(() => {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5000).unref();
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));
process.on('exit', () => {
  try {
    process.kill(-server.pid, 'SIGKILL');
  } catch {
    // already gone
  }
});

let ready = false;
function watch(stream, out) {
  let buffered = '';
  stream.on('data', (chunk) => {
    out.write(chunk);
    if (ready) return;
    buffered += chunk;
    if (/HTTP server listening on/.test(buffered)) {
      ready = true;
      console.log(`\n[start] ready in ${((Date.now() - t0) / 1000).toFixed(0)}s`);
      console.log(`[start] VS Code with Git Authorship: http://127.0.0.1:${port}/   (folder: ${folder})`);
      console.log('[start] Ctrl-C stops it.');
    } else if (/EADDRINUSE/.test(buffered)) {
      console.error(`\n[start] port ${port} is in use: npm start -- --port <another port>`);
    }
  });
}
watch(server.stdout, process.stdout);
watch(server.stderr, process.stderr);

server.on('exit', (code, signal) => {
  try {
    process.kill(-server.pid, 'SIGKILL');
  } catch {
    // the group is empty
  }
  if (stopping) process.exit(0);
  console.error(`[start] code-server exited (${code ?? signal})`);
  process.exit(code || 1);
});
