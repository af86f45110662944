// analyzeRepository on the git CLI, the way GitInspectorGUI works: list the head's files, then per
// file one `git log --follow --numstat` and one `git blame --line-porcelain`. Slow (two processes per
// file) but independent of the native engine, which must produce the same numbers by these rules:
//
// - Head: HEAD, or with `until` the first commit in `git log HEAD` order whose committer time <= until.
// - Window: a commit counts when since <= committer time <= until (dates: ../dates.ts).
// - Excluded commits: ids starting with an `excludeRevisions` prefix, or whose subject (%s) matches an
//   `excludeMessages` glob. Blame looks through them (`--ignore-rev`); their numstat is dropped.
// - Files: `git ls-tree -r` of the head. Submodules, symlinks and binary blobs (NUL in the first 8000
//   bytes) that pass the path filters are listed as skipped. Filters: subfolder prefix, extensions
//   (../git/comments.ts extensionOf), includeFiles / excludeFiles (../glob.ts pathMatcher), then the
//   nFiles largest text files (blob size, ties by path).
// - Insertions/deletions/commits per (person, file): non-merge commits listed by
//   `git log --follow -M [-w] --numstat <head> -- <file>` inside the window and not excluded; a listed
//   commit counts as a commit even with no numstat lines (whitespace-only under -w, pure renames).
//   insertionTimeSum adds insertions × author time.
// - Lines per (person, file): `git blame --line-porcelain [-w] <head>` lines whose commit is inside the
//   window and not excluded, minus empty lines (unless emptyLines) and whole-line comments (unless
//   comments). lineTimeSum adds the author time of each counted line.
// - People: .mailmap first (git's %aN/%aE) unless `mailmap: false`, then ../identity.ts. Person commits
//   are the distinct commits over their cells. Excluded people keep their numbers, flagged.
// - Order: files by path, authors by display name, cells by file then author. Whitespace: `-w` in both
//   blame and numstat unless `whitespace: true`.

import { performance } from 'node:perf_hooks';
import {
  EngineError,
  type AnalysisAuthor,
  type AnalysisCell,
  type AnalysisFile,
  type AnalysisProgress,
  type AnalysisSettings,
  type EngineWarning,
  type RepositoryAnalysis,
  type SkippedFile,
} from '../types';
import { basename } from 'node:path';
import { parseDateBound } from '../dates';
import { pathMatcher, textMatcher } from '../glob';
import { IdentityMerger, type Identity } from '../identity';
import { parsePorcelain } from '../porcelain';
import { classifyComments, extensionOf, isBlankLine } from './comments';
import { asEngineError } from './errors';
import { parseLog } from './log-parse';
import { hasAnyCommit, looksBinary, parseLsTree, readBlobs, workTreeOf, type TreeEntry } from './repo';
import { gitBytes, gitText } from './run';
import { writeTempFile, type TempFile } from './tempfile';

interface CommitInfo {
  identity: Identity;
  authorTime: number;
  committerTime: number;
  parents: string[];
  subject: string;
}

interface RawCell {
  identity: Identity;
  lines: number;
  insertions: number;
  deletions: number;
  commits: Set<string>;
  insertionTimeSum: number;
  lineTimeSum: number;
}

/** Runs `work` over `items` with at most `limit` running at once. */
async function forEachLimited<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  });
  await Promise.all(runners);
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The same checks as the native engine's settings compilation: bad values are INVALID_OPTION. */
function validateSettings(settings: AnalysisSettings): void {
  const invalid = (name: string, why: string): EngineError => new EngineError('INVALID_OPTION', `invalid \`${name}\` setting: ${why}`);
  if (settings.subfolder && settings.subfolder.replace(/\\/g, '/').split('/').includes('..')) {
    throw invalid('subfolder', `${JSON.stringify(settings.subfolder)} leaves the repository`);
  }
  for (const ext of settings.extensions ?? []) {
    const e = ext.trim().replace(/^\./, '');
    if (e !== '*' && (e === '' || e.includes('/'))) throw invalid('extensions', `${JSON.stringify(ext)} is not a file extension`);
  }
  for (const rev of settings.excludeRevisions ?? []) {
    if (!/^[0-9a-fA-F]{4,40}$/.test(rev.trim())) throw invalid('excludeRevisions', `${JSON.stringify(rev)} is not a commit id prefix (4 to 40 hex digits)`);
  }
  const since = settings.since ? parseDateBound(settings.since, 'start') : undefined;
  const until = settings.until ? parseDateBound(settings.until, 'end') : undefined;
  if (since !== undefined && until !== undefined && since > until) throw invalid('since', 'the window is empty: `since` is after `until`');
  if (settings.nFiles !== undefined && (!Number.isInteger(settings.nFiles) || settings.nFiles < 0)) throw invalid('nFiles', 'must be a whole number >= 0');
}

