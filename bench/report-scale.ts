// The report panel at scale, in a real browser: a synthetic analysis of 10,000 files × 1,000 authors
// (bench/scale-analysis.ts) posted to the real webview bundle (dist/webview) in Debian's chromium,
// and the time from each action to the frame that shows its result, measured inside the page.
//
//   node esbuild.js --production && npx tsx bench/report-scale.ts [--files N] [--authors N] [--seed N] [--profile DIR]
//
// The page is the panel's own HTML (src/panel/reportPage.ts) under its CSP, served from a made-up
// origin by request interception: nothing goes to the network. bench/report-scale-probe.js stands
// in for VS Code's webview host. Every step is checked (rows drawn, order, filter, last row
// reachable, few <tr>s): a wrong result exits with 1. --profile writes one .cpuprofile per step.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { chromium, type CDPSession } from 'playwright-core';

import { chromiumArgs, chromiumPath, root } from '../scripts/editor/tools.mjs';
import { reportPage } from '../src/panel/reportPage';
import { buildRepositoryReport } from '../src/report/model';
import { scaleAnalysis, scaleRun, SCALE_NOW } from './scale-analysis';

const ORIGIN = 'https://report.webview.invalid';
/** A step slower than this freezes the page noticeably (the issue's "stays smooth"). */
const BUDGET_MS = 200;
/** Virtualized: a screenful of rows plus overscan per table, never one <tr> per row. */
const MAX_ROWS_IN_DOM = 400;
/** A few of the variables VS Code sets on the webview's <html> (Dark Modern). */
const THEME = `:root { --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace;
  --vscode-foreground: #cccccc; --vscode-editor-background: #1f1f1f; --vscode-descriptionForeground: #9d9d9d;
  --vscode-panel-border: #2b2b2b; --vscode-focusBorder: #0078d4; --vscode-textLink-foreground: #4daafc;
  --vscode-list-hoverBackground: #2a2d2e; --vscode-badge-background: #616161; --vscode-badge-foreground: #f8f8f8; }`;

const { values: args } = parseArgs({
  options: {
    files: { type: 'string', default: '10000' },
    authors: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '7' },
    profile: { type: 'string' },
  },
});

interface Timing {
  ms: number;
  syncMs: number;
  longestTaskMs: number;
}
interface Row {
  index: number;
  cells: string[];
}
interface StepResult extends Timing {
  step: string;
  trs: number;
}

const failures: string[] = [];
function check(ok: boolean, what: string): void {
  if (!ok) failures.push(what);
}

