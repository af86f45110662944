// Temporary files handed to git (`--contents`, a cleaned ignore-revs list), always removed afterwards.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempFile {
  path: string;
  remove(): void;
}

/** Writes `bytes` to a new private folder under the OS temp folder. */
export function writeTempFile(name: string, bytes: Uint8Array | string): TempFile {
  const dir = mkdtempSync(join(tmpdir(), 'git-authorship-'));
  const path = join(dir, name);
  writeFileSync(path, bytes, { mode: 0o600 });
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
