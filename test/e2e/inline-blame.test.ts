// Inline blame in a real VS Code (code-server) driven through chromium, in one editor session: the
// current-line annotation names the line's author and subject; lines typed above move it and read
// as uncommitted; undo brings the commit back; a commit made from outside the editor (git run by
// the test process on the workspace repository, as a terminal would) updates it; the status bar
// item follows the cursor; file blame labels each run of a commit (screenshot kept in
// test-artifacts/e2e/file-blame.png).
//
// VS Code's own blame (on by default in 1.139) is switched off in the test profile, so every
// `after` decoration read here is ours.

import { onTestFinished, expect, test } from 'vitest';

import { RepoBuilder } from '../fixtures/builder';
import { EXTENSION_ID } from './harness/codeServer';
import { useEditor } from './harness/useEditor';
import type { Workbench } from './harness/workbench';

const editor = useEditor();
const FILE = 'notes.txt';
const UNCOMMITTED = 'You • Uncommitted changes';

function lines(from: number, to: number, word: string): string {
  let out = '';
  for (let i = from; i <= to; i++) out += `${word} note number ${i}\n`;
  return out;
}

/** The annotation on `line` once it is drawn (waits, since it appears after a quiet time). */
async function annotationOn(workbench: Workbench, line: number, accept: (text: string) => boolean, what: string): Promise<string> {
  const found = await workbench.waitFor(
    () => workbench.readInlineDecorations(),
    (ds) => ds.some((d) => d.line === line && accept(d.text)),
    `${what} on line ${line}`,
  );
  // Only the cursor line is annotated.
  expect(found.map((d) => d.line)).toEqual([line]);
  return found[0]!.text;
}

