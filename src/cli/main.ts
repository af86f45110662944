// The CLI's dispatcher: command table, help, and exit codes
// (0 ok, 1 usage, 2 the engine refused the input or failed), with one line on stderr on failure.

import { EngineError } from '../engine/types';
import { UsageError } from './args';
import { blameCommand } from './commands/blame';
import { commitsCommand } from './commands/commits';
import { infoCommand } from './commands/info';
import { reportCommand } from './commands/report';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './exitCodes';
import { processIo, type CliIo } from './io';

export { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './exitCodes';

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  blame: blameCommand,
  report: reportCommand,
  commits: commitsCommand,
  info: infoCommand,
};

export const MAIN_HELP = `Usage: git-authorship <command> [options]

Commands:
  blame     git blame --porcelain, from the native engine or the git fallback
  report    authorship report (GitInspectorGUI's tables) as text, JSON or CSV
  commits   commits with additions and deletions
  info      engine and repository health

Run \`git-authorship <command> --help\` for a command's options.
Exit codes: 0 ok, 1 usage error, 2 bad input or failure.
`;

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      if (command === 'help' && rest[0] && COMMANDS[rest[0]]) return await COMMANDS[rest[0]]!(['--help'], io);
      io.stdout(MAIN_HELP);
      return command === undefined ? EXIT_USAGE : EXIT_OK;
    }
    const run = COMMANDS[command];
    if (!run) throw new UsageError(`unknown command ${JSON.stringify(command)} (try --help)`);
    return await run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`git-authorship: ${err.message}`);
      return EXIT_USAGE;
    }
    if (err instanceof EngineError) {
      io.stderr(`git-authorship: ${err.code}: ${oneLine(err.message)}`);
      return EXIT_FAILED;
    }
    io.stderr(`git-authorship: ${oneLine(err instanceof Error ? err.message : String(err))}`);
    return EXIT_FAILED;
  }
}

function oneLine(text: string): string {
  return text.split('\n').find((l) => l.trim()) ?? text;
}
