// The blame of a buffer that is being edited: a committed blame (the *base*, computed by the engine
// for the buffer's text at some moment) mapped through the text edits made since, in memory.
//
// Terminology: a *base line* is a line of the text the engine blamed; a *buffer line* is a line of
// the document now. Every buffer line either points at one base line (it descends from it) or at
// none (it was inserted). A buffer line shows its base line's commit only while its text still
// equals the base line's text ("matched"); an edited line reads as uncommitted, and gets its commit
// back as soon as it is edited back to the same text (undo, or retyping).
//
// Mapping rule for one edit (the old lines startLine..endLine become the new lines of the edit):
//
//   old:  [b3 "x"] [b4 "abc"]              new: ["x"] [""] ["abc"]     (Enter typed at start of "abc")
//          anchor ----------------\____________/        \___ anchor
//
//   1. anchors: new lines whose text equals the base text of an old line, matched in order
//      (greedy, so the common cases — Enter at the start or end of a line, pasting lines — keep
//      every untouched line on its own commit);
//   2. gaps between anchors: the unmatched new lines take the unmatched old lines' bases in order
//      (a line edited in place keeps its base, so editing it back restores the commit); extra new
//      lines are inserted lines (no base).
//
// When mapping is not enough: git compares the whole buffer with the committed file, so an
// inserted or edited line whose text equals a committed line that no buffer line matches any more
// (a deleted line typed again, a line cut and pasted elsewhere, a join undone by hand) may get a
// commit from git where the map says "uncommitted". The map notices exactly that case (a text that
// is both *free* — a base line nobody matches — and carried by an unmatched buffer line) and says
// `needsReblame`; the caller then re-blames the buffer with `contents` after a pause. So does an
// edit too large to match line by line. Otherwise the map equals git's answer for every line whose
// text is unique; among duplicate lines (blank lines, `}`) git's diff may pick another alignment of
// equal length — documented and tested in test/integration/lineMap.test.ts.

import type { BlameCommit, BlameOrigin, BlameResult } from '../engine/types';
import { UNCOMMITTED_ID } from './format';

/** A text change in VS Code's terms: a 0-based line/character range of the text before it, and the text replacing it. */
export interface TextChange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
  text: string;
}

export type LineBlame =
  | { kind: 'commit'; commit: BlameCommit; origin: BlameOrigin; /** 1-based line in the origin's file. */ sourceLine: number }
  | { kind: 'uncommitted' }
  /** The empty last line after a final newline: git has no line there. */
  | { kind: 'none' };

/** lineCommit's answers for lines without a commit. */
export const UNCOMMITTED = -1;
export const NO_LINE = -2;

/** An edit larger than this (old × new lines) is not matched line by line: positional mapping, then a re-blame. */
const MAX_MATCH_WORK = 200_000;

const EOL = /\r\n|\r|\n/;

export function splitLines(text: string): string[] {
  return text.split(EOL);
}

class Counter {
  private readonly counts = new Map<string, number>();
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  remove(key: string): void {
    const n = (this.counts.get(key) ?? 0) - 1;
    if (n > 0) this.counts.set(key, n);
    else this.counts.delete(key);
  }
  has(key: string): boolean {
    return this.counts.has(key);
  }
}

export class LineMap {
  /** Per buffer line: its base line (0-based) or -1 for an inserted line. */
  private bases: number[];
  /** Per buffer line: its text now (without end of line). */
  private texts: string[];
  /** Per base line: its text as compared (normalised when ignoring whitespace). */
  private readonly baseKeys: string[];
  /** Texts of committed base lines that no buffer line matches. */
  private readonly free = new Counter();
  /** Texts of buffer lines that match no base line. */
  private readonly unmatched = new Counter();
  /** Base lines before this index ended with a newline (all but the last, when the base text had none at its end). */
  private readonly baseNewlines: number;
  private reblame = false;
  /** Edits applied since the base was blamed (for the bench and the logs). */
  edits = 0;

