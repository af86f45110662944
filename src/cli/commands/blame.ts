// `git-authorship blame`: porcelain output byte-identical to `git blame --porcelain`, or JSON.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadEngine } from '../../engine/load';
import { formatPorcelain } from '../../engine/porcelain';
import { configBool } from '../../engine/git/repo';
import { EngineError, type BlameResult } from '../../engine/types';
import { ENGINE_OPTION, engineChoice, list, optionalString, parse, UsageError } from '../args';
import { EXIT_FAILED } from '../exitCodes';
import type { CliIo } from '../io';

export const BLAME_HELP = `Usage: git-authorship blame [options] [--] PATH...

Blame each PATH as \`git blame --porcelain <rev> -- PATH\` would, one after the other. The native
engine blames all the PATHs in one walk of history. A PATH that cannot be blamed (not in the
revision, binary, a directory) is reported on stderr and the others are still printed; the exit
code is then 2.

Options:
  --repo DIR              repository (default: the current folder)
  --rev R                 revision to blame at (default: HEAD)
  --contents FILE|-       blame this text instead of the file at the revision (- = stdin; one PATH only)
  -w                      ignore whitespace when comparing lines
  --ignore-rev R          look through this revision (repeatable)
  --ignore-revs-file F    revisions to look through, one full id per line ("" = none, not even the config's)
  --porcelain             git's porcelain format (the default)
  --line-porcelain        porcelain with commit details on every line
  --json                  the engine's result as JSON, one object per PATH, each on one line (JSON Lines)
  --engine auto|native|git
  -h, --help              this help
`;

const NOT_COMMITTED = '0000000000000000000000000000000000000000';

function toJson(result: BlameResult): unknown {
  const lines = [];
  for (let i = 0; i < result.lineCount; i++) {
    const origin = result.origins[result.origin[i]!]!;
    lines.push({ line: i + 1, commit: result.commits[origin.commit]!.id, path: origin.path, sourceLine: result.sourceLine[i], flags: result.flags[i] });
  }
  return { path: result.path, rev: result.rev, lineCount: result.lineCount, lines, commits: result.commits, origins: result.origins, warnings: result.warnings, stats: result.stats };
}

export async function blameCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    repo: { type: 'string' },
    rev: { type: 'string' },
    contents: { type: 'string' },
    w: { type: 'boolean', short: 'w' },
    'ignore-rev': { type: 'string', multiple: true },
    'ignore-revs-file': { type: 'string' },
    porcelain: { type: 'boolean' },
    'line-porcelain': { type: 'boolean' },
    json: { type: 'boolean' },
    ...ENGINE_OPTION,
  });
  if (values.help) {
    io.stdout(BLAME_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('blame needs at least one PATH');
  const formats = ['porcelain', 'line-porcelain', 'json'].filter((f) => values[f]);
  if (formats.length > 1) throw new UsageError(`choose one of --${formats.join(', --')}`);
  const contentsFrom = optionalString(values.contents);
  if (contentsFrom !== undefined && positionals.length > 1) throw new UsageError('--contents works with a single PATH');

  const engine = loadEngine(engineChoice(values.engine));
  const repo = resolve(io.cwd, optionalString(values.repo) ?? '.');
  let contents: Buffer | undefined;
  if (contentsFrom === '-') contents = await io.readStdin();
  else if (contentsFrom !== undefined) {
    try {
      contents = readFileSync(resolve(io.cwd, contentsFrom));
    } catch (err) {
      // Bad input, not a usage error: exit 2, with the reason.
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
      throw new Error(`cannot read --contents file ${contentsFrom}: ${reason}`);
    }
  }
  const ignoreRevsFile = optionalString(values['ignore-revs-file']);
  // Asked of git while the engine blames (a git process takes longer than a small file's blame).
  const quotePathAsked = values.json ? Promise.resolve(true) : configBool(repo, 'core.quotePath', true).catch(() => true);

  const options = {
    rev: optionalString(values.rev),
    ignoreWhitespace: values.w === true,
    ignoreRevs: list(values['ignore-rev']),
    ...(ignoreRevsFile !== undefined ? { ignoreRevsFile: ignoreRevsFile === '' ? '' : resolve(io.cwd, ignoreRevsFile) } : {}),
    withText: true,
  };
  const paths = positionals.map((p) => resolve(io.cwd, p));
  // Committed files all come from one walk of history (blameFiles); uncommitted text is one file's.
  const answers: Array<BlameResult | EngineError> =
    contents !== undefined ? [await engine.blameFile(repo, paths[0]!, { ...options, contents })] : await engine.blameFiles(repo, paths, options);
  const quotePath = await quotePathAsked;
  let failed = 0;
  // blameFiles repeats the call's warnings on every answer, failures included: say them once.
  for (const w of answers[0]?.warnings ?? []) io.stderr(`warning: ${w.message}`);
  for (const result of answers) {
    if (result instanceof EngineError) {
      // One path's problem: said on stderr, the other paths still printed; the exit code tells.
      io.stderr(`git-authorship: ${result.code}: ${result.message}`);
      failed++;
      continue;
    }
    if (values.json) {
      io.stdout(JSON.stringify(toJson(result)) + '\n');
      continue;
    }
    if (contentsFrom !== undefined) {
      // git names where the text came from in the uncommitted pseudo-commit's summary.
      const from = contentsFrom === '-' ? 'standard input' : contentsFrom;
      for (const c of result.commits) if (c.id === NOT_COMMITTED) c.summary = `Version of ${result.path} from ${from}`;
    }
    io.stdout(formatPorcelain(result, result.text ?? new Uint8Array(), { linePorcelain: values['line-porcelain'] === true, quotePath }));
  }
  if (failed > 0) return EXIT_FAILED;
  return 0;
}