export async function analyzeRepository(
  repo: string,
  settings: AnalysisSettings = {},
  onProgress?: (p: AnalysisProgress) => void,
  signal?: AbortSignal,
): Promise<RepositoryAnalysis> {
  const temps: TempFile[] = [];
  const phases: { name: string; ms: number }[] = [];
  let phaseStart = performance.now();
  const endPhase = (name: string): void => {
    const now = performance.now();
    phases.push({ name, ms: now - phaseStart });
    phaseStart = now;
  };
  const checkAbort = (): void => {
    if (signal?.aborted) throw new EngineError('ABORTED', 'The operation was aborted');
  };
  try {
    checkAbort();
    const workTree = await workTreeOf(repo, signal);
    if (!(await hasAnyCommit(workTree, signal))) throw new EngineError('EMPTY_REPOSITORY', 'The repository has no commits yet');
    const warnings: EngineWarning[] = [];
    validateSettings(settings);
    const mailmap = settings.mailmap !== false;
    const since = settings.since ? parseDateBound(settings.since, 'start') : -Infinity;
    const until = settings.until ? parseDateBound(settings.until, 'end') : Infinity;
    const ignoreWhitespace = settings.whitespace !== true;

    // --- listing: every commit of HEAD once, then the head's files -------------------------------
    const format = ['%H', '%P', mailmap ? '%aN' : '%an', mailmap ? '%aE' : '%ae', '%at', '%ct', '%s'];
    const logOut = await gitText(workTree, ['log', '-z', `--format=%x1e${format.join('%x00')}`, 'HEAD', '--'], { signal });
    const commits = new Map<string, CommitInfo>();
    let head: string | undefined;
    for (const { fields } of parseLog(logOut, format.length)) {
      const [sha, parents, name, email, at, ct, subject] = fields as string[];
      const info: CommitInfo = {
        identity: { name: name!, email: email! },
        authorTime: Number(at),
        committerTime: Number(ct),
        parents: parents!.split(' ').filter(Boolean),
        subject: subject!,
      };
      commits.set(sha!, info);
      if (head === undefined && info.committerTime <= until) head = sha;
    }
    if (head === undefined) throw new EngineError('BAD_REVISION', `No commit on or before ${settings.until}`);
    const headTime = commits.get(head)!.committerTime;
    // The history the report describes: every commit reachable from the head (with `until`, the
    // head is older than HEAD). Identities are merged over all of it, as the native engine does.
    const reachable = new Set<string>([head]);
    for (const stack = [head]; stack.length > 0; ) {
      for (const p of commits.get(stack.pop()!)?.parents ?? []) {
        if (!reachable.has(p)) {
          reachable.add(p);
          stack.push(p);
        }
      }
    }

    const revisionPrefixes = (settings.excludeRevisions ?? []).map((r) => r.trim().toLowerCase()).filter(Boolean);
    const messageExcluded = textMatcher(settings.excludeMessages);
    const excludedCommits = new Set<string>();
    const prefixUsed = new Set<string>();
    for (const [sha, info] of commits) {
      const prefix = revisionPrefixes.find((p) => sha.startsWith(p));
      if (prefix) prefixUsed.add(prefix);
      if (prefix || messageExcluded(info.subject)) excludedCommits.add(sha);
    }
    for (const p of revisionPrefixes) {
      if (!prefixUsed.has(p)) warnings.push({ code: 'EXCLUDED_REVISION_UNKNOWN', message: `no commit starts with ${p}` });
    }
    const counts = (sha: string): boolean => {
      const info = commits.get(sha);
      if (!info || excludedCommits.has(sha)) return false;
      return info.committerTime >= since && info.committerTime <= until;
    };

    const tree = parseLsTree(await gitBytes(workTree, ['ls-tree', '-r', '-l', '-z', '--full-tree', head], { signal }));
    const subfolder = (settings.subfolder ?? '').replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.').join('/');
    const extensions = (settings.extensions ?? []).map((e) => e.trim().replace(/^\./, '').toLowerCase()).filter(Boolean);
    const allExtensions = extensions.length === 0 || extensions.includes('*');
    const included = pathMatcher(settings.includeFiles);
    const excluded = pathMatcher(settings.excludeFiles);
    const hasIncludes = (settings.includeFiles ?? []).some((p) => p.trim());
    const candidates = tree.filter(
      (e) =>
        (subfolder === '' || e.path.startsWith(subfolder + '/')) &&
        (allExtensions || extensions.includes(extensionOf(e.path))) &&
        (!hasIncludes || included(e.path)) &&
        !excluded(e.path),
    );
    const skipped: SkippedFile[] = [];
    const blobs: TreeEntry[] = [];
    for (const e of candidates) {
      if (e.type === 'commit') skipped.push({ path: e.path, reason: 'submodule' });
      else if (e.mode === '120000') skipped.push({ path: e.path, reason: 'symlink' });
      else if (e.type === 'blob') blobs.push(e);
    }
    const contents = await readBlobs(workTree, blobs.map((b) => b.oid), signal);
    let textFiles: TreeEntry[] = [];
    for (const b of blobs) {
      const bytes = contents.get(b.oid);
      if (!bytes) skipped.push({ path: b.path, reason: 'unreadable' });
      else if (looksBinary(bytes)) skipped.push({ path: b.path, reason: 'binary' });
      else textFiles.push(b);
    }
    const nFiles = settings.nFiles ?? 0;
    if (nFiles > 0 && textFiles.length > nFiles) {
      textFiles = [...textFiles].sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).slice(0, nFiles);
    }
    textFiles.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    endPhase('listing');

    const progress = { phase: 'history' as AnalysisProgress['phase'], filesDone: 0, filesTotal: textFiles.length, commitsDone: 0, commitsTotal: commits.size };
    const report = (): void => onProgress?.({ ...progress });
    report();

    // Per file: identity key → raw cell.
    const cellsPerFile: Map<string, RawCell>[] = textFiles.map(() => new Map());
    const formerPaths: string[][] = textFiles.map(() => []);
    const cellFor = (fileIndex: number, identity: Identity): RawCell => {
      const key = `${identity.name}\0${identity.email}`;
      const map = cellsPerFile[fileIndex]!;
      let cell = map.get(key);
      if (!cell) {
        cell = { identity, lines: 0, insertions: 0, deletions: 0, commits: new Set(), insertionTimeSum: 0, lineTimeSum: 0 };
        map.set(key, cell);
      }
      return cell;
    };
    const concurrency = 4;

    // --- history: git log --follow --numstat per file --------------------------------------------
    const walked = new Set<string>();
    await forEachLimited(textFiles, concurrency, async (file, fileIndex) => {
      checkAbort();
      const args = ['log', '-z', '--follow', '-M', '--numstat', '--format=%x1e%H%x00%P', ...(ignoreWhitespace ? ['-w'] : []), head, '--', file.path];
      const out = await gitText(workTree, args, { signal });
      const renames: string[] = [];
      for (const { fields, numstat } of parseLog(out, 2)) {
        const sha = fields[0]!;
        walked.add(sha);
        const parents = (fields[1] ?? '').split(' ').filter(Boolean).length;
        for (const n of numstat) if (n.from !== undefined && n.from !== n.path && !renames.includes(n.from)) renames.push(n.from);
        if (parents > 1 || !counts(sha)) continue;
        const info = commits.get(sha)!;
        const cell = cellFor(fileIndex, info.identity);
        cell.commits.add(sha);
        for (const n of numstat) {
          const added = n.added ?? 0;
          cell.insertions += added;
          cell.deletions += n.deleted ?? 0;
          cell.insertionTimeSum += added * info.authorTime;
        }
      }
      formerPaths[fileIndex] = renames;
      progress.filesDone++;
      progress.commitsDone = walked.size;
      report();
    });
    endPhase('history');

    // --- blame: git blame --line-porcelain per file ----------------------------------------------
    if (excludedCommits.size > 0) {
      const list = writeTempFile('excluded-revs', [...excludedCommits].join('\n') + '\n');
      temps.push(list);
    }
    const ignoreArgs = ['--ignore-revs-file', '', ...(temps[0] ? ['--ignore-revs-file', temps[0].path] : [])];
    progress.phase = 'blame';
    progress.filesDone = 0;
    report();
    let linesAnalyzed = 0;
    const files: AnalysisFile[] = textFiles.map((f, i) => ({ path: f.path, formerPaths: formerPaths[i]!, size: f.size, totalLines: 0 }));
    await forEachLimited(textFiles, concurrency, async (file, fileIndex) => {
      checkAbort();
      const args = ['blame', '--line-porcelain', '--no-textconv', ...(ignoreWhitespace ? ['-w'] : []), ...ignoreArgs, head, '--', file.path];
      // An empty file has no lines to blame: git prints nothing for it, and is not asked.
      const parsed = parsePorcelain(file.size === 0 ? Buffer.alloc(0) : await gitBytes(workTree, args, { signal }));
      const text = splitLines(contents.get(file.oid)!.toString('utf8'));
      const isComment = settings.comments ? undefined : classifyComments(file.path, text);
      files[fileIndex]!.totalLines = parsed.lineCount;
      linesAnalyzed += parsed.lineCount;
      for (let i = 0; i < parsed.lineCount; i++) {
        // Every surviving line counts for the commit blame names: excluded commits passed theirs on
        // (--ignore-rev), and the date window limits history, not blame (as the native engine).
        const sha = parsed.commits[parsed.origins[parsed.origin[i]!]!.commit]!.id;
        const line = text[i] ?? '';
        if (!settings.emptyLines && isBlankLine(line)) continue;
        if (isComment?.[i]) continue;
        const info = commits.get(sha)!;
        const cell = cellFor(fileIndex, info.identity);
        cell.lines++;
        cell.lineTimeSum += info.authorTime;
      }
      progress.filesDone++;
      report();
    });
    endPhase('blame');

    // --- people and cells ---------------------------------------------------------------------------
    // Identities are merged over the whole history (each commit weighs one), whatever the filters:
    // a person keeps every alias even when some of its commits are outside the window or excluded.
    const merger = new IdentityMerger();
    for (const sha of reachable) merger.add(commits.get(sha)!.identity, 1);
    for (const map of cellsPerFile) {
      for (const cell of map.values()) merger.add(cell.identity, 0);
    }
    const merged0 = merger.merge();
    // Only people with numbers on the analysed files are reported.
    const present = new Set<number>();
    for (const map of cellsPerFile) for (const cell of map.values()) present.add(merged0.personOf(cell.identity));
    const keep = [...present].sort((a, b) => a - b);
    const renumber = new Map(keep.map((p, i) => [p, i]));
    const people = keep.map((p) => merged0.people[p]!);
    const personOf = (identity: Identity): number => renumber.get(merged0.personOf(identity))!;
    const excludedAuthor = textMatcher(settings.excludeAuthors);
    const excludedEmail = textMatcher(settings.excludeEmails);
    const authorCommitSets = people.map(() => new Set<string>());
    const merged = new Map<string, AnalysisCell>();
    cellsPerFile.forEach((map, fileIndex) => {
      for (const cell of map.values()) {
        const author = personOf(cell.identity);
        for (const c of cell.commits) authorCommitSets[author]!.add(c);
        const key = `${fileIndex}\0${author}`;
        let target = merged.get(key);
        if (!target) {
          target = { author, file: fileIndex, lines: 0, insertions: 0, deletions: 0, commits: 0, insertionTimeSum: 0, lineTimeSum: 0 };
          merged.set(key, target);
        }
        target.lines += cell.lines;
        target.insertions += cell.insertions;
        target.deletions += cell.deletions;
        target.insertionTimeSum += cell.insertionTimeSum;
        target.lineTimeSum += cell.lineTimeSum;
      }
    });
    // Cell commits: distinct commits of the merged person in the file.
    const cellCommitSets = new Map<string, Set<string>>();
    cellsPerFile.forEach((map, fileIndex) => {
      for (const cell of map.values()) {
        const key = `${fileIndex}\0${personOf(cell.identity)}`;
        let set = cellCommitSets.get(key);
        if (!set) cellCommitSets.set(key, (set = new Set()));
        for (const c of cell.commits) set.add(c);
      }
    });
    const cells = [...merged.entries()]
      .map(([key, cell]) => ({ ...cell, commits: cellCommitSets.get(key)?.size ?? 0 }))
      .filter((c) => c.lines > 0 || c.insertions > 0 || c.deletions > 0 || c.commits > 0)
      .sort((a, b) => a.file - b.file || a.author - b.author);

    const authors: AnalysisAuthor[] = people.map((p, i) => ({
      name: p.name,
      email: p.email,
      aliases: p.aliases,
      commits: authorCommitSets[i]!.size,
      excluded: p.aliases.some((a) => excludedAuthor(a.name) || excludedEmail(a.email)),
    }));
    endPhase('merge');
    progress.phase = 'done';
    progress.filesDone = textFiles.length;
    report();

    return {
      name: basename(workTree),
      path: workTree,
      head,
      headTime,
      authors,
      files,
      cells,
      skipped,
      warnings,
      stats: { commitsWalked: walked.size, filesAnalyzed: textFiles.length, linesAnalyzed, phases },
    };
  } catch (err) {
    throw asEngineError(err);
  } finally {
    for (const t of temps) t.remove();
  }
}
