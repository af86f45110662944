// Whether the project's node_modules is missing or older than its lockfile (then `npm install`).
// Shared by `npm test` and `npm start`, which both run on fresh clones.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function needsNpmInstall(root) {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return true;
  return statSync(join(root, 'package-lock.json')).mtimeMs > statSync(marker).mtimeMs;
}
