// healthCheck on the git CLI: what kind of repository this is and what will make blame slow.

import { existsSync, openSync, readSync, closeSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { tmpdir } from 'node:os';
import { EngineError, type HealthReport } from '../types';
import { asEngineError } from './errors';
import { configEntries, hasAnyCommit } from './repo';
import { gitProbe, gitText } from './run';

/** The chunk ids in a commit-graph file's table of contents (gitformat-commit-graph). */
export function commitGraphChunks(file: string): string[] {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(8);
    if (readSync(fd, header, 0, 8, 0) < 8 || header.toString('latin1', 0, 4) !== 'CGPH') return [];
    const chunkCount = header[6]!;
    const table = Buffer.alloc((chunkCount + 1) * 12);
    readSync(fd, table, 0, table.length, 8);
    const ids: string[] = [];
    for (let i = 0; i < chunkCount; i++) ids.push(table.toString('latin1', i * 12, i * 12 + 4));
    return ids;
  } finally {
    closeSync(fd);
  }
}

/** The commit-graph files of an objects folder: the single file, or every file of a split chain. */
function commitGraphFiles(objectsDir: string): string[] {
  const single = join(objectsDir, 'info', 'commit-graph');
  if (existsSync(single)) return [single];
  const chain = join(objectsDir, 'info', 'commit-graphs', 'commit-graph-chain');
  if (!existsSync(chain)) return [];
  return readFileSync(chain, 'utf8')
    .split('\n')
    .filter((l) => /^[0-9a-f]+$/.test(l))
    .map((hash) => join(objectsDir, 'info', 'commit-graphs', `graph-${hash}.graph`))
    .filter(existsSync);
}

const EMPTY: HealthReport = { ok: false, empty: false, shallow: false, partial: false, commitGraph: false, bloomFilters: false };

export async function healthCheck(repo?: string): Promise<HealthReport> {
  try {
    if (repo === undefined) {
      await gitText(tmpdir(), ['version']);
      return { ...EMPTY, ok: true };
    }
    if (!existsSync(repo)) throw new EngineError('NOT_A_REPOSITORY', `Not a folder: ${repo}`);
    const bare = await gitProbe(repo, ['rev-parse', '--is-bare-repository']);
    if (!bare.ok) throw new EngineError('NOT_A_REPOSITORY', `Not a git repository: ${repo}`);
    const isBare = bare.stdout.trim() === 'true';
    const path = isBare
      ? (await gitText(repo, ['rev-parse', '--absolute-git-dir'])).trim()
      : (await gitText(repo, ['rev-parse', '--show-toplevel'])).trim();
    const empty = !(await hasAnyCommit(path));
    const head = empty ? undefined : (await gitText(path, ['rev-parse', 'HEAD'])).trim();
    const symbolic = await gitProbe(path, ['symbolic-ref', '--short', '-q', 'HEAD']);
    const branch = !empty && symbolic.ok && symbolic.stdout.trim() ? symbolic.stdout.trim() : undefined;
    const shallow = (await gitText(path, ['rev-parse', '--is-shallow-repository'])).trim() === 'true';
    // A partial clone names its filter's remote in extensions.partialClone, or marks a remote as a promisor.
    const partialKeys = await configEntries(path, '^extensions\\.partialclone$|^remote\\..*\\.promisor$', { type: 'bool-or-str' });
    const partial = partialKeys.some(([name, value]) => (name === 'extensions.partialclone' ? !!value?.trim() : value === 'true'));
    let objects = (await gitText(path, ['rev-parse', '--git-path', 'objects'])).trim();
    if (!isAbsolute(objects)) objects = join(path, objects);
    const graphs = commitGraphFiles(objects);
    const bloomFilters = graphs.length > 0 && graphs.every((g) => {
      const chunks = commitGraphChunks(g);
      return chunks.includes('BIDX') && chunks.includes('BDAT');
    });
    return {
      ok: true,
      path,
      ...(head ? { head } : {}),
      ...(branch ? { branch } : {}),
      empty,
      shallow,
      partial,
      commitGraph: graphs.length > 0,
      bloomFilters,
    };
  } catch (err) {
    const e = asEngineError(err);
    return { ...EMPTY, error: { code: e.code, message: e.message } };
  }
}
