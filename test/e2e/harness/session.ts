// One editor session: code-server with the VSIX, chromium on the workbench for a folder.
// Tests use it through useEditor(), which stops it after each test.

import { existsSync, readFileSync } from 'node:fs';

import { chromium, type Browser } from 'playwright-core';

import { manifestFile, type VsixManifest } from '../../../scripts/package.mjs';
import { chromiumArgs, chromiumPath } from '../../../scripts/editor/tools.mjs';
import { startCodeServer, type CodeServer } from './codeServer';
import { Workbench } from './workbench';

/** The VSIX files `npm run package` made (build/vsix/manifest.json). */
export function packagedVsix(): VsixManifest {
  if (!existsSync(manifestFile)) throw new Error(`${manifestFile} is missing: run npm run package first`);
  return JSON.parse(readFileSync(manifestFile, 'utf8')) as VsixManifest;
}

export interface EditorSession {
  server: CodeServer;
  browser: Browser;
  workbench: Workbench;
}

export interface EditorOptions {
  /** The VSIX to install; default the platform VSIX for this machine. */
  vsix?: string;
  /** The workspace folder to open. */
  folder: string;
  /** User settings written before the editor starts. */
  settings?: Record<string, unknown>;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
}

/** Starts code-server and chromium; stops both if either fails to come up. */
export async function startEditor(options: EditorOptions): Promise<EditorSession> {
  const server = await startCodeServer({ vsix: options.vsix ?? packagedVsix().platform.file, settings: options.settings });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const workbench = new Workbench(page);
    await workbench.open(server.folderUrl(options.folder));
    return { server, browser, workbench };
  } catch (err) {
    await browser?.close();
    await server.stop();
    throw err;
  }
}

export async function stopEditor(session: EditorSession): Promise<void> {
  try {
    await session.browser.close();
  } finally {
    await session.server.stop();
  }
}
