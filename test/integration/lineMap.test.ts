// The in-memory line map against the engine: seeded random edit sequences on a real file of a real
// repository; after every edit the mapped blame is compared line by line with
// `blameFile(repo, path, { contents })` of the same text. When the map asks for a re-blame, the test
// does what the editor does (a new base from the engine) and goes on.
//
// Where they must agree: every line whose text is unique in the buffer and in the base. Among
// duplicate lines (blank lines, `}`) git's diff may choose another alignment of the same length;
// those are counted and printed, not asserted (see src/blame/lineMap.ts).

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { LineMap, resultCommitIds, splitLines, type TextChange } from '../../src/blame/lineMap';
import { UNCOMMITTED_ID } from '../../src/blame/format';
import { loadEngine } from '../../src/engine/load';
import { enginesUnderTest } from '../helpers/engines';
import type { Engine } from '../../src/engine/types';
import { RepoBuilder } from '../fixtures/builder';
import { seededRandom } from '../fixtures/random-repo';

let repo: RepoBuilder;
let engine: Engine;
const FILE = 'src/module.ts';

function block(tag: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(i % 7 === 6 ? '' : i % 9 === 8 ? '}' : `  const ${tag}${i} = compute(${tag.length * 31 + i});`);
  }
  return out;
}

beforeAll(() => {
  repo = RepoBuilder.create();
  let lines = [...block('alpha', 30)];
  repo.write(FILE, lines.join('\n') + '\n').commit('first version', 'Ann <ann@example.com>');
  lines = [...lines.slice(0, 10), ...block('beta', 15), ...lines.slice(10)];
  repo.write(FILE, lines.join('\n') + '\n').commit('beta block', 'Bob <bob@example.com>');
  lines = [...lines.slice(0, 30), ...block('gamma', 12), ...lines.slice(34)];
  repo.write(FILE, lines.join('\n') + '\n').commit('gamma replaces four lines', 'Cy <cy@example.com>');
  engine = loadEngine('native');
});
afterAll(() => repo?.cleanup());

/** A random edit of `lines` (the buffer), in VS Code's change form. */
function randomEdit(lines: string[], rnd: () => number, fresh: () => string): TextChange {
  const pick = (n: number): number => Math.floor(rnd() * n);
  const L = pick(lines.length);
  const len = lines[L]!.length;
  switch (pick(6)) {
    case 0: { // insert whole lines above L
      const k = 1 + pick(3);
      return { startLine: L, startCharacter: 0, endLine: L, endCharacter: 0, text: Array.from({ length: k }, fresh).join('\n') + '\n' };
    }
    case 1: // Enter at the end of L, then a new line
      return { startLine: L, startCharacter: len, endLine: L, endCharacter: len, text: `\n${fresh()}` };
    case 2: { // delete whole lines
      const end = Math.min(lines.length - 1, L + 1 + pick(2));
      return { startLine: L, startCharacter: 0, endLine: end, endCharacter: 0, text: '' };
    }
    case 3: { // type inside a line
      const c = pick(len + 1);
      return { startLine: L, startCharacter: c, endLine: L, endCharacter: c, text: 'xy' };
    }
    case 4: { // split a line (Enter in the middle)
      const c = pick(len + 1);
      return { startLine: L, startCharacter: c, endLine: L, endCharacter: c, text: '\n' };
    }
    default: // join L with the next line
      if (L + 1 >= lines.length) return { startLine: L, startCharacter: len, endLine: L, endCharacter: len, text: 'z' };
      return { startLine: L, startCharacter: len, endLine: L + 1, endCharacter: 0, text: '' };
  }
}

