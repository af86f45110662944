// The workspace author report in a real VS Code (code-server + chromium), as a person uses it:
// "Git Authorship: Analyze Workspace" from the palette, the Authors table read from the webview and
// compared with git's own numbers, sorting, filtering by an author, opening a file, exports read back
// (the HTML one in a second headless chromium), screenshots of each tab in dark and light themes,
// and a long analysis cancelled. One editor session for all of it (each start costs ~15 s here).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

import { expect, onTestFinished, test } from 'vitest';

import { ensureRepo, QUICK_PARAMS } from '../../bench/generate';
import { isolatedGitEnv, RepoBuilder } from '../fixtures/builder';
import { root } from '../../scripts/editor/tools.mjs';
import { launchBrowser } from './harness/session';
import { useEditor } from './harness/useEditor';
import type { Workbench } from './harness/workbench';
import { runExtensionTests } from './harness/extensionTests';
import { readSummary } from '../extension-host/runner';

const editor = useEditor();
const OUTPUT_LOG = /Git Authorship\.log$/;

const ALICE = 'Alice Archer <alice@example.com>';
const BOB = 'Bob Baker <bob@example.com>';
const CAROL = 'Carol Chen <carol@example.com>';
/** Repository text is untrusted: this commit message must show as text in the Blame tab. */
const EVIL_MESSAGE = '<img src=x onerror="document.title=\'pwned\'"> b';
const lines = (prefix: string, from: number, to: number): string => Array.from({ length: to - from + 1 }, (_, i) => `export const ${prefix}${from + i} = ${from + i};\n`).join('');

/**
 * Three people: Alice writes a.ts (10 lines), Bob rewrites 2 of them and writes b.ts (4), Carol
 * writes c.ts (6), Alice appends 2 lines to b.ts. No comments, no empty lines: every line counts.
 */
function fixture(): RepoBuilder {
  const repo = RepoBuilder.create();
  repo.write('src/a.ts', lines('a', 1, 10)).commit('a', ALICE);
  repo.write('src/a.ts', lines('a', 1, 2) + lines('b', 3, 4) + lines('a', 5, 10)).write('src/b.ts', lines('x', 1, 4)).commit(EVIL_MESSAGE, BOB);
  repo.write('src/c.ts', lines('c', 1, 6)).commit('c', CAROL);
  repo.append('src/b.ts', lines('x', 5, 6)).commit('more b', ALICE);
  return repo;
}

/** git's own numbers per author: `git blame -w` lines, `git log --numstat -w` insertions/deletions, commits. */
function gitNumbers(repo: RepoBuilder): Map<string, { lines: number; insertions: number; deletions: number; commits: number }> {
  const per = new Map<string, { lines: number; insertions: number; deletions: number; commits: number }>();
  const at = (name: string) => per.get(name) ?? (per.set(name, { lines: 0, insertions: 0, deletions: 0, commits: 0 }), per.get(name)!);
  for (const file of repo.git(['ls-tree', '-r', '--name-only', 'HEAD']).split('\n').filter(Boolean)) {
    for (const line of repo.git(['blame', '-w', '--line-porcelain', 'HEAD', '--', file]).split('\n')) {
      if (line.startsWith('author ')) at(line.slice(7)).lines++;
    }
  }
  let who = '';
  for (const line of repo.git(['log', '-w', '--numstat', '--format=@%aN']).split('\n')) {
    if (line.startsWith('@')) {
      who = line.slice(1);
      at(who).commits++;
    } else if (/^\d+\t\d+\t/.test(line)) {
      const [a, d] = line.split('\t');
      at(who).insertions += Number(a);
      at(who).deletions += Number(d);
    }
  }
  return per;
}

const pct = (part: number, whole: number): string => ((100 * part) / whole).toFixed(1);
const bodyRows = (rows: string[][]): string[][] => rows.slice(1).filter((r) => r.some((c) => c !== ''));
const AGE = /^\d+:\d\d:\d\d$/;

