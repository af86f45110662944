// Comment and empty lines left out of "Lines": both engines read one table
// (native/core/data/comment-syntax.json) and must count the same lines per file. Exact counts too, so
// that both being wrong the same way fails.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RepoBuilder } from '../fixtures/builder';
import { enginesUnderTest } from '../helpers/engines';
import type { Engine } from '../../src/engine/types';

/** One file per comment family, and the lines that are neither comments nor empty. */
const FILES: Record<string, { text: string; code: number }> = {
  'src/main.c': {
    text: '// header\n/* block\n * inside\n */\n\nint main(void) { /* opens\n  still comment */\n  return 0; // done\n}\n/** doc */ int x;\n',
    code: 4,
  },
  // Docstrings are comments (gitinspector's `"""` markers); ''' strings are code, as there.
  'tool.py': {
    text: '#!/usr/bin/env python3\n"""Module docstring.\n\nMore text.\n"""\nimport os\n\ndef f():\n    \'\'\'single quotes\'\'\'\n    """Docstring."""\n    return 1  # trailing\n',
    code: 4,
  },
  'run.sh': { text: '#!/bin/sh\n# comment\necho hi\necho "#"\n', code: 2 },
  'page.html': { text: '<!DOCTYPE html>\n<!-- one -->\n<!--\nmulti\n-->\n<p>text</p> <!-- c -->\n', code: 2 },
  'query.sql': { text: '-- comment\nSELECT 1; -- c\n/* block */\nSELECT 2;\n', code: 2 },
  // `--[[` opens a block although it starts with the line marker `--`.
  'script.lua': { text: '--[[\nblock\n]]\n-- line\nprint("x")\n', code: 1 },
  'Makefile': { text: '# comment\nall:\n\techo done\n', code: 2 },
  // TeX's comment environment counts only at the start of a line.
  'paper.tex': { text: '% comment\n\\begin{comment}\nhidden\n\\end{comment}\nText \\begin{comment}\nmore text\n', code: 2 },
  'Main.hs': { text: '{- block\n-}\n-- line\nmain = print 1\n', code: 1 },
  'app.rb': { text: '=begin\ndoc\n=end\nputs 1\n', code: 1 },
  // Extensions only one of the engines knew before the shared table.
  'sketch.ino': { text: '// setup\nvoid setup() {}\n', code: 1 },
  'gui.pyw': { text: '"""doc"""\nx = 1\n', code: 1 },
  'style.sass': { text: '// c\n.a\n  color: red\n', code: 2 },
  // Unknown extension: no comment syntax, only empty lines go.
  'notes.txt': { text: '# not a comment\n// nor this\n\n', code: 2 },
};

let repo: RepoBuilder;

beforeAll(() => {
  repo = RepoBuilder.create();
  for (const [path, { text }] of Object.entries(FILES)) repo.write(path, text);
  repo.commit('one file per comment syntax');
});
afterAll(() => repo?.cleanup());

/** Lines per file, as the report counts them with `comments` and `emptyLines` as given. */
async function linesPerFile(engine: Engine, settings: { comments?: boolean; emptyLines?: boolean } = {}): Promise<Record<string, number>> {
  const analysis = await engine.analyzeRepository(repo.dir, settings);
  const lines: Record<string, number> = {};
  analysis.files.forEach((f, i) => {
    lines[f.path] = analysis.cells.filter((c) => c.file === i).reduce((n, c) => n + c.lines, 0);
  });
  return lines;
}

const engines = enginesUnderTest();

describe.each(engines)('comment lines ($name engine)', ({ engine }) => {
  it('leaves out comments and empty lines as the shared table says', async () => {
    const expected = Object.fromEntries(Object.entries(FILES).map(([path, { code }]) => [path, code]));
    expect(await linesPerFile(engine)).toEqual(expected);
  });

  it('counts every non-empty line when comments are asked for', async () => {
    const nonEmpty = (text: string): number => text.split('\n').filter((l) => l.trim() !== '').length;
    const expected = Object.fromEntries(Object.entries(FILES).map(([path, { text }]) => [path, nonEmpty(text)]));
    expect(await linesPerFile(engine, { comments: true })).toEqual(expected);
  });
});

describe.runIf(engines.length > 1)('both engines', () => {
  it('count the same lines per file, with and without comments and empty lines', async () => {
    for (const settings of [{}, { comments: true }, { emptyLines: true }, { comments: true, emptyLines: true }]) {
      const [a, b] = await Promise.all(engines.map(({ engine }) => linesPerFile(engine, settings)));
      expect(b, JSON.stringify(settings)).toEqual(a);
    }
  });
});
