// Entry point of the `git-authorship` command (bundled to dist/cli.js with a node shebang).

import { main } from './cli/main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`git-authorship: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
