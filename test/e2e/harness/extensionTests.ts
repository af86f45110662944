// Runs a test suite inside code-server's extension host, next to the extension under development,
// with the real `vscode` API: @vscode/test-electron's model, in the browser-served editor.
// The workbench takes `extensionDevelopmentPath` and `extensionTestsPath` from the URL's `payload`,
// but a built VS Code honours them only with the smoke-test driver enabled. When the suite's `run()`
// settles, the extension host exits and the workbench calls `window.codeAutomationExit(code)`; the
// suite's console output arrives through `window.codeAutomationLog`.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { build } from 'esbuild';

import { root } from '../../../scripts/editor/tools.mjs';
import { startCodeServer } from './codeServer';
import { launchBrowser } from './session';

export interface ExtensionTestRun {
  /** The extension host's exit code: 0 when `run()` resolved. */
  exitCode: number;
  /** What the extension host logged (the suite's console output among it). */
  log: string[];
}

/** Bundles `suiteFile` (TypeScript, exporting `run()`) to CommonJS, as the extension host `require`s it. */
async function bundleSuite(suiteFile: string, outDir: string): Promise<string> {
  const outfile = join(outDir, 'suite.js');
  await build({ entryPoints: [suiteFile], outfile, bundle: true, platform: 'node', format: 'cjs', external: ['vscode'], logLevel: 'warning' });
  return outfile;
}

export async function runExtensionTests(options: {
  /** The suite, a TypeScript file exporting `run(): Promise<void>`. */
  suite: string;
  /** The workspace folder to open. */
  folder: string;
  /** The extension under development; default this checkout (its dist/ bundle and native/ binary). */
  extensionDevelopmentPath?: string;
  timeoutMs?: number;
}): Promise<ExtensionTestRun> {
  const outDir = mkdtempSync(join(tmpdir(), 'ga-extension-tests-'));
  const server = await startCodeServer({ flags: ['--vscode-option', 'enable-smoke-test-driver'] });
  const browser = await launchBrowser().catch(async (err) => {
    await server.stop();
    throw err;
  });
  try {
    const suite = await bundleSuite(options.suite, outDir);
    const page = await browser.newPage();
    const log: string[] = [];
    let finish: (code: number) => void = () => {};
    const exited = new Promise<number>((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      log.push(`${type}: ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    // Paths on the server, as the workbench names them: vscode-remote://<host:port>/<path>.
    const remote = (path: string) => `vscode-remote://127.0.0.1:${server.port}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(options.extensionDevelopmentPath ?? root)],
      ['extensionTestsPath', remote(suite)],
    ];
    await page.goto(`${server.folderUrl(options.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const timeoutMs = options.timeoutMs ?? 120_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the extension tests did not finish within ${timeoutMs} ms:\n${log.join('\n')}`)), timeoutMs);
    });
    const exitCode = await Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
    return { exitCode, log };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(outDir, { recursive: true, force: true });
  }
}
