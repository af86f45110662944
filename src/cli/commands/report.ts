// `git-authorship report`: GitInspectorGUI's tables for one or more repositories.

import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadEngine } from '../../engine/load';
import type { RepositoryAnalysis } from '../../engine/types';
import { buildReportJson } from '../../report/model';
import { CSV_TABLES, formatCsv } from '../../report/format/csv';
import { formatJson } from '../../report/format/json';
import { formatReportText } from '../../report/format/text';
import { ENGINE_OPTION, engineChoice, list, optionalString, parse, UsageError } from '../args';
import { findRepositories, isInsideRepository } from '../../report/repositories';
import { cliFlag, parseReportSettings } from '../../report/settings';
import type { CliIo } from '../io';

export const REPORT_HELP = `Usage: git-authorship report [options] [REPO|FOLDER...]

Who wrote what: GitInspectorGUI's Authors, Files, Authors-Files and Files-Authors tables.
A FOLDER that is not a repository is searched for repositories (see --depth). Default: the current folder.

Output:
  --format json|csv|text  (default: text, the Authors table)
  --out FILE              write to FILE instead of stdout. With csv, one file per table:
                          if FILE is an existing folder or ends with "/", FILE/authors.csv,
                          FILE/files.csv, FILE/authors-files.csv, FILE/files-authors.csv;
                          otherwise FILE is a prefix: FILE-authors.csv, FILE-files.csv, ...
                          csv without --out prints the authors table only.
Files:
  --n-files N             only the N largest files (0 = all, the default)
  --extensions LIST       extensions to analyse (default: all text files; * = all)
  --include-files GLOB    only paths matching (case-insensitive; * also matches /)
  --exclude-files GLOB    leave out paths matching
  --subfolder P           only files under P
Exclusions (globs, case-insensitive):
  --exclude-authors GLOB  --exclude-emails GLOB  --exclude-messages GLOB
  --exclude-revisions R   commit id prefixes; their lines pass to the parent (like --ignore-rev)
Counting:
  --since D  --until D    date window (YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], @unix,
                          "2 weeks ago", "3 months ago", yesterday); until also picks the head
  --whitespace            count whitespace-only changes (default: ignore them, git's -w)
  --comments              count whole-line comments as lines
  --empty-lines           count empty lines
  --depth N               folder search depth (default 5)
  --engine auto|native|git
  -h, --help              this help
List flags take comma-separated values and may be repeated.
`;

function writeOut(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function isFolderTarget(out: string): boolean {
  if (out.endsWith('/')) return true;
  try {
    return statSync(out).isDirectory();
  } catch {
    return false;
  }
}

export async function reportCommand(args: string[], io: CliIo): Promise<number> {
  const listFlag = { type: 'string', multiple: true } as const;
  const { values, positionals } = parse(args, {
    format: { type: 'string' },
    out: { type: 'string' },
    'n-files': { type: 'string' },
    extensions: listFlag,
    'include-files': listFlag,
    'exclude-files': listFlag,
    'exclude-authors': listFlag,
    'exclude-emails': listFlag,
    'exclude-revisions': listFlag,
    'exclude-messages': listFlag,
    since: { type: 'string' },
    until: { type: 'string' },
    subfolder: { type: 'string' },
    depth: { type: 'string' },
    whitespace: { type: 'boolean' },
    comments: { type: 'boolean' },
    'empty-lines': { type: 'boolean' },
    ...ENGINE_OPTION,
  });
  if (values.help) {
    io.stdout(REPORT_HELP);
    return 0;
  }
  const format = optionalString(values.format) ?? 'text';
  if (!['json', 'csv', 'text'].includes(format)) throw new UsageError(`--format must be json, csv or text, got ${JSON.stringify(format)}`);
  // The same validation as the extension's gitAuthorship.report.* settings, with flags for names.
  const wholeNumber = (v: unknown): unknown => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v);
  const parsed = parseReportSettings({
    nFiles: wholeNumber(values['n-files']),
    depth: wholeNumber(values.depth),
    extensions: list(values.extensions),
    includeFiles: list(values['include-files']),
    excludeFiles: list(values['exclude-files']),
    excludeAuthors: list(values['exclude-authors']),
    excludeEmails: list(values['exclude-emails']),
    excludeRevisions: list(values['exclude-revisions']),
    excludeMessages: list(values['exclude-messages']),
    whitespace: values.whitespace === true,
    comments: values.comments === true,
    emptyLines: values['empty-lines'] === true,
    since: optionalString(values.since),
    until: optionalString(values.until),
    subfolder: optionalString(values.subfolder),
  });
  if (!parsed.ok) throw new UsageError(parsed.errors.map((e) => `${cliFlag(e.key)} ${e.message}`).join('; '));
  const { analysis: settings, depth } = parsed.value;

  const engine = loadEngine(engineChoice(values.engine));
  const inputs = positionals.length ? positionals : ['.'];
  const repos: string[] = [];
  for (const input of inputs) {
    const dir = resolve(io.cwd, input);
    if (await isInsideRepository(dir)) repos.push(dir);
    else {
      const found = findRepositories(dir, depth);
      if (found.length === 0) throw new UsageError(`no git repository in ${input} (searched ${depth} levels down)`);
      repos.push(...found);
    }
  }

  const started = performance.now();
  const analyses: RepositoryAnalysis[] = [];
  for (const repo of repos) analyses.push(await engine.analyzeRepository(repo, settings));
  const report = buildReportJson(analyses, engine.info().backend, performance.now() - started);
  const out = optionalString(values.out);
  const target = out === undefined ? undefined : resolve(io.cwd, out);

  if (format === 'json') {
    const text = formatJson(report);
    if (target) writeOut(target, text);
    else io.stdout(text);
  } else if (format === 'text') {
    const text = await formatReportText(report.repositories);
    if (target) writeOut(target, text);
    else io.stdout(text);
  } else if (!target) {
    io.stdout(formatCsv(report.repositories, 'authors'));
  } else {
    const folder = isFolderTarget(out!);
    for (const table of CSV_TABLES) {
      writeOut(folder ? join(target, `${table}.csv`) : `${target}-${table}.csv`, formatCsv(report.repositories, table));
    }
  }
  return 0;
}
