// Driving the VS Code workbench in chromium the way a person does: the command palette, the explorer,
// the editor, notifications, webviews. Each helper waits for what it needs instead of sleeping.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Frame, Locator, Page } from 'playwright-core';

import { root } from '../../../scripts/editor/tools.mjs';

export const ARTIFACTS_DIR = join(root, 'test-artifacts', 'e2e');

/** Text of one inline decoration: the CSS `::after` content of a `ced-*` span on an editor line. */
export interface InlineDecoration {
  /** 1-based line number: the gutter number drawn at the same height as the line. */
  line: number;
  /** The decoration type's class (`ced-<id>-<n>`), the same for every decoration of one type. */
  className: string;
  text: string;
}

export class Workbench {
  constructor(readonly page: Page) {}

  /** Opens the workbench and waits until it is interactive (the activity bar is drawn). */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.activitybar').waitFor({ timeout: 60_000 });
  }

  /**
   * Runs a command by its palette title ("Git Authorship: Show Engine Info") through F1. The palette
   * lists the commands known when it opens, and an extension's are known only once the extension host
   * has read its manifest, so it is opened again until the command is there.
   */
  async runCommand(title: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let row: number;
    for (;;) {
      await this.openQuickInput(`>${title}`);
      try {
        row = await this.findQuickPickRow(title, 5_000);
        break;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`the command palette has no command "${title}": ${(err as Error).message}`);
      }
    }
    // Fuzzy matching may rank a longer title first ("Open Locked Preview…"): pick the exact one.
    await this.page.locator(`.quick-input-widget .quick-input-list .monaco-list-row[data-index="${row}"]`).click();
    // The palette closes, or turns into the quick pick the command opened (no longer `>…`).
    await this.page.waitForFunction(() => {
      const box = document.querySelector<HTMLInputElement>('.quick-input-widget .quick-input-box input');
      return !box || !box.checkVisibility() || !box.value.startsWith('>');
    });
  }

  /** Opens the quick input (F1) with `text` typed: `>command`, `:line`, or a file name. */
  private async openQuickInput(text: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
  }

  /**
   * Waits until the quick pick shows a row labelled exactly `label` and returns its index. The label
   * is the row's `.label-name` text: its aria-label may carry more ("recently used").
   */
  private async findQuickPickRow(label: string, timeoutMs: number): Promise<number> {
    const handle = await this.page.waitForFunction(
      (wanted) => {
        for (const row of document.querySelectorAll('.quick-input-widget .quick-input-list .monaco-list-row')) {
          // An object, because waitForFunction takes a falsy result (index 0) for "not yet".
          if (row.querySelector('.label-name')?.textContent?.trim() === wanted) return { index: Number(row.getAttribute('data-index')) };
        }
        return undefined;
      },
      label,
      { timeout: timeoutMs },
    );
    return ((await handle.jsonValue()) as { index: number }).index;
  }

  /** Labels of the rows a quick pick shows after running `title` (e.g. "Output: Show Output Channels..."). */
  async quickPickItems(title: string): Promise<string[]> {
    await this.runCommand(title);
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: 30_000 });
    const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
    await this.page.keyboard.press('Escape');
    return labels;
  }

  /** The names of the output channels (Output: Show Output Channels...): an extension's appear once it created them. */
  async outputChannels(): Promise<string[]> {
    return this.quickPickItems('Output: Show Output Channels...');
  }

  /**
   * Opens a file by clicking through the explorer tree: `src/a.ts` expands `src`, then clicks `a.ts`.
   * Each part is looked for one tree level below the previous one (the first at the shallowest level
   * that has it, so a workspace folder's own row above the files does not matter).
   */
  async openFile(relPath: string): Promise<void> {
    await this.showExplorer();
    const parts = relPath.split('/');
    let level: number | undefined;
    for (const [i, name] of parts.entries()) {
      // Tree rows carry the file's name as aria-label.
      const named = this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label=${JSON.stringify(name)}]`);
      await named.first().waitFor({ state: 'visible', timeout: 30_000 });
      const levels = (await named.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('aria-level'))))).sort((a, b) => a - b);
      level = level === undefined ? levels[0]! : level + 1;
      const row = named.and(this.page.locator(`[aria-level="${level}"]`)).first();
      const isFolder = i < parts.length - 1;
      if (!isFolder || (await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      if (!isFolder) await this.waitForActiveTab(row, parts.at(-1)!);
    }
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
  }

  /**
   * Waits for the clicked file's tab. The explorer re-renders its rows when files change on disk; a
   * click whose mousedown and mouseup land on different renderings of the row opens nothing, so a
   * click that opened nothing within a few seconds is repeated, as a user would.
   */
  private async waitForActiveTab(row: Locator, name: string): Promise<void> {
    const tab = this.page.locator('.tabs-container .tab.active', { hasText: name });
    for (let attempt = 1; ; attempt++) {
      try {
        await tab.waitFor({ state: 'visible', timeout: 10_000 });
        return;
      } catch (error) {
        if (attempt === 3) {
          const active = await this.page.locator('.tabs-container .tab.active').allInnerTexts();
          throw new Error(`openFile: no active tab named ${name} after ${attempt} clicks; active tabs: ${JSON.stringify(active)}`, { cause: error });
        }
        await row.click();
      }
    }
  }

  private async showExplorer(): Promise<void> {
    const view = this.page.locator('.explorer-folders-view');
    if (await view.isVisible()) return;
    await this.runCommand('View: Show Explorer');
    await view.waitFor({ state: 'visible' });
  }

  /** Puts the cursor at the start of a 1-based line of the active editor (quick input `:line`). */
  async goToLine(line: number): Promise<void> {
    // Ctrl+G is the browser's own shortcut in some setups; the quick input's `:` mode is not.
    await this.openQuickInput(`:${line}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.statusbar-item', { hasText: new RegExp(`Ln ${line}, Col 1(?!\\d)`) }).waitFor({ timeout: 10_000 });
  }

  /** The inline (`after`) decorations drawn on the visible lines of the active editor. */
  async readInlineDecorations(): Promise<InlineDecoration[]> {
    return this.readDecorations('::after');
  }

  /** The `before` decorations (file blame labels) on the visible lines of the active editor. */
  async readBeforeDecorations(): Promise<InlineDecoration[]> {
    return this.readDecorations('::before');
  }

  /** Decoration texts: the CSS `content` of `pseudo` on the `ced-*` spans of the visible lines. */
  private async readDecorations(pseudo: '::after' | '::before'): Promise<InlineDecoration[]> {
    return this.page.evaluate((pseudoElement) => {
      const editor = document.querySelector('.editor-instance .monaco-editor');
      if (!editor) return [];
      // Lines are absolutely positioned; the gutter row at the same `top` carries the line number.
      const numberAtTop = new Map<string, number>();
      for (const row of editor.querySelectorAll<HTMLElement>('.margin-view-overlays > div')) {
        const n = Number(row.querySelector('.line-numbers')?.textContent);
        if (n) numberAtTop.set(row.style.top, n);
      }
      const found: { line: number; className: string; text: string }[] = [];
      for (const line of editor.querySelectorAll<HTMLElement>('.view-lines .view-line')) {
        for (const span of line.querySelectorAll<HTMLElement>('span[class*="ced-"]')) {
          const className = [...span.classList].find((c) => c.startsWith('ced-')) ?? '';
          const content = getComputedStyle(span, pseudoElement).content;
          if (!content || content === 'none') continue;
          // `content` is a CSS string: quoted, with `\"`, `\\` and hex (`\a `) escapes.
          const text = content
            .replace(/^"|"$/g, '')
            .replace(/\\([0-9a-fA-F]{1,6}) ?|\\(.)/g, (_, hex: string | undefined, ch: string) =>
              hex ? String.fromCodePoint(parseInt(hex, 16)) : ch,
            );
          found.push({ line: numberAtTop.get(line.style.top) ?? 0, className, text });
        }
      }
      return found.sort((a, b) => a.line - b.line);
    }, pseudo);
  }

  /** Waits until `read` returns a value that `accept` takes (polling; the editor draws on its own time). */
  async waitFor<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (accept(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
      await this.page.waitForTimeout(200);
    }
  }

  /** Types text into the focused editor as keystrokes (`\n` presses Enter). */
  async typeText(text: string): Promise<void> {
    for (const [i, part] of text.split('\n').entries()) {
      if (i > 0) await this.page.keyboard.press('Enter');
      if (part) await this.page.keyboard.type(part);
    }
  }

  /** Presses a key or chord in the focused element (`Control+Z`). */
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  /** True while the active editor tab shows unsaved changes. */
  async activeTabDirty(): Promise<boolean> {
    return (await this.page.locator('.tabs-container .tab.active.dirty').count()) > 0;
  }

  /** Text of the status bar item an extension created with `createStatusBarItem(id)` ('' when hidden or absent). */
  async readStatusBarItem(extensionId: string, itemId: string): Promise<string> {
    const item = this.page.locator(`.statusbar-item[id=${JSON.stringify(`${extensionId}.${itemId}`)}]`);
    if ((await item.count()) === 0 || !(await item.first().isVisible())) return '';
    return ((await item.first().textContent()) ?? '').trim();
  }

  /**
   * Moves the mouse over the inline (`after`) decoration on a 1-based line of the active editor and
   * returns the hover's text (no-break spaces as spaces) once one is shown.
   */
  async hoverInlineDecoration(line: number, timeoutMs = 20_000): Promise<string> {
    const box = await this.page.evaluate((wanted) => {
      const editor = document.querySelector('.editor-instance .monaco-editor');
      if (!editor) return undefined;
      let top: string | undefined;
      for (const row of editor.querySelectorAll<HTMLElement>('.margin-view-overlays > div')) {
        if (Number(row.querySelector('.line-numbers')?.textContent) === wanted) top = row.style.top;
      }
      for (const l of editor.querySelectorAll<HTMLElement>('.view-lines .view-line')) {
        if (l.style.top !== top) continue;
        for (const span of l.querySelectorAll<HTMLElement>('span[class*="ced-"]')) {
          const content = getComputedStyle(span, '::after').content;
          if (!content || content === 'none') continue;
          const r = span.getBoundingClientRect();
          return { x: r.left + Math.max(4, r.width / 2), y: r.top + r.height / 2 };
        }
      }
      return undefined;
    }, line);
    if (!box) throw new Error(`no inline decoration on line ${line}`);
    const hover = this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Nudge the mouse: the editor shows a hover after the pointer rests on a new position.
      await this.page.mouse.move(box.x - 2, box.y);
      await this.page.mouse.move(box.x, box.y);
      try {
        await hover.first().waitFor({ state: 'visible', timeout: 3_000 });
        // MarkdownString.appendText keeps spaces as no-break spaces.
        return ((await hover.first().textContent()) ?? '').replace(/\u00a0/g, ' ').trim();
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`no hover over the decoration of line ${line}: ${(err as Error).message}`);
      }
    }
  }

  /** Clicks a link (by its text) in the hover on screen. */
  async clickHoverLink(text: string): Promise<void> {
    await this.page.locator('.monaco-hover:not(.hidden) a', { hasText: text }).first().click();
  }

  /** Texts of the notification toasts on screen (empty when none). */
  async readNotifications(): Promise<string[]> {
    return this.page
      .locator('.notifications-toasts .notification-toast .notification-list-item-message')
      .evaluateAll((els) => els.map((e) => e.textContent ?? ''));
  }

  /** Waits for a notification toast whose text matches `pattern` and returns its text. */
  async waitForNotification(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = (await this.readNotifications()).find((t) => pattern.test(t));
      if (match) return match;
      if (Date.now() > deadline) {
        throw new Error(`no notification matching ${pattern}; on screen: ${JSON.stringify(await this.readNotifications())}`);
      }
      await this.page.waitForTimeout(250);
    }
  }

  /**
   * Reads a table out of a webview: the rows (header row included) of the first table matching
   * `selector` in any frame. Webviews nest two frames deep (`iframe.webview` → `#active-frame`), so
   * every frame of the page is searched.
   */
  async readWebviewTable(selector = 'table', timeoutMs = 30_000): Promise<string[][]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const frame of this.page.frames()) {
        const rows = await readTable(frame, selector);
        if (rows) return rows;
      }
      if (Date.now() > deadline) throw new Error(`no webview has a table matching ${selector}`);
      await this.page.waitForTimeout(250);
    }
  }

  /**
   * The webview frame holding an element matching `selector` (webviews nest two frames deep; every
   * frame of the page is searched until one has it).
   */
  async webviewFrame(selector: string, timeoutMs = 30_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const frame of this.page.frames()) {
        const found = await frame.evaluate((sel) => document.querySelector(sel) !== null, selector).catch(() => false);
        if (found) return frame;
      }
      if (Date.now() > deadline) throw new Error(`no webview has an element matching ${selector}`);
      await this.page.waitForTimeout(250);
    }
  }

  /** Clicks the first element in a webview matching `selector` (and containing `hasText`, if given). */
  async clickInWebview(selector: string, options: { hasText?: string | RegExp } = {}): Promise<void> {
    const frame = await this.webviewFrame(selector);
    await frame.locator(selector, options).first().click();
  }

  /**
   * Types `text` into a webview input: `selector` names an <input>/<textarea>, or a web component
   * (a vscode-textfield) whose shadow root holds one.
   */
  async fillInWebview(selector: string, text: string): Promise<void> {
    const frame = await this.webviewFrame(selector);
    const host = frame.locator(selector).first();
    const isField = await host.evaluate((e) => e instanceof HTMLInputElement || e instanceof HTMLTextAreaElement);
    await (isField ? host : host.locator('input, textarea').first()).fill(text);
  }

  /** Waits until a webview table's rows (as readWebviewTable gives them) satisfy `accept`; returns them. */
  async waitForWebviewTable(selector: string, accept: (rows: string[][]) => boolean, timeoutMs = 30_000): Promise<string[][]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await this.readWebviewTable(selector, timeoutMs);
      if (accept(rows)) return rows;
      if (Date.now() > deadline) throw new Error(`the table ${selector} never matched; last read: ${JSON.stringify(rows)}`);
      await this.page.waitForTimeout(250);
    }
  }

  /**
   * Picks the row labelled exactly `label` in the quick pick that is open (one a command opened).
   * Long lists draw only the rows in view: typing the label first brings a far one into view.
   */
  async pickQuickPickItem(label: string, timeoutMs = 30_000, options: { type?: boolean } = {}): Promise<void> {
    if (options.type) await this.page.locator('.quick-input-widget .quick-input-box input').fill(label);
    const row = await this.findQuickPickRow(label, timeoutMs);
    await this.page.locator(`.quick-input-widget .quick-input-list .monaco-list-row[data-index="${row}"]`).click();
  }

  /** Replaces the text of the open quick input (a simple file dialog's path, say) and presses Enter. */
  async submitQuickInput(text: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    // The simple file dialog opens with its default path and then reads the box as it changes:
    // wait until it holds our text and the dialog has taken it in before accepting.
    await this.page.waitForTimeout(500);
    await input.fill(text);
    await this.page.waitForFunction((t) => document.querySelector<HTMLInputElement>('.quick-input-widget .quick-input-box input')?.value === t, text);
    await this.page.waitForTimeout(500);
    await input.press('Enter');
  }

  /** Clicks a button (by its label) on the notification toast whose message matches `message`. */
  async clickNotificationButton(message: RegExp, button: string, timeoutMs = 30_000): Promise<void> {
    await this.waitForNotification(message, timeoutMs);
    const toast = this.page.locator('.notifications-toasts .notification-toast', { has: this.page.locator('.notification-list-item-message', { hasText: message }) });
    await toast.locator('.monaco-button', { hasText: button }).first().click();
  }

  /** The title of the active editor tab (a file's name, or a webview panel's title). */
  async activeTabTitle(): Promise<string> {
    // The tab's aria-label is its title, then state such as ", preview" or ", pinned".
    const label = await this.page.locator('.editor-group-container.active .tabs-container .tab.active').first().getAttribute('aria-label');
    return (label ?? '').split(',')[0]!.trim();
  }

  /** Saves a PNG of the whole window into test-artifacts/e2e/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const path = join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}

async function readTable(frame: Frame, selector: string): Promise<string[][] | undefined> {
  try {
    return await frame.evaluate((sel) => {
      const table = document.querySelector(sel);
      if (!table) return undefined;
      return [...table.querySelectorAll('tr')].map((tr) =>
        [...tr.querySelectorAll('th,td')].map((cell) => (cell.textContent ?? '').trim()),
      );
    }, selector);
  } catch {
    // a frame that navigated or closed while we looked
    return undefined;
  }
}