async function screenshotTabs(workbench: Workbench, theme: string): Promise<void> {
  for (const tab of ['authors', 'authors-files', 'files-authors', 'files', 'blame', 'timeline']) {
    await workbench.clickInWebview(`vscode-tab-header[data-tab="${tab}"]`);
    if (tab === 'timeline') await (await workbench.webviewFrame('#chart-timeline')).locator('#chart-timeline canvas').waitFor();
    else await workbench.waitForWebviewTable(`#${tab}-table`, (rows) => bodyRows(rows).length > 0);
    await workbench.screenshot(`report-${tab}-${theme}`);
  }
  await workbench.clickInWebview('vscode-tab-header[data-tab="authors"]');
}

/** The colour the share chart's axis labels were last drawn in, and the theme's foreground now. */
async function chartColours(workbench: Workbench): Promise<{ stroke: string | undefined; foreground: string }> {
  const frame = await workbench.webviewFrame('#chart-lines');
  return frame.evaluate(() => ({
    stroke: document.getElementById('chart-lines')?.dataset.axisStroke,
    foreground: getComputedStyle(document.body).getPropertyValue('--vscode-foreground').trim(),
  }));
}

async function exportVia(workbench: Workbench, button: string, target: string): Promise<string> {
  await workbench.clickInWebview(button);
  // code-server's save dialog is VS Code's simple file dialog: a quick input holding a path.
  await workbench.submitQuickInput(target);
  for (let i = 0; i < 120 && !existsSync(target); i++) await workbench.page.waitForTimeout(250);
  return readFileSync(target, 'utf8');
}