/** Applies a change to a plain line array; returns the change that undoes it. */
function applyToLines(lines: string[], c: TextChange): TextChange {
  const removed = [lines[c.startLine]!.slice(c.startCharacter), ...lines.slice(c.startLine + 1, c.endLine + 1)];
  if (c.endLine === c.startLine) removed[0] = lines[c.startLine]!.slice(c.startCharacter, c.endCharacter);
  else removed[removed.length - 1] = lines[c.endLine]!.slice(0, c.endCharacter);
  const pieces = splitLines(c.text);
  const head = lines[c.startLine]!.slice(0, c.startCharacter);
  const tail = lines[c.endLine]!.slice(c.endCharacter);
  const inserted = [...pieces];
  inserted[0] = head + inserted[0];
  inserted[inserted.length - 1] += tail;
  lines.splice(c.startLine, c.endLine - c.startLine + 1, ...inserted);
  const endLine = c.startLine + pieces.length - 1;
  const endCharacter = pieces.length === 1 ? c.startCharacter + pieces[0]!.length : pieces[pieces.length - 1]!.length;
  return { startLine: c.startLine, startCharacter: c.startCharacter, endLine, endCharacter, text: removed.join('\n') };
}

interface Tally { compared: number; duplicateLines: number; duplicateAgreed: number; reblames: number; edits: number }

async function blame(text: string, ignoreWhitespace: boolean) {
  return engine.blameFile(repo.dir, FILE, { contents: text, ignoreWhitespace });
}

async function runSequence(seed: number, steps: number, ignoreWhitespace: boolean, tally: Tally, startText?: string): Promise<void> {
  const rnd = seededRandom(seed);
  let counter = 0;
  const fresh = (): string => `  inserted(${seed}, ${counter++});`;
  const lines = splitLines(startText ?? repo.read(FILE).toString('utf8'));
  const committed = repo.read(FILE).toString('utf8');
  let map = new LineMap(await blame(lines.join('\n'), ignoreWhitespace), lines.join('\n'), ignoreWhitespace, committed);
  const undo: TextChange[] = [];
  const history: string[] = [];
  for (let step = 0; step < steps; step++) {
    // One step in four undoes the last edit, as Ctrl+Z would.
    const change = undo.length && rnd() < 0.25 ? undo.pop()! : randomEdit(lines, rnd, fresh);
    const inverse = applyToLines(lines, change);
    if (change !== undo[undo.length]) undo.push(inverse);
    map.apply(change);
    history.push(`${step}: ${JSON.stringify(change)} -> ${map.commitIds().slice(5, 10).map((x) => x.slice(0, 4)).join(',')}`);
    tally.edits++;
    const text = lines.join('\n');
    expect(map.text()).toBe(text);
    const git = await blame(text, ignoreWhitespace);
    const gitIds = resultCommitIds(git);
    const ours = map.commitIds();
    if (map.needsReblame) {
      // What the editor does after its debounce: the engine's answer becomes the new base.
      tally.reblames++;
      map = new LineMap(git, text, ignoreWhitespace, committed);
      history.push('reblame');
      continue;
    }
    if (!(ours.length === gitIds.length || (ours.length === gitIds.length + 1 && ours.at(-1) === ''))) {
      throw new Error(`seed ${seed} step ${step}: ${ours.length} mapped lines, git ${gitIds.length}; last ${JSON.stringify(lines.slice(-2))} ${ours.slice(-2)}`);
    }
    const counts = new Map<string, number>();
    for (const l of lines) counts.set(l, (counts.get(l) ?? 0) + 1);
    for (let i = 0; i < gitIds.length; i++) {
      const unique = counts.get(lines[i]!) === 1 && lines[i]!.trim() !== '' && lines[i]!.trim() !== '}';
      if (unique) {
        tally.compared++;
        if (ours[i] !== gitIds[i]) {
          if (process.env.DEBUG_MAP) console.log(history.join('\n'));
          if (process.env.DEBUG_MAP) console.log(lines.map((l, k) => `${k + 1} ${ours[k]?.slice(0, 6)} ${gitIds[k]?.slice(0, 6)} ${JSON.stringify(l)}`).join('\n'), '\nBASE\n', (map as unknown as { baseKeys: string[] }).baseKeys.join('\n'));
          throw new Error(`seed ${seed} step ${step}: line ${i + 1} ${JSON.stringify(lines[i])}: map ${ours[i]}, git ${gitIds[i]}`);
        }
      } else {
        tally.duplicateLines++;
        if (ours[i] === gitIds[i]) tally.duplicateAgreed++;
      }
    }
  }
}

