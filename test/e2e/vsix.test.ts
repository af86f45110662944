// What the packaged VSIX files hold: only what runs, and the right native binary.
// Reads the files `npm run package` made (build/vsix/manifest.json).

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, test } from 'vitest';

import { root } from '../../scripts/editor/tools.mjs';
import { nativeTripleFor, vsceTarget } from '../../scripts/package.mjs';
import { nativeBinaryName, nativeTriple } from '../../src/engine/native/platform';
import { packagedVsix } from './harness/session';
import { zipEntryNames } from './harness/zip';

const manifest = packagedVsix();

/** Every file a VSIX may hold, apart from the native binary. */
const RUNTIME_FILES = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/package.json',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
  'extension/media/icon.png',
  'extension/media/screenshot.png',
  'extension/media/screenshot-report.png',
  'extension/dist/extension.js',
  'extension/dist/cli.js',
  'extension/dist/webview/report.js',
  'extension/dist/webview/report-style.css',
];
const REQUIRED_FILES = RUNTIME_FILES.filter((f) => !f.startsWith('extension/media/screenshot'));
const NEVER_SHIPPED = /^extension\/(src|test|bench|scripts|tools|build|node_modules|native\/target|\.tools|\.vscode|\.ci|test-artifacts)\/|\.(ts|map|rs|vsix)$/;

describe('the platform VSIX', () => {
  const entries = zipEntryNames(manifest.platform.file);

  test('is for this machine, and carries the binary the loader looks for here', () => {
    expect(manifest.platform.target).toBe(vsceTarget());
    expect(manifest.platform.binary).toBe(`native/${nativeBinaryName(nativeTriple())}`);
    expect(nativeTripleFor(manifest.platform.target)).toBe(nativeTriple());
    expect(entries.filter((e) => e.endsWith('.node'))).toEqual([`extension/${manifest.platform.binary}`]);
  });

  test('holds the bundles, manifest, documents and icon, and nothing else', () => {
    expect(entries).toEqual(expect.arrayContaining(REQUIRED_FILES));
    const others = entries.filter((e) => !RUNTIME_FILES.includes(e) && e !== `extension/${manifest.platform.binary}`);
    expect(others).toEqual([]);
    expect(entries.filter((e) => NEVER_SHIPPED.test(e))).toEqual([]);
  });

  test('is small: the binary plus well under a megabyte', () => {
    const binary = statSync(join(root, manifest.platform.binary)).size;
    // The binary compresses, so the VSIX stays below its size plus the rest.
    expect(statSync(manifest.platform.file).size).toBeLessThan(binary + 1024 * 1024);
  });
});

describe('the VSIX without a target', () => {
  const entries = zipEntryNames(manifest.universal.file);

  test('has no native binary, so it runs the git fallback engine', () => {
    expect(entries.filter((e) => e.endsWith('.node'))).toEqual([]);
  });

  test('holds the same runtime files and nothing else', () => {
    expect(entries).toEqual(expect.arrayContaining(REQUIRED_FILES));
    expect(entries.filter((e) => !RUNTIME_FILES.includes(e))).toEqual([]);
    expect(statSync(manifest.universal.file).size).toBeLessThan(1024 * 1024);
  });
});

test('every image the README shows is inside the VSIX, so the extension page has it', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((src) => !/^[a-z]+:/.test(src));
  const entries = zipEntryNames(manifest.universal.file);
  for (const src of images) expect(entries).toContain(`extension/${src.replace(/^\.\//, '')}`);
});
