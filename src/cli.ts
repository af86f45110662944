// Entry point of the `git-authorship` command (bundled to dist/cli.js with a node shebang).

import { main } from './cli/main';

// A reader that stops early (`git-authorship blame … | head`) closes the pipe: the rest of the
// output is not wanted. Stop quietly with success, as ripgrep does, instead of a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`git-authorship: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
