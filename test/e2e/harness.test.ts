// The harness helpers read what VS Code really draws. Checked here on VS Code's own features, so the
// feature tests that use them can trust them: the built-in git blame decoration (an `after`
// decoration like ours) and the built-in Markdown preview (a webview with a table).

import { existsSync, statSync } from 'node:fs';

import { expect, onTestFinished, test } from 'vitest';

import { RepoBuilder } from '../fixtures/builder';
import { useEditor } from './harness/useEditor';

const editor = useEditor();

test('openFile, goToLine, readInlineDecorations, readWebviewTable and screenshot read the real workbench', async () => {
  const repo = RepoBuilder.create();
  onTestFinished(() => repo.cleanup());
  repo.write('notes/table.md', '# Owners\n\n| file | lines |\n|---|---|\n| a.ts | 12 |\n| b.ts | 3 |\n');
  repo.commit('first notes', { author: 'Ada Lovelace <ada@example.com>' });
  repo.append('notes/table.md', '\nA second paragraph.\n');
  repo.commit('second notes', { author: 'Grace Hopper <grace@example.com>' });
  const { workbench } = await editor.start({
    folder: repo.dir,
    // VS Code's own blame: an `after` decoration on the cursor's line, "subject, author (when)".
    // Ours is switched off so that the only annotation read is VS Code's.
    settings: { 'git.blame.editorDecoration.enabled': true, 'gitAuthorship.blame.inline.enabled': false },
  });

  await workbench.openFile('notes/table.md');
  // A file opens with the cursor on line 1; VS Code blames the line the cursor moves to.
  await workbench.goToLine(8);
  await expect.poll(() => workbench.readInlineDecorations(), { timeout: 30_000 }).toEqual([
    expect.objectContaining({ line: 8, text: expect.stringContaining('second notes, Grace Hopper') }),
  ]);
  await workbench.goToLine(1);
  await expect.poll(() => workbench.readInlineDecorations(), { timeout: 30_000 }).toEqual([
    expect.objectContaining({ line: 1, text: expect.stringContaining('first notes, Ada Lovelace') }),
  ]);

  await workbench.runCommand('Markdown: Open Preview to the Side');
  expect(await workbench.readWebviewTable('table')).toEqual([
    ['file', 'lines'],
    ['a.ts', '12'],
    ['b.ts', '3'],
  ]);

  const shot = await workbench.screenshot('harness-markdown-preview');
  expect(existsSync(shot) && statSync(shot).size).toBeGreaterThan(10_000);
});
