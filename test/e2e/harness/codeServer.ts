// A code-server of its own for one test: a throwaway profile (user data, extensions, config, logs),
// a free loopback port, the VSIX under test installed, and a workspace folder to open.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  codeServerEntry,
  codeServerEnv,
  codeServerProfile,
  missingTools,
  nodeBin,
  profileFlags,
  quietSettings,
  serveFlags,
  type CodeServerProfile,
} from '../../../scripts/editor/tools.mjs';
import { runToCompletion, spawnGroup, type GroupProcess } from './processes';

/** The extension's id as VS Code knows it: `publisher.name` from package.json. */
export const EXTENSION_ID = 'git-authorship.git-authorship';

export interface CodeServer {
  url: string;
  port: number;
  profile: CodeServerProfile;
  /** The URL that opens the workbench on `folder`. */
  folderUrl(folder: string): string;
  /** code-server's own output so far (for failure messages). */
  output(): string;
  /** The text of the log files (under the profile's logs/) whose path matches `file`. */
  readLogs(file: RegExp): string;
  /** Waits until a line of those logs matches `line`; returns the line. */
  waitForLog(file: RegExp, line: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/** A port nobody listens on right now: the OS picks it, we release it for code-server to bind. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}

/**
 * Starts code-server with `vsix` installed. The environment keeps the editor off the user's home and
 * git configuration: HOME is inside the profile, git reads no global or system config.
 */
export async function startCodeServer(options: {
  /** A VSIX to install first; none for a session that loads an extension under development. */
  vsix?: string;
  settings?: Record<string, unknown>;
  /** More code-server flags. */
  flags?: string[];
}): Promise<CodeServer> {
  const missing = missingTools();
  if (missing.length > 0) throw new Error(`editor tools missing (run: npm run setup:editor): ${missing.join(', ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'ga-code-server-'));
  const profile = codeServerProfile(dir);
  const home = join(dir, 'home');
  mkdirSync(home);
  const env = codeServerEnv(profile, { HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' });
  if (options.settings) {
    const settings = { ...quietSettings, ...options.settings };
    writeFileSync(join(profile.userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  }

  let server: GroupProcess | undefined;
  const stop = async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (options.vsix) await runToCompletion(nodeBin, [codeServerEntry, ...profileFlags(profile), '--install-extension', options.vsix], { env });
    const port = await freePort();
    server = spawnGroup(nodeBin, [codeServerEntry, ...serveFlags(profile, port), ...(options.flags ?? [])], { env });
    await server.waitForOutput(/HTTP server listening on/, 60_000);
    const url = `http://127.0.0.1:${port}`;
    const readLogs = (file: RegExp) =>
      listFiles(join(profile.userDataDir, 'logs'))
        .filter((f) => file.test(f))
        .map((f) => readFileSync(f, 'utf8'))
        .join('\n');
    return {
      url,
      port,
      profile,
      folderUrl: (folder) => `${url}/?folder=${encodeURIComponent(folder)}`,
      output: () => server!.output(),
      readLogs,
      async waitForLog(file, line, timeoutMs = 60_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const found = readLogs(file).split('\n').find((l) => line.test(l));
          if (found) return found;
          if (Date.now() > deadline) {
            // The log's last lines say what happened instead (finished early, an error, still running).
            const tail = readLogs(file).split('\n').filter(Boolean).slice(-15).join('\n');
            throw new Error(`no line matching ${line} in the logs matching ${file}; their last lines:\n${tail}`);
          }
          await new Promise((r) => setTimeout(r, 250));
        }
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