  /**
   * @param base the engine's blame of `text` (blamed with `contents: text`)
   * @param text the buffer text that was blamed
   * @param committedText the file at the blamed revision, when known: its lines missing from `text`
   *   (deleted before the base was blamed) are free too, so typing one of them again asks for a re-blame
   */
  constructor(readonly base: BlameResult, text: string, private readonly ignoreWhitespace = false, committedText?: string) {
    this.texts = splitLines(text);
    this.baseKeys = this.texts.slice(0, base.lineCount).map((t) => this.key(t));
    this.baseNewlines = this.texts.length - 1;
    this.bases = this.texts.map((_, i) => (i < base.lineCount ? i : -1));
    if (committedText !== undefined) {
      // free = committed lines − buffer lines that match a committed base line (as multisets)
      for (const line of splitLines(committedText)) this.free.add(this.key(line));
      for (let i = 0; i < base.lineCount; i++) if (this.isCommittedBase(i)) this.free.remove(this.baseKeys[i]!);
    }
    for (let i = 0; i < this.texts.length; i++) if (!this.matched(i)) this.noteUnmatched(i);
  }

  get lineCount(): number {
    return this.texts.length;
  }

  /** True when git might attribute a line the map calls uncommitted: re-blame with `contents`. */
  get needsReblame(): boolean {
    return this.reblame;
  }

  /** The buffer's text as the map knows it (lines joined with `\n`). */
  text(): string {
    return this.texts.join('\n');
  }

  private key(text: string): string {
    // git blame -w ignores whitespace when comparing lines.
    return this.ignoreWhitespace ? text.replace(/\s+/g, '') : text;
  }

  private isCommittedBase(b: number): boolean {
    return this.base.commits[this.base.origins[this.base.origin[b]!]!.commit]!.id !== UNCOMMITTED_ID;
  }

  private matched(line: number): boolean {
    const b = this.bases[line]!;
    if (b < 0 || this.baseKeys[b] !== this.key(this.texts[line]!)) return false;
    // git compares lines with their newline: a last line that lost (or gained) its final newline
    // differs, unless whitespace is ignored (the newline is whitespace then).
    return this.ignoreWhitespace || line < this.texts.length - 1 === b < this.baseNewlines;
  }

  /** The empty line after a final newline: git has no line there, so it never matches anything. */
  private isPhantom(line: number): boolean {
    return line === this.texts.length - 1 && this.texts[line] === '' && this.texts.length > 1;
  }

  private noteUnmatched(line: number): void {
    // Not counted: it would make every deleted committed blank line look like a re-blame case.
    // Any edit that changes which line is last includes the old and the new last line, so the
    // counters stay consistent.
    if (!this.isPhantom(line)) this.unmatched.add(this.key(this.texts[line]!));
  }

  /** Forget a buffer line's contribution to the counters (before it is replaced). */
  private release(line: number): void {
    if (this.matched(line)) {
      const b = this.bases[line]!;
      if (this.isCommittedBase(b)) this.free.add(this.baseKeys[b]!);
    } else if (!this.isPhantom(line)) {
      this.unmatched.remove(this.key(this.texts[line]!));
    }
  }

  /** Add a buffer line's contribution; true when it makes the map doubtful. */
  private claim(line: number): boolean {
    const key = this.key(this.texts[line]!);
    if (this.matched(line)) {
      if (this.isCommittedBase(this.bases[line]!)) this.free.remove(key);
      return false;
    }
    if (this.isPhantom(line)) return false;
    this.unmatched.add(key);
    return this.free.has(key);
  }

  /** Applies VS Code's content changes of one event, in order (as VS Code applies them to its own copy). */
  applyChanges(changes: readonly TextChange[]): void {
    for (const c of changes) this.apply(c);
  }