test('Analyze Workspace: the tables, sorting, author filter, opening a file, exports, themes, and cancel', async () => {
  // Made first, so the editor does not share the machine with the generator.
  const big = await ensureRepo({ ...QUICK_PARAMS }, join(root, 'bench', '.cache'), () => undefined);
  const repo = fixture();
  const out = mkdtempSync(join(tmpdir(), 'ga-report-export-'));
  onTestFinished(() => {
    repo.cleanup();
    rmSync(out, { recursive: true, force: true });
  });
  const { server, workbench } = await editor.start({ folder: repo.dir, settings: { 'workbench.colorTheme': 'Default Dark Modern' } });

  // --- the Authors table against git --------------------------------------------------------
  await workbench.runCommand('Git Authorship: Analyze Workspace');
  const table = await workbench.waitForWebviewTable('#authors-table', (rows) => bodyRows(rows).length >= 3, 90_000);
  const git = gitNumbers(repo);
  const total = { lines: 0, insertions: 0 };
  for (const n of git.values()) {
    total.lines += n.lines;
    total.insertions += n.insertions;
  }
  // Hand-computed from the fixture, and git agrees.
  expect(Object.fromEntries(git)).toEqual({
    'Alice Archer': { lines: 10, insertions: 12, deletions: 0, commits: 2 },
    'Bob Baker': { lines: 6, insertions: 6, deletions: 2, commits: 1 },
    'Carol Chen': { lines: 6, insertions: 6, deletions: 0, commits: 1 },
  });
  expect(table[0]).toEqual(['ID', 'Author', 'Email', 'Lines', 'Insertions', 'Deletions', '% Lines', '% Insertions', 'Stability', 'Commits', 'Age', 'Line Age']);
  const rows = bodyRows(table);
  const expected = [
    ['1', 'Alice Archer', 'alice@example.com'],
    ['2', 'Bob Baker', 'bob@example.com'],
    ['3', 'Carol Chen', 'carol@example.com'],
  ].map(([id, name, email]) => {
    const n = git.get(name!)!;
    return [id, name, email, String(n.lines), String(n.insertions), String(n.deletions), pct(n.lines, total.lines), pct(n.insertions, total.insertions), String(Math.min(100, Math.round((100 * n.lines) / n.insertions))), String(n.commits)];
  });
  // The body rows, then the totals row (tfoot).
  expect(rows.map((r) => r.slice(0, 10))).toEqual([...expected, ['', 'Total', '', '22', '24', '2', '100.0', '100.0', '92', '4']]);
  for (const r of rows) expect([r[10], r[11]]).toEqual([expect.stringMatching(AGE), expect.stringMatching(AGE)]);
  expect(await workbench.activeTabTitle()).toBe('Git Authorship Report');

  // The footer names the engine and what was analysed.
  const footer = await (await workbench.webviewFrame('#footer')).locator('#footer').textContent();
  expect(footer).toMatch(/^Engine: native \d+\.\d+\.\d+ · .*3 files, 4 commits, 22 lines analysed · no files skipped · total /);

  // --- sort: a text column twice (ascending, then descending), a number column once (largest first)
  await workbench.clickInWebview('#authors-table th[data-column="Author"]');
  await workbench.clickInWebview('#authors-table th[data-column="Author"]');
  let sorted = await workbench.waitForWebviewTable('#authors-table', (r) => bodyRows(r)[0]?.[1] === 'Carol Chen');
  expect(bodyRows(sorted).map((r) => r[1])).toEqual(['Carol Chen', 'Bob Baker', 'Alice Archer', 'Total']);
  await workbench.clickInWebview('#authors-table th[data-column="Deletions"]');
  sorted = await workbench.waitForWebviewTable('#authors-table', (r) => bodyRows(r)[0]?.[1] === 'Bob Baker');
  // Ties keep the model's order (lines, then insertions, then name).
  expect(bodyRows(sorted).map((r) => r[1])).toEqual(['Bob Baker', 'Alice Archer', 'Carol Chen', 'Total']);

  // --- the Blame tab: the first file of the Files table, line by line as git blame -w has it ----
  await workbench.clickInWebview('vscode-tab-header[data-tab="blame"]');
  const blame = await workbench.waitForWebviewTable('#blame-table', (r) => bodyRows(r).length === 10);
  expect(blame[0]).toEqual(['ID', 'Author', 'Date', 'Message', 'SHA', 'Line', 'Code']);
  const gitBlame: string[][] = [];
  let author = '';
  let sha = '';
  for (const line of repo.git(['blame', '-w', '--line-porcelain', 'HEAD', '--', 'src/a.ts']).split('\n')) {
    if (/^[0-9a-f]{40} /.test(line)) sha = line.slice(0, 8);
    else if (line.startsWith('author ')) author = line.slice(7);
    else if (line.startsWith('\t')) gitBlame.push([author, sha, String(gitBlame.length + 1), line.slice(1)]);
  }
  expect(bodyRows(blame).map((r) => [r[1]!, r[4]!, r[5]!, r[6]!])).toEqual(gitBlame);
  expect(bodyRows(blame).map((r) => r[0])).toEqual(['1', '1', '2', '2', '1', '1', '1', '1', '1', '1']);
  expect(bodyRows(blame)[2]![3]).toBe(EVIL_MESSAGE);
  const blameFrame = await workbench.webviewFrame('#blame-table');
  expect(await blameFrame.locator('img').count()).toBe(0);
  expect(await blameFrame.evaluate(() => document.title)).not.toBe('pwned');
  await workbench.clickInWebview('#blame-files-table a.blame-file-link', { hasText: 'src/c.ts' });
  const blameC = await workbench.waitForWebviewTable('#blame-table', (r) => bodyRows(r).length === 6 && bodyRows(r)[0]![6] === lines('c', 1, 1).trimEnd());
  expect(new Set(bodyRows(blameC).map((r) => r[1]))).toEqual(new Set(['Carol Chen']));

  // --- the Timeline tab: share charts and a line per person (uPlot's legend names them) ----------
  await workbench.clickInWebview('vscode-tab-header[data-tab="timeline"]');
  const charts = await workbench.webviewFrame('#chart-timeline');
  await charts.locator('#chart-timeline canvas').waitFor();
  expect(await charts.locator('#chart-lines canvas, #chart-insertions canvas').count()).toBe(2);
  const legend = await charts.locator('#chart-timeline .u-legend .u-series th').allTextContents();
  expect(legend.map((t) => t.trim())).toEqual(['Month', 'Alice Archer', 'Bob Baker', 'Carol Chen']);
  // All the commits fall in one month: the x axis spans that month and one on each side (uPlot's
  // default range for a single point runs years past it).
  const times = repo.git(['log', '--format=%at']).split('\n').filter(Boolean).map(Number);
  const month = (t: number, delta: number): number => {
    const d = new Date(t * 1000);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + delta, 1) / 1000;
  };
  expect(month(Math.min(...times), 0)).toBe(month(Math.max(...times), 0));
  expect(await charts.locator('#chart-timeline').getAttribute('data-x-range')).toBe(`${month(times[0]!, -1)},${month(times[0]!, 1)}`);

  // --- screenshots of each tab in the dark theme, then the light one -----------------------------
  await screenshotTabs(workbench, 'dark');
  const dark = await chartColours(workbench);
  expect(dark.stroke).toBe(dark.foreground);
  await workbench.runCommand('Preferences: Color Theme');
  await workbench.pickQuickPickItem('Light Modern');
  await workbench.page.locator('.monaco-workbench.vs:not(.vs-dark)').waitFor({ timeout: 30_000 });
  await workbench.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await screenshotTabs(workbench, 'light');
  // The charts were drawn again in the light theme's colours (a canvas keeps the old ones otherwise:
  // pale labels on white).
  const light = await chartColours(workbench);
  expect(light.foreground).not.toBe(dark.foreground);
  expect(light.stroke).toBe(light.foreground);
  // High contrast, switched while the Timeline tab is showing (drawn again at once), then the
  // Authors and Blame tabs (theme variables only, so the rest reads the same way).
  await workbench.clickInWebview('vscode-tab-header[data-tab="timeline"]');
  await workbench.runCommand('Preferences: Color Theme');
  await workbench.pickQuickPickItem('Dark High Contrast', 30_000, { type: true });
  await workbench.page.locator('.monaco-workbench.hc-black').waitFor({ timeout: 30_000 });
  await workbench.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await expect.poll(async () => (await chartColours(workbench)).stroke).not.toBe(light.stroke);
  const contrast = await chartColours(workbench);
  expect(contrast.stroke).toBe(contrast.foreground);
  await workbench.screenshot('report-timeline-high-contrast');
  await workbench.clickInWebview('vscode-tab-header[data-tab="authors"]');
  await workbench.waitForWebviewTable('#authors-table', (rows) => bodyRows(rows).length > 0);
  await workbench.screenshot('report-authors-high-contrast');
  await workbench.clickInWebview('vscode-tab-header[data-tab="blame"]');
  await workbench.waitForWebviewTable('#blame-table', (rows) => bodyRows(rows).length > 0);
  await workbench.screenshot('report-blame-high-contrast');
  await workbench.clickInWebview('vscode-tab-header[data-tab="authors"]');

  // --- the text filter, then an author filter that every tab follows ---------------------------
  await workbench.fillInWebview('#filter', 'carol');
  let filtered = await workbench.waitForWebviewTable('#authors-table', (r) => bodyRows(r).length === 2);
  expect(bodyRows(filtered).map((r) => r[1])).toEqual(['Carol Chen', 'Total']);
  await workbench.fillInWebview('#filter', '');
  await workbench.waitForWebviewTable('#authors-table', (r) => bodyRows(r).length === 4);
  await workbench.clickInWebview('#authors-table a.author-link', { hasText: 'Bob Baker' });
  filtered = await workbench.waitForWebviewTable('#authors-table', (r) => bodyRows(r).length === 2);
  expect(bodyRows(filtered).map((r) => r[1])).toEqual(['Bob Baker', 'Total']);
  await workbench.clickInWebview('vscode-tab-header[data-tab="files"]');
  const files = await workbench.waitForWebviewTable('#files-table', (r) => bodyRows(r).length === 3);
  expect(bodyRows(files).map((r) => r[1])).toEqual(['src/a.ts', 'src/b.ts', 'Total']);
  await workbench.clickInWebview('vscode-tab-header[data-tab="authors-files"]');
  const pairs = await workbench.waitForWebviewTable('#authors-files-table', (r) => bodyRows(r).length === 2);
  expect(bodyRows(pairs).map((r) => [r[0], r[1], r[2]])).toEqual([
    ['Bob Baker', 'src/b.ts', '4'],
    ['Bob Baker', 'src/a.ts', '2'],
  ]);

  await workbench.clickInWebview('vscode-tab-header[data-tab="blame"]');
  await workbench.clickInWebview('#blame-files-table a.blame-file-link', { hasText: 'src/a.ts' });
  const bobsLines = await workbench.waitForWebviewTable('#blame-table', (r) => bodyRows(r).length === 2 && bodyRows(r)[0]?.[5] === '3');
  expect(bodyRows(bobsLines).map((r) => [r[1], r[5]])).toEqual([
    ['Bob Baker', '3'],
    ['Bob Baker', '4'],
  ]);
  expect(bodyRows(await workbench.readWebviewTable('#blame-files-table')).map((r) => r[0])).toEqual(['src/a.ts', 'src/b.ts']);

  // --- a click on a file opens it in the editor ------------------------------------------------
  await workbench.clickInWebview('vscode-tab-header[data-tab="files"]');
  await workbench.clickInWebview('#files-table a.file-link', { hasText: 'src/b.ts' });
  await workbench.page.locator('.tabs-container .tab.active', { hasText: 'b.ts' }).waitFor({ timeout: 30_000 });
  expect(await workbench.activeTabTitle()).toBe('b.ts');
  // ... with file blame on (inline blame's gitAuthorship.showFileBlame): Bob's 4 lines, then Alice's 2.
  const labels = await workbench.waitFor(
    () => workbench.readBeforeDecorations(),
    (ds) => ds.filter((d) => d.line >= 1 && d.line <= 6).length === 6,
    'file blame labels on the 6 lines of src/b.ts',
  );
  expect(labels.filter((d) => d.line <= 6 && d.text.trim() !== '').map((d) => [d.line, d.text.replace(/^\d{4}-\d{2}-\d{2} /, '')])).toEqual([
    [1, 'Bob Baker'],
    [5, 'Alice Archer'],
  ]);

  // --- exports through the panel's buttons and the save dialog, read back ---------------------
  await workbench.clickInWebview('#clear-author');
  await workbench.clickInWebview('vscode-tab-header[data-tab="authors"]');
  const csv = await exportVia(workbench, '#export-csv', join(out, 'authors.csv'));
  expect(csv.split('\r\n').slice(0, 4)).toEqual([
    'ID,Author,Email,Aliases,Lines,Insertions,Deletions,% Lines,% Insertions,Scaled % Lines,Scaled % Insertions,Stability,Commits,Age,Line Age',
    expect.stringMatching(/^1,Alice Archer,alice@example\.com,Alice Archer <alice@example\.com>,10,12,0,45\.5,50,136\.4,150,83,2,\d+:\d\d:\d\d,\d+:\d\d:\d\d$/),
    expect.stringMatching(/^2,Bob Baker,bob@example\.com,Bob Baker <bob@example\.com>,6,6,2,27\.3,25,81\.8,75,100,1,/),
    expect.stringMatching(/^3,Carol Chen,carol@example\.com,Carol Chen <carol@example\.com>,6,6,0,27\.3,25,81\.8,75,100,1,/),
  ]);
  const json = JSON.parse(await exportVia(workbench, '#export-json', join(out, 'report.json'))) as {
    repositories: { path: string; authors: { name: string; lines: number; insertions: number; deletions: number; commits: number }[] }[];
    performanceStats: { engine: string };
  };
  expect(json.performanceStats.engine).toBe('native');
  expect(json.repositories).toHaveLength(1);
  expect(resolve(json.repositories[0]!.path)).toBe(execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: repo.dir, env: isolatedGitEnv() }).toString().trim());
  expect(json.repositories[0]!.authors.map((a) => [a.name, a.lines, a.insertions, a.deletions, a.commits])).toEqual(
    ['Alice Archer', 'Bob Baker', 'Carol Chen'].map((name) => [name, git.get(name)!.lines, git.get(name)!.insertions, git.get(name)!.deletions, git.get(name)!.commits]),
  );
  const htmlFile = join(out, 'report.html');
  await exportVia(workbench, '#export-html', htmlFile);

  // The HTML report in a browser of its own, offline: the same tables, and sorting works.
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`file://${htmlFile}`);
    const read = (id: string) =>
      page.evaluate((sel) => [...document.querySelectorAll(`${sel} tr`)].map((tr) => [...tr.querySelectorAll('th,td')].map((c) => (c.textContent ?? '').trim())), id);
    const htmlAuthors = await read('#authors-table');
    expect(htmlAuthors.map((r) => r.slice(0, 10))).toEqual([table[0]!.slice(0, 10), ...expected, ['', 'Total', '', '22', '24', '2', '100.0', '100.0', '92', '4']]);
    await page.click('#authors-table th:nth-child(2)');
    await page.click('#authors-table th:nth-child(2)');
    expect((await read('#authors-table tbody')).map((r) => r[1])).toEqual(['Carol Chen', 'Bob Baker', 'Alice Archer']);
    expect((await read('#files-table tbody')).map((r) => r[1])).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts']);
  } finally {
    await browser.close();
  }

  // --- the filter bar: exclude an author and re-run, then save the setting to the workspace ------
  await workbench.clickInWebview('#settings-bar summary');
  await workbench.fillInWebview('#set-excludeAuthors', 'carol*');
  await workbench.clickInWebview('#apply-settings');
  const without = await workbench.waitForWebviewTable('#authors-table', (r) => bodyRows(r).length === 3, 60_000);
  // The Deletions sort chosen earlier holds across the re-run.
  expect(bodyRows(without).map((r) => r.slice(1, 4))).toEqual([
    ['Bob Baker', 'bob@example.com', '6'],
    ['Alice Archer', 'alice@example.com', '10'],
    ['Total', '', '16'],
  ]);
  await workbench.fillInWebview('#set-nFiles', 'many');
  await workbench.clickInWebview('#apply-settings');
  const refused = await (await workbench.webviewFrame('#settings-errors li')).locator('#settings-errors li').first().textContent();
  expect(refused).toBe('gitAuthorship.report.nFiles must be a whole number from 0 to 9007199254740991, got "many"');
  await workbench.fillInWebview('#set-nFiles', '');
  await workbench.clickInWebview('#save-settings');
  await workbench.waitForNotification(/report settings saved/);
  const saved = JSON.parse(readFileSync(repo.path('.vscode/settings.json'), 'utf8')) as Record<string, unknown>;
  expect(saved['gitAuthorship.report.excludeAuthors']).toEqual(['carol*']);

  // --- a reload restores the panel (WebviewPanelSerializer) with its result and view state ------
  const before = await workbench.readWebviewTable('#authors-table');
  await workbench.page.reload();
  await workbench.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const after = await workbench.waitForWebviewTable('#authors-table', (r) => bodyRows(r).length === bodyRows(before).length, 60_000);
  expect(after).toEqual(before);
  expect(await workbench.activeTabTitle()).toBe('Git Authorship Report');

  // --- cancel a long analysis ------------------------------------------------------------------
  // A generated repository (3,000 commits, 400 files; cached in bench/.cache) nested in the
  // workspace. One analysis of it takes about 1.5 s now, less than finding and clicking Cancel, so
  // the workspace gets three more clones of it and "Analyze Workspace" (five repositories, several
  // seconds on two cores) is what gets cancelled, once its progress shows.
  const copies = [1, 2, 3].map((i) => repo.path(`nested/big-copy-${i}`));
  for (const dest of [repo.path('nested/big'), ...copies]) execFileSync('git', ['clone', '-q', '--local', big.path, dest], { env: isolatedGitEnv() });
  const finishedRuns = () => server.readLogs(OUTPUT_LOG).match(/analysis of workspace finished/g)?.length ?? 0;
  const finishedBefore = finishedRuns();
  await workbench.runCommand('Git Authorship: Analyze Workspace');
  // The analysis starts before its notification shows: cancel as soon as the button is there.
  await workbench.waitForNotification(/Git Authorship: analysing 5 repositories/, 30_000);
  const cancelled = Date.now();
  await workbench.clickNotificationButton(/Git Authorship: analysing 5 repositories/, 'Cancel');
  const line = await server.waitForLog(OUTPUT_LOG, /analysis of workspace cancelled; the engine stopped (\d+) ms after the cancel/, 30_000);
  expect(Date.now() - cancelled).toBeLessThan(10_000);
  expect(Number(/stopped (\d+) ms/.exec(line)![1])).toBeLessThan(1000);
  // Nothing finished, no error shown, and the report still shows the small repository.
  expect(finishedRuns()).toBe(finishedBefore);
  expect((await workbench.readNotifications()).filter((n) => /error|failed|could not/i.test(n))).toEqual([]);
  expect(bodyRows(await workbench.readWebviewTable('#authors-table')).map((r) => r[1])).toContain('Alice Archer');
  for (const dest of copies) rmSync(dest, { recursive: true, force: true });

  // --- virtualized rows: the generated repository's ~400 files, only a window of them in the DOM --
  await workbench.runCommand('Git Authorship: Analyze Repository…');
  await workbench.pickQuickPickItem('big');
  await server.waitForLog(OUTPUT_LOG, /analysis of big finished/, 120_000);
  const frame = await workbench.webviewFrame('#footer');
  await frame.locator('#footer', { hasText: /^Engine: native .* · [\d,]{3,} files, / }).waitFor({ timeout: 30_000 });
  const fileCount = Number(/ · ([\d,]+) files, /.exec((await frame.locator('#footer').textContent())!)![1]!.replace(/,/g, ''));
  expect(fileCount).toBeGreaterThan(300);
  await workbench.clickInWebview('vscode-tab-header[data-tab="files"]');
  const top = bodyRows(await workbench.waitForWebviewTable('#files-table', (r) => bodyRows(r)[0]?.[0] === '1'));
  expect(top.length).toBeLessThan(80);
  await frame.locator('#files-scroll').evaluate((e) => e.scrollTo(0, e.scrollHeight));
  const bottom = bodyRows(await workbench.waitForWebviewTable('#files-table', (r) => bodyRows(r).at(-2)?.[0] === String(fileCount)));
  expect(bottom.length).toBeLessThan(80);
  expect(bottom.at(-1)![1]).toBe('Total');

  // --- two repositories in the workspace: the switcher and the combined view ---------------------
  await workbench.runCommand('Git Authorship: Analyze Workspace');
  const select = frame.locator('#repo-select');
  await select.waitFor({ state: 'visible', timeout: 120_000 });
  await select.click();
  await frame.locator('#repo-select [role="option"]', { hasText: 'combined' }).click();
  await frame.locator('#title', { hasText: 'All repositories' }).waitFor({ timeout: 30_000 });
  await frame.locator('#footer', { hasText: /^Engine: native .* · 2 repositories / }).waitFor({ timeout: 30_000 });
  // Files are named <repository>/<path>; the text filter finds the small repository's among the big one's.
  const prefix = `${basename(repo.dir)}/`;
  await workbench.fillInWebview('#filter', prefix);
  const combinedFiles = await workbench.waitForWebviewTable('#files-table', (r) => bodyRows(r).length === 4);
  expect(bodyRows(combinedFiles).map((r) => r[1])).toEqual([`${prefix}src/a.ts`, `${prefix}src/b.ts`, `${prefix}src/c.ts`, 'Total']);
  expect(Number(bodyRows(combinedFiles).at(-1)![2]!.replace(/,/g, ''))).toBeGreaterThan(16);
}, 420_000);

test('the commands through the vscode API: showAuthorInReport (the contract with inline blame), Analyze Folder, exports', async () => {
  const repo = RepoBuilder.create();
  onTestFinished(() => repo.cleanup());
  repo.write('src/a.ts', lines('a', 1, 3)).commit('a', 'Ann Lee <ann@example.com>');
  repo.write('docs/guide.md', 'one\ntwo\n').commit('guide', 'Bob Stone <bob@example.com>');
  const run = await runExtensionTests({ suite: join(root, 'test/extension-host/report.suite.ts'), folder: repo.dir, timeoutMs: 150_000 });
  const summary = readSummary(run.log);
  expect(summary?.failed, run.log.join('\n')).toEqual([]);
  expect(summary?.passed).toHaveLength(6);
  expect(run.exitCode).toBe(0);
}, 240_000);
