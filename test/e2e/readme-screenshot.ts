// Takes the README's screenshots of the extension running in code-server on this checkout:
//   media/screenshot.png          src/extension.ts with file blame on and the cursor's inline
//                                 annotation, the author report (Authors tab) beside it
//   media/screenshot-report.png   the report's Authors tab alone, full width
//   npx tsx test/e2e/readme-screenshot.ts          starts its own editor (needs npm run package)
//   npx tsx test/e2e/readme-screenshot.ts URL      uses a running one, e.g. npm start's
// It also checks what it shows: file blame labels and the annotation are drawn, and the report's
// footer must name the native engine.

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
    // No minimap: the file's width goes to the code and the annotation after it.
    session = await startEditor({ folder: root, settings: { 'editor.minimap.enabled': false } });
    workbench = session.workbench;
    close = () => stopEditor(session!);
  }
  try {
    const FILE = 'src/extension.ts';
    const LINE = 19; // a short line (`  };`) in the first screenful: its annotation fits beside it
    await workbench.openFile(FILE);
    await workbench.runCommand('Git Authorship: Toggle File Blame');
    await workbench.waitFor(() => workbench.readBeforeDecorations(), (ds) => ds.some((d) => d.text.trim() !== ''), 'file blame labels');

    // The report opens beside the file; it must have been made by the native engine.
    await workbench.runCommand('Git Authorship: Analyze Workspace');
    await workbench.waitForWebviewTable('#authors-table', (rows) => rows.length > 2, 120_000);
    const footer = (await (await workbench.webviewFrame('#footer')).locator('#footer').textContent()) ?? '';
    console.log(footer);
    if (!/^Engine: native /.test(footer)) throw new Error(`the native engine is not running: ${footer}`);

    // Back in the file, with room for both: the cursor on a line shows its inline annotation.
    await workbench.runCommand('View: Close Primary Side Bar');
    await workbench.runCommand('View: Focus First Editor Group');
    // The file gets a little more than half the width (the sash between the two editor groups, dragged).
    const page = workbench.page;
    const sash = await page.locator('.part.editor .monaco-sash.vertical').first().boundingBox();
    if (sash) {
      const y = sash.y + sash.height / 2;
      await page.mouse.move(sash.x + sash.width / 2, y);
      await page.mouse.down();
      await page.mouse.move(780, y, { steps: 10 });
      await page.mouse.up();
    }
    await workbench.goToLine(LINE);
    const annotation = await workbench.waitFor(
      () => workbench.readInlineDecorations(),
      (ds) => ds.some((d) => d.line === LINE && d.text.trim() !== ''),
      `the inline annotation on line ${LINE}`,
    );
    console.log(annotation.find((d) => d.line === LINE)!.text);
    // The pointer off anything with a tooltip or hover.
    await page.mouse.move(25, 650);
    await page.waitForTimeout(1000);
    const file = join(root, 'media', 'screenshot.png');
    await workbench.page.screenshot({ path: file });
    console.log(`wrote ${file}`);

    // The report alone: its group maximized.
    await workbench.runCommand('View: Focus Last Editor Group');
    await workbench.runCommand('View: Toggle Maximize Editor Group');
    await workbench.waitForWebviewTable('#authors-table', (rows) => rows.length > 2);
    await page.mouse.move(25, 650);
    await page.waitForTimeout(1000);
    const report = join(root, 'media', 'screenshot-report.png');
    await workbench.page.screenshot({ path: report });
    console.log(`wrote ${report}`);
  } finally {
    await close();
  }
}

main(process.argv[2]).catch((err) => {
  console.error(err);
  process.exit(1);
});