async function main(): Promise<void> {
  const bundle = join(root, 'dist', 'webview');
  if (!existsSync(join(bundle, 'report.js'))) throw new Error('dist/webview/report.js is missing: run `node esbuild.js --production` first');

  const analysis = scaleAnalysis({ files: Number(args.files), authors: Number(args.authors), maxAuthorsPerFile: 8, seed: Number(args.seed) });
  const expected = buildRepositoryReport(analysis, { now: SCALE_NOW });
  const message = JSON.stringify({ type: 'result', run: scaleRun(analysis) });
  console.log(`${analysis.files.length} files, ${analysis.authors.length} authors, ${analysis.cells.length} author×file cells; first message ${(message.length / 1e6).toFixed(1)} MB of JSON`);

  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const nonce = 'bench-nonce';
    const html = reportPage({ nonce, cspSource: ORIGIN, script: `${ORIGIN}/report.js`, style: `${ORIGIN}/report-style.css` })
      // VS Code puts its default styles and the theme's variables into every webview, as here.
      .replace('<title>', `<style nonce="${nonce}">${THEME}</style>\n<title>`);
    const assets: Record<string, [string, string | Buffer]> = {
      '/index.html': ['text/html', html],
      '/report.js': ['text/javascript', readFileSync(join(bundle, 'report.js'))],
      '/report-style.css': ['text/css', readFileSync(join(bundle, 'report-style.css'))],
    };
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      const asset = url.origin === ORIGIN ? assets[url.pathname] : undefined;
      return asset ? route.fulfill({ contentType: asset[0], body: asset[1] }) : route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript({ path: join(root, 'bench', 'report-scale-probe.js') });
    await page.goto(`${ORIGIN}/index.html`);
    await page.waitForFunction(`window.__scale.posted.some((m) => m.type === 'ready')`);
    const cdp = await context.newCDPSession(page);
    const heapBefore = await heapMb(cdp);

    // The message arrives as VS Code delivers it: window.postMessage (a structured clone), timed from the post.
    await page.evaluate((json) => void ((globalThis as unknown as { __message: unknown }).__message = JSON.parse(json)), message);
    const results: StepResult[] = [];
    const step = async (name: string, action: string, done: string): Promise<void> => {
      if (args.profile) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
      const t = (await page.evaluate(`window.__scale.timed(() => { ${action} }, () => ${done})`).catch((err: Error) => {
        throw new Error(`${name}: ${err.message}${errors.length ? `\npage errors: ${errors.join('\n')}` : ''}`);
      })) as Timing;
      if (args.profile) {
        const { profile } = await cdp.send('Profiler.stop');
        mkdirSync(args.profile, { recursive: true });
        writeFileSync(join(args.profile, `${name.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`), JSON.stringify(profile));
      }
      const trs = (await page.evaluate(`document.querySelectorAll('tr').length`)) as number;
      check(trs <= MAX_ROWS_IN_DOM, `${name}: ${trs} <tr>s in the DOM (virtualized tables keep a few dozen)`);
      results.push({ step: name, trs, ...t });
    };
    const rows = (table: string): Promise<Row[]> => page.evaluate(`window.__scale.rows(${JSON.stringify(table)})`) as Promise<Row[]>;
    const column = async (table: string, header: string): Promise<number> =>
      ((await page.evaluate(`window.__scale.headers(${JSON.stringify(table)})`)) as { column: string }[]).findIndex((h) => h.column === header);

    await step('first message → Authors drawn', `window.postMessage(window.__message, '*')`, `window.__scale.rows('authors').length > 0`);
    const authorRows = await rows('authors');
    check(authorRows[0]?.cells[1] === expected.authors[0]!.name, `Authors: first row is ${authorRows[0]?.cells[1]}, expected ${expected.authors[0]!.name}`);

    // Authors is shown already; each other tab is shown by a click, then sorted twice.
    const tables = [
      { id: 'authors', count: expected.authors.length, text: 'Author' },
      { id: 'files', count: expected.files.length, text: 'File' },
      { id: 'authors-files', count: expected.authorsFiles.length, text: 'File' },
      { id: 'files-authors', count: expected.filesAuthors.length, text: 'Author' },
    ];
    for (const t of tables) {
      const label = `${t.id} (${t.count.toLocaleString('en-US')} rows)`;
      if (t.id !== 'authors') await step(`tab ${label}`, `window.__scale.clickTab('${t.id}')`, `window.__scale.rows('${t.id}').length > 0`);
      for (const [header, numeric] of [['Insertions', true], [t.text, false]] as const) {
        await step(`sort ${t.id} by ${header}`, `window.__scale.clickHeader('${t.id}', '${header}')`, `window.__scale.headers('${t.id}').some((h) => h.column === '${header}' && h.sort !== 'none')`);
        const index = await column(t.id, header);
        const shown = (await rows(t.id)).map((r) => r.cells[index]!);
        const key = (v: string): number | string => (numeric ? Number(v.replace(/,/g, '')) : v.toLowerCase());
        // Numbers: largest first on the first click; text: A to Z.
        const sorted = shown.every((v, i) => i === 0 || (numeric ? key(shown[i - 1]!) >= key(v) : key(shown[i - 1]!) <= key(v)));
        check(shown.length > 0 && sorted, `${t.id} sorted by ${header}: rows out of order: ${shown.slice(0, 5).join(' | ')}`);
      }
    }

    const pairs = expected.filesAuthors.length;
    await step('scroll files-authors to the bottom', `const s = document.getElementById('files-authors-scroll'); s.scrollTop = s.scrollHeight;`, `window.__scale.lastRowShown('files-authors', ${pairs - 1})`);

    const needle = 'module1';
    await step(`filter "${needle}" (incl. 120 ms debounce)`, `window.__scale.typeFilter('${needle}')`, `window.__scale.state()?.filter === '${needle}'`);
    const filtered = await rows('files-authors');
    check(filtered.length > 0 && filtered.every((r) => r.cells.some((c) => c.toLowerCase().includes(needle))), `filter "${needle}": a row without it`);
    await step('clear the filter (incl. debounce)', `window.__scale.typeFilter('')`, `window.__scale.state()?.filter === ''`);

    // The first person shown (the table is sorted by Author now), chosen by clicking their name.
    const authorColumn = await column('files-authors', 'Author');
    const person = (await rows('files-authors'))[0]?.cells[authorColumn] ?? '';
    await step(
      `click author ${person}`,
      `[...document.querySelectorAll('#files-authors-table a.author-link')].find((a) => a.textContent === ${JSON.stringify(person)}).click()`,
      `window.__scale.state()?.author !== undefined`,
    );
    check((await rows('files-authors')).every((r) => r.cells[authorColumn] === person), `author ${person}: a Files-Authors row of someone else`);
    // Authors last: a hidden tab's table draws no rows (its scroller has no size), so it is read while shown.
    for (const t of ['files', 'authors-files', 'authors']) {
      await step(`tab ${t}, one author`, `window.__scale.clickTab('${t}')`, `window.__scale.rows('${t}').length > 0`);
    }
    const chosen = await rows('authors');
    check(chosen.length === 1 && chosen[0]!.cells[1] === person, `one author chosen: the Authors tab shows ${chosen.map((r) => r.cells[1]).join(', ')}`);
    await step('clear the author', `document.getElementById('clear-author').click()`, `window.__scale.state()?.author === undefined`);

    const heapAfter = await heapMb(cdp);
    check(errors.length === 0, `page errors: ${errors.join('; ')}`);
    print(results, heapBefore, heapAfter);
  } finally {
    await browser.close();
  }
  if (failures.length) {
    console.error(`WRONG:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}

/** The page's JS heap after a full collection, in MB. */
async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize / 1e6;
}

function print(results: StepResult[], heapBefore: number, heapAfter: number): void {
  const pad = (s: string, n: number): string => s.padStart(n);
  console.log(`\n${'step'.padEnd(44)} ${pad('to frame ms', 11)} ${pad('handler ms', 10)} ${pad('longest task', 12)} ${pad('<tr>s', 6)}`);
  for (const r of results) {
    const slow = r.longestTaskMs > BUDGET_MS ? `  > ${BUDGET_MS} ms` : '';
    console.log(`${r.step.padEnd(44)} ${pad(r.ms.toFixed(0), 11)} ${pad(r.syncMs.toFixed(0), 10)} ${pad(r.longestTaskMs.toFixed(0), 12)} ${pad(String(r.trs), 6)}${slow}`);
  }
  console.log(`\nJS heap: ${heapBefore.toFixed(1)} MB before the first message, ${heapAfter.toFixed(1)} MB after the steps (after a collection)`);
  console.log('"to frame": from the action to the first frame that shows its result; "handler": the synchronous part of the action itself;');
  console.log('"longest task": the longest the page stayed unresponsive meanwhile (0 = no task of 50 ms or more).');
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
