// Finding and loading the native binary. Kept apart from the wrapper so a failed load is an
// ordinary value (the reason) that the engine selection can report.

import * as fs from 'node:fs';
import * as path from 'node:path';

import type { NativeAddon } from './addon';
import { nativeBinaryName } from './platform';

/** The folder that holds package.json: the extension's root in a VSIX, the checkout in development. */
export function packageRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if (JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'git-authorship') return dir;
      } catch {
        // an unreadable package.json above us is not ours; keep climbing
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}

/** Where the binary for this platform is expected: `<root>/native/git-authorship.<triple>.node`. */
export function nativeBinaryPath(root = packageRoot()): string {
  return process.env.GIT_AUTHORSHIP_NATIVE_BINARY ?? path.join(root, 'native', nativeBinaryName());
}

export type NativeLoad = { ok: true; addon: NativeAddon; file: string } | { ok: false; reason: string; file: string };

/** Load the addon with `process.dlopen` (works in plain Node, bundles and the extension host alike). */
export function loadNativeAddon(file = nativeBinaryPath()): NativeLoad {
  if (!fs.existsSync(file)) {
    return { ok: false, file, reason: `the native engine for ${path.basename(file)} is not installed (${file} is missing)` };
  }
  try {
    const mod = { exports: {} as NativeAddon };
    process.dlopen(mod, file);
    return { ok: true, addon: mod.exports, file };
  } catch (err) {
    return { ok: false, file, reason: `the native engine at ${file} did not load: ${(err as Error).message}` };
  }
}
