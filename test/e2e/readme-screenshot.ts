// Takes the README's screenshot (media/screenshot.png): the extension running in code-server on this
// checkout, after "Git Authorship: Show Engine Info" with its details open.
//   npx tsx test/e2e/readme-screenshot.ts          starts its own editor (needs npm run package)
//   npx tsx test/e2e/readme-screenshot.ts URL      uses a running one, e.g. npm start's
// It also checks what it shows: the notification must name the native engine.

import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { chromiumArgs, chromiumPath, root } from '../../scripts/editor/tools.mjs';
import { startEditor, stopEditor, type EditorSession } from './harness/session';
import { Workbench } from './harness/workbench';

async function main(url: string | undefined): Promise<void> {
  let session: EditorSession | undefined;
  let workbench: Workbench;
  let close: () => Promise<void>;
  if (url) {
    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
    workbench = new Workbench(await browser.newPage({ viewport: { width: 1400, height: 900 } }));
    await workbench.open(url);
    close = () => browser.close();
  } else {
    session = await startEditor({ folder: root });
    workbench = session.workbench;
    close = () => stopEditor(session!);
  }
  try {
    await workbench.openFile('src/extension.ts');
    await workbench.runCommand('Git Authorship: Show Engine Info');
    const message = await workbench.waitForNotification(/^Git Authorship: /);
    console.log(message);
    if (!/native engine/.test(message)) throw new Error('the native engine is not running');
    await workbench.page.locator('.notification-toast .monaco-button', { hasText: 'Show Details' }).click();
    await workbench.page.locator('.output-view, .panel .monaco-editor', { hasText: 'Engine: native' }).first().waitFor({ timeout: 30_000 });
    await workbench.runCommand('Git Authorship: Show Engine Info');
    await workbench.waitForNotification(/^Git Authorship: /);
    const file = join(root, 'media', 'screenshot.png');
    await workbench.page.screenshot({ path: file });
    console.log(`wrote ${file}`);
  } finally {
    await close();
  }
}

main(process.argv[2]).catch((err) => {
  console.error(err);
  process.exit(1);
});