test('inline blame follows edits, undo and an outside commit; file blame labels runs of commits', async () => {
  const repo = RepoBuilder.create();
  onTestFinished(() => repo.cleanup());
  repo.write(FILE, lines(1, 10, 'first')).commit('first notes', 'Ann Author <ann@example.com>');
  // The body carries markdown, a command link and HTML: the hover must show them as text.
  const body = 'With a body: **not bold** [click](command:gitAuthorship.toggleInlineBlame) <b>raw</b>';
  repo.append(FILE, lines(11, 20, 'second')).commit(`second batch of notes\n\n${body}`, 'Bob Builder <bob@example.com>');
  // A file that must show nothing: over maxLines (set to 30 below).
  repo.write('long.txt', lines(1, 40, 'long')).commit('a long file', 'Ann Author <ann@example.com>');

  const { workbench } = await editor.start({
    folder: repo.dir,
    // Auto-save off: the undo below is checked against the saved text (the tab's dirty mark).
    settings: { 'git.blame.editorDecoration.enabled': false, 'git.blame.statusBarItem.enabled': false, 'files.autoSave': 'off', 'gitAuthorship.blame.maxLines': 30 },
  });
  await workbench.openFile(FILE);
  await workbench.goToLine(15);
  const bob = await annotationOn(workbench, 15, (t) => t.startsWith('Bob Builder'), "Bob's annotation");
  expect(bob).toMatch(/^Bob Builder, \d+ years ago • second batch of notes$/);
  const status = await workbench.waitFor(() => workbench.readStatusBarItem(EXTENSION_ID, 'blame'), (t) => t.includes('Bob'), 'the status bar item');
  expect(status).toMatch(/Bob Builder, \d+ years ago/);
  // Clicking it offers the line's commit actions.
  await workbench.page.locator(`.statusbar-item[id="${EXTENSION_ID}.blame"]`).click();
  const rows = workbench.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  await rows.first().waitFor({ state: 'visible', timeout: 20_000 });
  expect(await rows.evaluateAll((els) => els.map((e) => e.querySelector('.label-name')?.textContent?.trim()))).toEqual([
    'Copy Commit Id',
    'Open Commit Diff',
    'Blame Previous Revision',
    'Show Author in Report',
  ]);
  await workbench.press('Escape');
  await workbench.goToLine(15);

  // Two lines typed above line 15: the old line 15 is now line 17 and keeps Bob's commit.
  await workbench.typeText('typed one\ntyped two\n');
  await annotationOn(workbench, 17, (t) => t === bob, 'the moved line keeping its commit');
  await workbench.goToLine(15);
  await annotationOn(workbench, 15, (t) => t === UNCOMMITTED, 'a typed line reading as uncommitted');
  await workbench.goToLine(16);
  await annotationOn(workbench, 16, (t) => t === UNCOMMITTED, 'the second typed line reading as uncommitted');

  // Undo until the buffer is back to the saved text: line 15 is Bob's again.
  for (let i = 0; i < 20 && (await workbench.activeTabDirty()); i++) await workbench.press('Control+Z');
  expect(await workbench.activeTabDirty()).toBe(false);
  await workbench.goToLine(15);
  await annotationOn(workbench, 15, (t) => t === bob, 'the commit back after undo');

  // A commit from outside the editor rewrites line 3.
  const text = repo.read(FILE).toString('utf8').replace('first note number 3\n', 'third note, rewritten\n');
  repo.write(FILE, text).commit('Rewrite the third note', 'Cleo Committer <cleo@example.com>');
  // The editor reloads the changed file on its own time; the cursor goes to line 3 after that.
  await workbench.page.locator('.editor-instance .view-lines', { hasText: 'third note, rewritten' }).waitFor({ timeout: 20_000 });
  await workbench.goToLine(3);
  const cleo = await annotationOn(workbench, 3, (t) => t.startsWith('Cleo'), 'the outside commit');
  expect(cleo).toMatch(/^Cleo Committer, .+ • Rewrite the third note$/);
  await workbench.goToLine(4);
  await annotationOn(workbench, 4, (t) => t.startsWith('Ann Author') && t.endsWith('• first notes'), "Ann's line below it");

  // File blame: one label per run of a commit (Ann 1–2, Cleo 3, Ann 4–10, Bob 11–20), blank elsewhere.
  await workbench.runCommand('Git Authorship: Toggle File Blame');
  const labels = await workbench.waitFor(
    () => workbench.readBeforeDecorations(),
    (ds) => ds.filter((d) => d.line >= 1 && d.line <= 20).length === 20,
    'file blame labels on lines 1–20',
  );
  const labelled = labels.filter((d) => d.line <= 20 && d.text.trim() !== '').map((d) => [d.line, d.text.replace(/^\d{4}-\d{2}-\d{2} /, '')]);
  expect(labelled).toEqual([
    [1, 'Ann Author'],
    [3, 'Cleo Committer'],
    [4, 'Ann Author'],
    [11, 'Bob Builder'],
  ]);
  // Colour buckets are decoration types: few, shared by the runs.
  expect(new Set(labels.map((d) => d.className)).size).toBeLessThanOrEqual(10);
  await workbench.screenshot('file-blame');

  // The hover over Bob's annotation: author, email, the full message (body included), commit links.
  await workbench.goToLine(15);
  await annotationOn(workbench, 15, (t) => t === bob, "Bob's annotation before the hover");
  const hover = await workbench.hoverInlineDecoration(15);
  expect(hover).toContain('Bob Builder');
  expect(hover).toContain('<bob@example.com>');
  expect(hover).toContain('second batch of notes');
  expect(hover).toContain(body);
  expect(await workbench.page.locator('.monaco-hover:not(.hidden) a', { hasText: 'click' }).count()).toBe(0);
  expect(await workbench.page.locator('.monaco-hover:not(.hidden) b').count()).toBe(0);
  expect(await workbench.page.locator('.monaco-hover:not(.hidden) strong', { hasText: 'not bold' }).count()).toBe(0);
  // Our own markup is drawn: the author in bold.
  expect(await workbench.page.locator('.monaco-hover:not(.hidden) strong', { hasText: 'Bob Builder' }).count()).toBe(1);
  expect(hover).toMatch(/ago\)/);
  expect(hover).toContain('Open Commit Diff');
  // Bob's commit added lines to Ann's file: the diff opens against Ann's version.
  await workbench.clickHoverLink('Open Commit Diff');
  await workbench.page.locator('.tabs-container .tab.active', { hasText: '↔' }).waitFor({ timeout: 20_000 });
  // Both sides come from `git cat-file` through our read-only documents: Bob's added lines show on the right.
  await workbench.page.locator('.monaco-diff-editor .editor.modified .view-lines', { hasText: 'second note number 11' }).waitFor({ timeout: 20_000 });
  await workbench.page.locator('.monaco-diff-editor .editor.original .view-lines', { hasText: 'first note number 10' }).waitFor({ timeout: 20_000 });
  await workbench.screenshot('commit-diff');

  // Blame Previous Revision on Cleo's line: the file before Cleo's commit, with file blame on it,
  // where line 3 is Ann's again.
  await workbench.openFile(FILE);
  await workbench.goToLine(3);
  await annotationOn(workbench, 3, (t) => t.startsWith('Cleo'), "Cleo's annotation before Blame Previous Revision");
  await workbench.runCommand('Git Authorship: Blame Previous Revision');
  const previous = await workbench.waitFor(
    () => workbench.readBeforeDecorations(),
    (ds) => ds.filter((d) => d.line >= 1 && d.line <= 20).length === 20 && !ds.some((d) => d.text.includes('Cleo')),
    'file blame of the previous revision',
  );
  expect(previous.filter((d) => d.line <= 20 && d.text.trim() !== '').map((d) => [d.line, d.text.replace(/^\d{4}-\d{2}-\d{2} /, '')])).toEqual([
    [1, 'Ann Author'],
    [11, 'Bob Builder'],
  ]);
  await workbench.page.locator('.editor-instance .view-lines', { hasText: 'first note number 3' }).waitFor({ timeout: 20_000 });

  // A file over gitAuthorship.blame.maxLines and a file git does not track (written now, after the
  // outside commit, which added everything) show no annotation. The control
  // first: the same steps on notes.txt do show one, so the waits below are long enough.
  repo.write('untracked.txt', lines(1, 5, 'loose'));
  // The explorer shows it before the clicks below, so its re-render does not race them.
  await workbench.page.locator('.explorer-folders-view .monaco-list-row[aria-label="untracked.txt"]').waitFor({ timeout: 20_000 });
  for (const [file, annotated] of [[FILE, true], ['long.txt', false], ['untracked.txt', false]] as const) {
    await workbench.openFile(file);
    await workbench.goToLine(3);
    if (annotated) {
      await annotationOn(workbench, 3, (t) => t.startsWith('Cleo'), `the control annotation in ${file}`);
      continue;
    }
    await workbench.page.locator('.editor-instance .view-lines', { hasText: file === 'long.txt' ? 'long note number 3' : 'loose note number 3' }).waitFor({ timeout: 20_000 });
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await workbench.readInlineDecorations(), `no annotation in ${file}`).toEqual([]);
  }

  // The hover's "Show Author in Report" opens the report (analysing the repository first),
  // filtered to the line's author: the two features meet.
  await workbench.openFile(FILE);
  await workbench.goToLine(15);
  await annotationOn(workbench, 15, (t) => t.startsWith('Bob Builder'), "Bob's annotation before Show Author in Report");
  await workbench.hoverInlineDecoration(15);
  await workbench.clickHoverLink('Show Author in Report');
  const authors = await workbench.waitForWebviewTable('#authors-table', (r) => r.slice(1).some((row) => row.includes('Bob Builder')), 90_000);
  expect(authors.slice(1).filter((r) => r.some((c) => c !== '')).map((r) => r[1])).toEqual(['Bob Builder', 'Total']);
});