describe('LineMap against blameFile with contents', () => {
  test.each(enginesUnderTest().map((e) => [e.name, e.engine] as const))('the common edits map exactly and need no engine call (%s engine)', async (_name, eng) => {
    const blame = (t: string) => eng.blameFile(repo.dir, FILE, { contents: t });
    const text = repo.read(FILE).toString('utf8');
    const map = new LineMap(await blame(text), text);
    const before = map.commitIds();
    // Three lines typed above line 20, then Enter at the end of line 5.
    map.apply({ startLine: 19, startCharacter: 0, endLine: 19, endCharacter: 0, text: 'one\ntwo\nthree\n' });
    map.apply({ startLine: 4, startCharacter: 99, endLine: 4, endCharacter: 99, text: '\n' });
    const after = map.commitIds();
    expect(after.slice(0, 5)).toEqual(before.slice(0, 5));
    expect(after[5]).toBe(UNCOMMITTED_ID);
    expect(after.slice(6, 20)).toEqual(before.slice(5, 19));
    expect(after.slice(20, 23)).toEqual([UNCOMMITTED_ID, UNCOMMITTED_ID, UNCOMMITTED_ID]);
    expect(after.slice(23)).toEqual(before.slice(19));
    expect(map.needsReblame).toBe(false);
    expect(after.slice(0, -1)).toEqual(resultCommitIds(await blame(map.text())));
  });

  test('a line edited and edited back gets its commit back; a deleted line typed again asks for a re-blame', async () => {
    const text = repo.read(FILE).toString('utf8');
    const map = new LineMap(await blame(text, false), text);
    const id = map.commitIds()[12]!;
    map.apply({ startLine: 12, startCharacter: 2, endLine: 12, endCharacter: 2, text: 'X' });
    expect(map.commitIds()[12]).toBe(UNCOMMITTED_ID);
    map.apply({ startLine: 12, startCharacter: 2, endLine: 12, endCharacter: 3, text: '' });
    expect(map.commitIds()[12]).toBe(id);
    const line = splitLines(text)[12]!;
    map.apply({ startLine: 12, startCharacter: 0, endLine: 13, endCharacter: 0, text: '' });
    expect(map.needsReblame).toBe(false);
    map.apply({ startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 0, text: `${line}\n` });
    expect(map.needsReblame).toBe(true);
  });

  test('seeded random edit sequences agree with git on every unique line', async () => {
    const tally: Tally = { compared: 0, duplicateLines: 0, duplicateAgreed: 0, reblames: 0, edits: 0 };
    for (let seed = 1; seed <= 40; seed++) await runSequence(seed, 25, false, tally);
    console.log(`line map: ${tally.edits} edits, ${tally.compared} unique lines compared, ${tally.reblames} re-blames asked; duplicate lines agreeing ${tally.duplicateAgreed}/${tally.duplicateLines}`);
    expect(tally.compared).toBeGreaterThan(10_000);
    // Re-blames stay the exception: mapping must suffice for most edits.
    expect(tally.reblames).toBeLessThan(tally.edits / 6);
  });

  test('the same with whitespace ignored, from a buffer with unsaved changes', async () => {
    const tally: Tally = { compared: 0, duplicateLines: 0, duplicateAgreed: 0, reblames: 0, edits: 0 };
    const dirty = repo.read(FILE).toString('utf8').replace('alpha3 ', ' alpha3  ').replace('beta2', 'beta2b');
    for (let seed = 100; seed <= 110; seed++) await runSequence(seed, 25, true, tally, dirty);
    expect(tally.compared).toBeGreaterThan(2_000);
  });
});
