// Whole-line comments by file name and extension, as gitinspector counts them (its comment.py), so
// that "Lines" can leave comments out. The table is native/core/data/comment-syntax.json, shared with
// the native engine (native/core/src/comments.rs, whose header gives the choices behind it: Python
// docstrings are comments, TeX comment blocks open only at the start of a line, the extension list).
// This file applies the same rules as comments.rs, step for step, so both engines count the same lines:
//
// A line is a comment line when all of its non-whitespace text lies inside comments: it starts a
// line comment (after trimming), or lies inside a block comment, or opens/closes blocks with nothing
// else on the line (`/* note */`, `/**`, ` * text`, `*/`). Code before a comment (`x = 1; // y`) or
// after a block's end (`*/ x = 1;`) makes the line code. A block opened after code carries on to the
// following lines. Block openers are tried before line markers (`--[[` in Lua). Markers inside string
// literals are not recognised (neither does gitinspector). Whitespace is ASCII whitespace, as in Rust.

import table from '../../../native/core/data/comment-syntax.json';

export interface CommentSyntax {
  name: string;
  line: string[];
  block: [open: string, close: string][];
  /** A block comment opens only at the start of a line, not after code (TeX). */
  blockOnlyAtLineStart?: boolean;
  extensions: string[];
  fileNames?: string[];
}

const LANGUAGES = table.languages as CommentSyntax[];
const BY_EXTENSION = new Map<string, CommentSyntax>();
const BY_FILE_NAME = new Map<string, CommentSyntax>();
for (const language of LANGUAGES) {
  for (const ext of language.extensions) if (!BY_EXTENSION.has(ext)) BY_EXTENSION.set(ext, language);
  for (const name of language.fileNames ?? []) if (!BY_FILE_NAME.has(name)) BY_FILE_NAME.set(name, language);
}

/**
 * The extension as gitinspector sees it (Python's os.path.splitext), lower case: the part after the
 * last dot, ignoring leading dots (`.gitignore` has none); '' when there is none.
 */
export function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/^\.+/, '');
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/** The comment syntax of a file: by its whole name (`Makefile`, `.gitignore`), else by extension. */
export function syntaxFor(path: string): CommentSyntax | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return BY_FILE_NAME.get(base) ?? BY_EXTENSION.get(extensionOf(path));
}

/** Rust's `u8::is_ascii_whitespace`: space, tab, LF, form feed, CR. */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}

function trim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/** A line with nothing but whitespace: an empty line of the report. */
export function isBlankLine(line: string): boolean {
  return trim(line) === '';
}

/** Per line of `lines`: true when it is a whole-line comment. */
export function classifyComments(path: string, lines: readonly string[]): boolean[] {
  const syntax = syntaxFor(path);
  const result = new Array<boolean>(lines.length).fill(false);
  if (!syntax) return result;
  const state: { inside?: string } = {};
  for (let i = 0; i < lines.length; i++) {
    const line = trim(lines[i]!);
    if (line !== '') result[i] = classifyLine(syntax, line, state);
  }
  return result;
}

/**
 * One trimmed, non-empty line (comments.rs `classify`): true when every part of it is comment;
 * `state.inside` is the end marker of an open block comment.
 */
function classifyLine(syntax: CommentSyntax, line: string, state: { inside?: string }): boolean {
  let rest = line;
  let allComment = true;
  for (;;) {
    if (state.inside !== undefined) {
      const end = rest.indexOf(state.inside);
      if (end < 0) return allComment;
      rest = trim(rest.slice(end + state.inside.length));
      state.inside = undefined;
      continue;
    }
    if (rest === '') return allComment;
    const opener = syntax.block.find(([open]) => rest.startsWith(open));
    if (opener) {
      state.inside = opener[1];
      rest = rest.slice(opener[0].length);
      continue;
    }
    if (syntax.line.some((m) => rest.startsWith(m))) return allComment;
    // Code: the line is code, but a block opened later on it (unless a line comment starts first)
    // still carries on to the next lines.
    allComment = false;
    if (syntax.blockOnlyAtLineStart) return false;
    let next: { at: number; open: string; close: string } | undefined;
    for (const [open, close] of syntax.block) {
      const at = rest.indexOf(open);
      if (at >= 0 && (!next || at < next.at)) next = { at, open, close };
    }
    if (!next || syntax.line.some((m) => { const at = rest.indexOf(m); return at >= 0 && at < next!.at; })) return false;
    state.inside = next.close;
    rest = rest.slice(next.at + next.open.length);
  }
}
