// The packaged extension in a real VS Code (code-server) driven through chromium: it activates in a
// git workspace and loads the native engine in the editor's extension host; the VSIX without a
// binary falls back to git; a folder without git leaves it asleep.

import { rmSync } from 'node:fs';

import { describe, expect, onTestFinished, test } from 'vitest';

import { nativeTripleFor } from '../../scripts/package.mjs';
import { RepoBuilder } from '../fixtures/builder';
import { EXTENSION_ID } from './harness/codeServer';
import { packagedVsix } from './harness/session';
import { useEditor } from './harness/useEditor';

const SHOW_ENGINE_INFO = 'Git Authorship: Show Engine Info';
const OUTPUT_CHANNEL = 'Git Authorship';
/** The extension host's log, where VS Code records each activation and its event. */
const EXTENSION_HOST_LOG = /exthost\d*\/remoteexthost\.log$/;
const ACTIVATED = new RegExp(`_doActivateExtension ${EXTENSION_ID.replace('.', '\\.')}\\b`);
/** Logged once every extension whose activation event held at startup has been activated. */
const STARTUP_ACTIVATIONS_DONE = /Eager extensions activated/;

const editor = useEditor();
const vsix = packagedVsix();

/** A repository for this test, removed when it finishes. */
function gitRepository(): RepoBuilder {
  const repo = RepoBuilder.create();
  onTestFinished(() => repo.cleanup());
  repo.write('src/hello.ts', 'export const hello = "world";\n').commit('add hello');
  return repo;
}

describe('in a workspace with a git repository', () => {
  test('the platform VSIX activates at startup and runs the native engine in the extension host', async () => {
    const { server, workbench } = await editor.start({ folder: gitRepository().dir });

    const activation = await server.waitForLog(EXTENSION_HOST_LOG, ACTIVATED);
    expect(activation).toContain("activationEvent: 'workspaceContains:.git'");
    // Activation now registers inline blame and the report too: wait until it has finished (our
    // log's last activation line) before asking the workbench for the channel, and poll for it.
    await server.waitForLog(/git-authorship\.git-authorship\/Git Authorship\.log$/, /activated \(extension /);
    await expect.poll(() => workbench.outputChannels(), { timeout: 30_000 }).toContain(OUTPUT_CHANNEL);

    await workbench.runCommand(SHOW_ENGINE_INFO);
    const message = await workbench.waitForNotification(/^Git Authorship: /);
    const triple = nativeTripleFor(vsix.platform.target);
    expect(message).toMatch(new RegExp(`^Git Authorship: native engine \\d+\\.\\d+\\.\\d+ \\(${triple}\\); 1 of 1 workspace folders are git repositories\\.$`));
  });

  test('the VSIX without a binary runs the git fallback engine', async () => {
    const { workbench } = await editor.start({ folder: gitRepository().dir, vsix: vsix.universal.file });

    await workbench.runCommand(SHOW_ENGINE_INFO);
    const message = await workbench.waitForNotification(/^Git Authorship: /);
    expect(message).toMatch(/^Git Authorship: git fallback engine \(.+\); 1 of 1 workspace folders are git repositories\.$/);
  });
});

describe('in a workspace folder without git', () => {
  test('the extension is not activated until one of its commands is run', async () => {
    const folder = RepoBuilder.plainFolder();
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const { server, workbench } = await editor.start({ folder });

    // Startup activation is over (the built-in git extension activated), and ours is not among them.
    await server.waitForLog(EXTENSION_HOST_LOG, STARTUP_ACTIVATIONS_DONE);
    expect(server.readLogs(EXTENSION_HOST_LOG)).not.toMatch(ACTIVATED);
    expect(await workbench.outputChannels()).not.toContain(OUTPUT_CHANNEL);

    // The same observations do see the extension once a command wakes it: the checks above can fail.
    await workbench.runCommand(SHOW_ENGINE_INFO);
    expect(await server.waitForLog(EXTENSION_HOST_LOG, ACTIVATED)).toContain("activationEvent: 'onCommand:gitAuthorship.showEngineInfo'");
    expect(await workbench.waitForNotification(/^Git Authorship: /)).toMatch(/; 0 of 1 workspace folders are git repositories\.$/);
    expect(await workbench.outputChannels()).toContain(OUTPUT_CHANNEL);
  });
});