  apply(change: TextChange): void {
    this.edits++;
    const { startLine, startCharacter, endLine, endCharacter } = change;
    const oldCount = endLine - startLine + 1;
    const pieces = splitLines(change.text);
    const last = pieces.length - 1;
    pieces[0] = this.texts[startLine]!.slice(0, startCharacter) + pieces[0];
    pieces[last] = pieces[last]! + this.texts[endLine]!.slice(endCharacter);

    const oldBases = this.bases.slice(startLine, endLine + 1);
    const freedKeys: string[] = [];
    for (let i = startLine; i <= endLine; i++) {
      if (this.matched(i) && this.isCommittedBase(this.bases[i]!)) freedKeys.push(this.baseKeys[this.bases[i]!]!);
      this.release(i);
    }

    const newBases = this.assign(oldBases, pieces);
    this.texts.splice(startLine, oldCount, ...pieces);
    this.bases.splice(startLine, oldCount, ...newBases);

    let doubtful = oldCount * pieces.length > MAX_MATCH_WORK;
    for (let j = 0; j < pieces.length; j++) if (this.claim(startLine + j)) doubtful = true;
    // A base text this edit set free may equal a line inserted earlier elsewhere.
    for (const key of freedKeys) if (this.free.has(key) && this.unmatched.has(key)) doubtful = true;
    if (doubtful) this.reblame = true;
  }

  /** Bases for the new lines of an edit: anchors by equal text, then gaps filled in order. */
  private assign(oldBases: number[], pieces: string[]): number[] {
    const out = new Array<number>(pieces.length).fill(-1);
    const usedOld = new Array<boolean>(oldBases.length).fill(false);
    const anchors: [number, number][] = []; // [new index, old index]
    if (oldBases.length * pieces.length <= MAX_MATCH_WORK) {
      let from = 0;
      for (let j = 0; j < pieces.length && from < oldBases.length; j++) {
        const key = this.key(pieces[j]!);
        for (let i = from; i < oldBases.length; i++) {
          const b = oldBases[i]!;
          if (b >= 0 && this.baseKeys[b] === key) {
            out[j] = b;
            usedOld[i] = true;
            anchors.push([j, i]);
            from = i + 1;
            break;
          }
        }
      }
    }
    // Gaps: before the first anchor, between anchors, after the last one.
    anchors.push([pieces.length, oldBases.length]);
    let prevNew = 0;
    let prevOld = 0;
    for (const [aj, ai] of anchors) {
      let i = prevOld;
      for (let j = prevNew; j < aj && i < ai; j++, i++) out[j] = oldBases[i]!;
      prevNew = aj + 1;
      prevOld = ai + 1;
    }
    return out;
  }

  /**
   * The commit of buffer line `line` as an index into `base.commits`; UNCOMMITTED for an uncommitted
   * line, NO_LINE for none. Allocation-free, for walks over every line (file blame).
   */
  lineCommit(line: number): number {
    if (line < 0 || line >= this.texts.length) return NO_LINE;
    if (this.isPhantom(line)) return NO_LINE;
    if (!this.matched(line)) return UNCOMMITTED;
    const c = this.base.origins[this.base.origin[this.bases[line]!]!]!.commit;
    return this.base.commits[c]!.id === UNCOMMITTED_ID ? UNCOMMITTED : c;
  }

  /** The blame of buffer line `line` (0-based) now. */
  lineBlame(line: number): LineBlame {
    if (line < 0 || line >= this.texts.length) return { kind: 'none' };
    if (this.isPhantom(line)) return { kind: 'none' };
    if (this.matched(line)) {
      const b = this.bases[line]!;
      const origin = this.base.origins[this.base.origin[b]!]!;
      const commit = this.base.commits[origin.commit]!;
      if (commit.id === UNCOMMITTED_ID) return { kind: 'uncommitted' };
      return { kind: 'commit', commit, origin, sourceLine: this.base.sourceLine[b]! };
    }
    return { kind: 'uncommitted' };
  }

  /** Commit id per buffer line (uncommitted: the all-zero id; `none`: ''), for tests and file blame. */
  commitIds(): string[] {
    return this.texts.map((_, i) => {
      const lb = this.lineBlame(i);
      return lb.kind === 'commit' ? lb.commit.id : lb.kind === 'uncommitted' ? UNCOMMITTED_ID : '';
    });
  }
}

/** Commit id per line of an engine result (for comparisons). */
export function resultCommitIds(result: BlameResult): string[] {
  const out: string[] = [];
  for (let i = 0; i < result.lineCount; i++) out.push(result.commits[result.origins[result.origin[i]!]!.commit]!.id);
  return out;
}
