// `npm run package`: two VSIX files in build/vsix/, described by build/vsix/manifest.json:
// - the platform VSIX for this machine (`vsce package --target linux-x64`, …) carrying exactly one
//   native binary, the one for that target;
// - a VSIX without a target and without a binary, which runs the git fallback engine.
// Contents come from .vscodeignore (an allowlist). vsce lists every file under its folder before it
// applies that list, which takes minutes in a checkout with native/target and .tools, so it runs in
// a staging folder that holds only the candidates: the manifest and documents, media/, dist/ and the
// native binaries at the top of native/.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { root } from './editor/tools.mjs';

export const vsixDir = join(root, 'build', 'vsix');
const stagingDir = join(root, 'build', 'stage');
export const manifestFile = join(vsixDir, 'manifest.json');

function isMusl() {
  return process.platform === 'linux' && !process.report?.getReport()?.header?.glibcVersionRuntime;
}

/** The VS Code Marketplace target for this machine: linux-x64, alpine-x64, darwin-arm64, win32-x64, … */
export function vsceTarget(platform = process.platform, arch = process.arch, musl = isMusl()) {
  if (platform === 'linux') {
    if (arch === 'arm') return 'linux-armhf';
    return `${musl ? 'alpine' : 'linux'}-${arch}`;
  }
  return `${platform}-${arch}`;
}

/** The napi-rs triple whose binary a target carries (the names src/engine/native/platform.ts loads). */
export function nativeTripleFor(target) {
  const [os, arch] = target.split('-');
  switch (os) {
    case 'linux':
      return arch === 'armhf' ? 'linux-arm-gnueabihf' : `linux-${arch}-gnu`;
    case 'alpine':
      return `linux-${arch}-musl`;
    case 'win32':
      return `win32-${arch}-msvc`;
    default:
      return target;
  }
}

function run(cmd, args, cwd = root) {
  const result = spawnSync(cmd, args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${result.status ?? result.error?.message})`);
}

/** A folder with the files a VSIX may take, and .vscodeignore plus `extraIgnoreLines` to choose among them. */
function stage(name, extraIgnoreLines) {
  const dir = join(stagingDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'native'), { recursive: true });
  for (const file of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE']) cpSync(join(root, file), join(dir, file));
  for (const folder of ['media', 'dist']) cpSync(join(root, folder), join(dir, folder), { recursive: true });
  for (const file of readdirSync(join(root, 'native')).filter((f) => f.endsWith('.node'))) {
    cpSync(join(root, 'native', file), join(dir, 'native', file));
  }
  const ignore = [readFileSync(join(root, '.vscodeignore'), 'utf8'), ...extraIgnoreLines, ''].join('\n');
  writeFileSync(join(dir, '.vscodeignore'), ignore);
  return dir;
}

/** One `vsce package` of a staged folder. */
function vscePackage(out, { target, extraIgnoreLines = [] }) {
  const dir = stage(target ?? 'universal', extraIgnoreLines);
  run(
    join(root, 'node_modules', '.bin', 'vsce'),
    [
      'package',
      ...(target ? ['--target', target] : []),
      // esbuild bundles the runtime dependencies into dist/.
      '--no-dependencies',
      // No public repository yet: README links stay relative (they resolve inside the VSIX).
      '--allow-missing-repository',
      '--no-rewrite-relative-links',
      '--out',
      out,
    ],
    dir,
  );
}

/** Builds both VSIX files; builds the native binary first if it is missing. */
export function packageExtension() {
  const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const target = vsceTarget();
  const binary = `native/${name}.${nativeTripleFor(target)}.node`;
  if (!existsSync(join(root, binary))) run('npm', ['run', 'build:native']);
  run(process.execPath, ['esbuild.js', '--production']);

  rmSync(join(root, 'build'), { recursive: true, force: true });
  mkdirSync(vsixDir, { recursive: true });
  const manifest = {
    version,
    platform: { target, binary, file: join(vsixDir, `${name}-${target}-${version}.vsix`) },
    universal: { file: join(vsixDir, `${name}-${version}.vsix`) },
  };
  vscePackage(manifest.platform.file, { target, extraIgnoreLines: [`!${binary}`] });
  vscePackage(manifest.universal.file, {});
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`[package] ${manifest.platform.file}\n[package] ${manifest.universal.file}`);
  return manifest;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    packageExtension();
  } catch (err) {
    console.error(`[package] ${err.message}`);
    process.exit(1);
  }
}
