// `const editor = useEditor()` in a test file: `await editor.start({ folder })` in a test starts an
// editor session, and vitest stops it after the test, passed or failed. A failed test first leaves
// its screenshot, code-server's output and the editor's logs in test-artifacts/e2e/.

import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, type TestContext } from 'vitest';

import { startEditor, stopEditor, type EditorOptions, type EditorSession } from './session';
import { ARTIFACTS_DIR } from './workbench';

export function useEditor(): { start(options: EditorOptions): Promise<EditorSession> } {
  let current: EditorSession | undefined;
  afterEach(async (ctx: TestContext) => {
    const session = current;
    current = undefined;
    if (!session) return;
    if (ctx.task.result?.state === 'fail') {
      const name = `failed-${ctx.task.name}`;
      await session.workbench.screenshot(name).catch(() => undefined);
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      const base = join(ARTIFACTS_DIR, name.replace(/[^\w.-]+/g, '-'));
      writeFileSync(`${base}.log`, session.server.output());
      // The workbench's and extension host's own logs (activation, errors) from the throwaway profile.
      const logs = join(session.server.profile.userDataDir, 'logs');
      if (existsSync(logs)) cpSync(logs, `${base}-logs`, { recursive: true });
    }
    await stopEditor(session);
  });
  return {
    async start(options) {
      current = await startEditor(options);
      return current;
    },
  };
}
