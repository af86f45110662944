// blameFile against `git blame --porcelain`, byte for byte through formatPorcelain, for every engine.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RepoBuilder } from '../fixtures/builder';
import { enginesUnderTest } from '../helpers/engines';
import { gitPorcelain, normalizeNotCommitted } from '../helpers/git-reference';
import { formatPorcelain } from '../../src/engine/porcelain';
import { EngineError, type BlameOptions, type BlameResult, type Engine } from '../../src/engine/types';

const ALICE = 'Alice Smith <alice@example.com>';
const BOB = 'Bob Jones <bob@example.com>';
const CAROL = 'Carol <carol@old.example>';

let repo: RepoBuilder;
let reformat: string;
const PATHS: string[] = [];

function buildHistory(): RepoBuilder {
  const r = RepoBuilder.create();
  r.write('a.txt', 'one\ntwo\nthree\nfour\nfive\n');
  r.write('crlf.txt', 'l1\r\nl2\r\nl3\r\n');
  r.write('nonl.txt', 'first\nsecond');
  r.write('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0x6f, 0x6b, 0x0a]));
  r.write('empty.txt', '');
  r.write('unicodé/файл.txt', 'unicode path\nline 2\n');
  r.write('we"ird\\name.txt', 'quoted path\n');
  r.write('tab\there.txt', 'tab path\n');
  r.write('gone.txt', 'will be deleted\nand re-added\n');
  r.write('ws.txt', 'int main() {\nreturn 0;\n}\n');
  r.commit('root commit', { author: ALICE, tz: '+0200' });

  r.write('a.txt', 'one\nTWO\nthree\nfour\nfive\nsix\n');
  r.write('crlf.txt', 'l1\r\nL2\r\nl3\r\nl4\r\n');
  r.write('nonl.txt', 'first\nsecond changed');
  r.write('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0x6f, 0x6b, 0x0a, 0xff, 0xfe, 0x0a]));
  r.remove('gone.txt');
  r.commit('bob edits\n\nwith a body', { author: BOB, tz: '-0500' });

  r.write('gone.txt', 'will be deleted\nand re-added\nand more\n');
  r.rename('a.txt', 'renamed.txt');
  r.write('ws.txt', 'int main() {\n    return 0;\n}\n');
  r.commit('re-add and rename, reindent', CAROL);
  reformat = r.head();

  r.rename('renamed.txt', 'dir/moved.txt');
  r.write('dir/moved.txt', 'one\nTWO\nthree\nFOUR\nfive\nsix\nseven\n');
  r.commit('move with edit', ALICE);

  // Merges: a side branch with a conflict resolved by hand (an evil line too), then an octopus.
  r.branch('side', 'HEAD~1').checkout('side');
  r.write('renamed.txt', 'one\nTWO\nthree\nfour\nFIVE side\nsix\n');
  r.write('side.txt', 'side file\n');
  r.commit('side edit', BOB);
  r.checkout('main');
  r.merge('side', {
    author: CAROL,
    message: 'merge side',
    resolve: { 'dir/moved.txt': 'one\nTWO\nthree\nFOUR\nFIVE side\nsix\nseven\nevil line\n', 'renamed.txt': null },
  });
  for (const b of ['o1', 'o2']) {
    r.branch(b).checkout(b);
    r.write(`${b}.txt`, `${b} content\n`);
    r.write('dir/moved.txt', r.read('dir/moved.txt').toString() + '');
    r.commit(`${b} work`, BOB);
    r.checkout('main');
  }
  r.write('main-only.txt', 'main\n');
  r.commit('main moves on', ALICE);
  r.merge(['o1', 'o2'], { author: ALICE, message: 'octopus' });

  r.write('.mailmap', 'Carol Canonical <carol@new.example> <carol@old.example>\n');
  r.commit('mailmap', ALICE);

  // Names and summaries beyond ASCII, one beyond the Basic Multilingual Plane: blameFiles' commits
  // cross from the addon as columns, the summaries as one string sliced at UTF-16 offsets.
  r.write('side.txt', 'side file\nZoë was here\n');
  r.commit('Zoë adds a line 🙂 — ça marche', 'Zoë Ürban <zoe@example.com>');
  return r;
}

beforeAll(() => {
  repo = buildHistory();
  PATHS.push(
    'dir/moved.txt', 'crlf.txt', 'nonl.txt', 'latin1.txt', 'empty.txt', 'unicodé/файл.txt', 'we"ird\\name.txt',
    'tab\there.txt', 'gone.txt', 'ws.txt', 'side.txt', 'o1.txt', 'o2.txt', 'main-only.txt',
  );
});

afterAll(() => repo?.cleanup());

async function porcelainOf(engine: Engine, path: string, options: BlameOptions = {}, line = false): Promise<Buffer> {
  const result = await engine.blameFile(repo.dir, path, { ...options, withText: true });
  return formatPorcelain(result, result.text!, { linePorcelain: line });
}

describe.each(enginesUnderTest())('blameFiles ($name engine): many paths in one call, each equal to git blame --porcelain', ({ engine }) => {
  it('every fixture file at once, default and -w, with bad paths among them answered as errors in place', async () => {
    repo.write('binary.bin', Buffer.from([0, 1, 2, 3]));
    const asked = ['missing.txt', ...PATHS.slice(0, 7), 'dir', ...PATHS.slice(7), 'dir/moved.txt'];
    for (const extra of [[], ['-w']]) {
      const answers = await engine.blameFiles(repo.dir, asked, { ignoreWhitespace: extra.length > 0, withText: true });
      expect(answers).toHaveLength(asked.length);
      expect(answers[0]).toBeInstanceOf(EngineError);
      expect((answers[0] as EngineError).code).toBe('PATH_NOT_IN_REVISION');
      expect((answers[8] as EngineError).code).toBe('IS_DIRECTORY');
      asked.forEach((path, i) => {
        if (i === 0 || i === 8) return;
        const r = answers[i]!;
        if (r instanceof EngineError) throw new Error(`${path}: ${r.code} ${r.message}`);
        expect(r.path, path).toBe(path);
        expect(formatPorcelain(r, r.text!).toString('latin1'), `${path} ${extra}`).toBe(gitPorcelain(repo, path, extra).toString('latin1'));
      });
    }
  });

  it('an older revision with --ignore-rev; contents and an unknown revision fail the whole call', async () => {
    const paths = ['ws.txt', 'gone.txt', 'dir/moved.txt'];
    const answers = await engine.blameFiles(repo.dir, paths, { rev: 'HEAD~2', ignoreRevs: [reformat], withText: true });
    paths.forEach((path, i) => {
      const r = answers[i] as BlameResult;
      expect(formatPorcelain(r, r.text!).toString('latin1'), path).toBe(gitPorcelain(repo, path, ['--ignore-rev', reformat], 'HEAD~2').toString('latin1'));
    });
    await expect(engine.blameFiles(repo.dir, paths, { rev: 'no-such-rev' })).rejects.toMatchObject({ code: 'BAD_REVISION' });
    await expect(engine.blameFiles(repo.dir, paths, { contents: 'x\n' } as BlameOptions)).rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });

  it("the call's warnings are on every answer, failures too: said even when every path fails", async () => {
    const answers = await engine.blameFiles(repo.dir, ['missing.txt', 'dir', 'ws.txt'], { ignoreRevs: ['no-such-rev'] });
    expect(answers.map((a) => (a instanceof EngineError ? a.code : 'blamed'))).toEqual(['PATH_NOT_IN_REVISION', 'IS_DIRECTORY', 'blamed']);
    for (const a of answers) expect(a.warnings?.map((w) => w.code)).toEqual(['IGNORE_REV_UNKNOWN']);
    const none = await engine.blameFiles(repo.dir, ['missing.txt', 'dir'], { ignoreRevs: ['no-such-rev'] });
    for (const a of none) {
      expect(a).toBeInstanceOf(EngineError);
      expect(a.warnings?.map((w) => w.code)).toEqual(['IGNORE_REV_UNKNOWN']);
    }
  });
});

describe.each(enginesUnderTest())('blameFile ($name engine) equals git blame --porcelain', ({ engine }) => {
  it('every fixture file, default options', async () => {
    for (const path of PATHS) {
      expect((await porcelainOf(engine, path)).toString('latin1'), path).toBe(gitPorcelain(repo, path).toString('latin1'));
    }
  });

  it('every fixture file with -w, and --line-porcelain', async () => {
    for (const path of PATHS) {
      expect((await porcelainOf(engine, path, { ignoreWhitespace: true })).toString('latin1'), path).toBe(
        gitPorcelain(repo, path, ['-w']).toString('latin1'),
      );
    }
    const line = await porcelainOf(engine, 'dir/moved.txt', {}, true);
    expect(line.toString('latin1')).toBe(repo.gitBytes(['blame', '--line-porcelain', 'HEAD', '--', 'dir/moved.txt']).toString('latin1'));
  });

  it('an older revision, and the root commit', async () => {
    const root = repo.revParse('HEAD~5');
    for (const [rev, path] of [['HEAD~2', 'dir/moved.txt'], [reformat, 'renamed.txt'], [root, 'ws.txt']] as const) {
      const r = await engine.blameFile(repo.dir, path, { rev, withText: true });
      expect(formatPorcelain(r, r.text!).toString('latin1')).toBe(gitPorcelain(repo, path, [], rev).toString('latin1'));
    }
  });

  it('--ignore-rev, by id and by name, with git flags for ignored lines', async () => {
    for (const path of ['ws.txt', 'gone.txt', 'dir/moved.txt']) {
      const expected = gitPorcelain(repo, path, ['--ignore-rev', reformat]).toString('latin1');
      expect((await porcelainOf(engine, path, { ignoreRevs: [reformat] })).toString('latin1'), path).toBe(expected);
      expect((await porcelainOf(engine, path, { ignoreRevs: [reformat.slice(0, 10)] })).toString('latin1'), path).toBe(expected);
    }
    // The reindented line passed through the ignored commit: flagged as git's `?` would show it.
    const flagged = await engine.blameFile(repo.dir, 'ws.txt', { ignoreRevs: [reformat] });
    expect([...flagged.flags].some((f) => f !== 0)).toBe(true);
  });

  it('a malformed ignore-revs file is a warning; its valid lines still apply', async () => {
    repo.write('.git-blame-ignore-revs', `# formatting\n${reformat}\nnot-a-sha\n\n`);
    const result = await engine.blameFile(repo.dir, 'ws.txt', { ignoreRevsFile: '.git-blame-ignore-revs', withText: true });
    expect(result.warnings.length).toBeGreaterThan(0);
    expect(formatPorcelain(result, result.text!).toString('latin1')).toBe(gitPorcelain(repo, 'ws.txt', ['--ignore-rev', reformat]).toString('latin1'));
    const unknown = await engine.blameFile(repo.dir, 'ws.txt', { ignoreRevs: ['no-such-rev'] });
    expect(unknown.warnings.length).toBeGreaterThan(0);
  });

  it('contents as a string and as bytes (uncommitted lines are the zero commit)', async () => {
    const text = 'int main() {\n    // new comment\n    return 0;\n}\nextra\n';
    repo.write('ws.txt.contents', text);
    const expected = normalizeNotCommitted(gitPorcelain(repo, 'ws.txt', ['--contents', 'ws.txt.contents'], ''))
      .replace(/^summary Version of ws.txt from .*$/m, 'summary Version of ws.txt from ws.txt');
    for (const contents of [text, Buffer.from(text)]) {
      const out = await porcelainOf(engine, 'ws.txt', { contents });
      expect(normalizeNotCommitted(out)).toBe(expected);
    }
  });

  it('mailmap is applied by default and can be turned off', async () => {
    const mapped = await engine.blameFile(repo.dir, 'gone.txt');
    expect(mapped.commits.map((c) => c.authorName)).toContain('Carol Canonical');
    const raw = await engine.blameFile(repo.dir, 'gone.txt', { mailmap: false });
    expect(raw.commits.map((c) => c.authorName)).toContain('Carol');
    expect(raw.commits.map((c) => c.authorEmail)).toContain('carol@old.example');
  });

  it('columns: origins carry renames and previous', async () => {
    const r = await engine.blameFile(repo.dir, 'dir/moved.txt');
    expect(r.lineCount).toBe(8);
    expect(r.origins.map((o) => o.path)).toContain('a.txt');
    expect(r.origins.some((o) => o.previous !== undefined)).toBe(true);
    expect(r.rev).toBe(repo.head());
  });
});
