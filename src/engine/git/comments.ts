// Whole-line comments by file extension, as gitinspector counts them (its comment.py), so that
// "Lines" can leave comments out (native/core/src/comments.rs decides the same way):
//
// A line is a comment line when all of its non-whitespace text lies inside comments: it starts a
// line comment (after trimming), or lies inside a block comment, or opens/closes blocks with nothing
// else on the line (`/* note */`, `/**`, ` * text`, `*/`). Code before a comment (`x = 1; // y`) or
// after a block's end (`*/ x = 1;`) makes the line code. A block opened after code carries on to the
// following lines. Markers inside string literals are not recognised (neither does gitinspector).
// Files of unknown extensions have no comment lines.

export interface CommentSyntax {
  line: string[];
  block: [open: string, close: string][];
}

const C_LIKE: CommentSyntax = { line: ['//'], block: [['/*', '*/']] };
const HASH: CommentSyntax = { line: ['#'], block: [] };
const DASH: CommentSyntax = { line: ['--'], block: [] };
const MARKUP: CommentSyntax = { line: [], block: [['<!--', '-->']] };
const PERCENT: CommentSyntax = { line: ['%'], block: [] };
const SEMI: CommentSyntax = { line: [';'], block: [] };

/** Extension (lower case, no dot) → syntax. Files named in FILE_NAMES match by base name. */
export const COMMENT_SYNTAX: Record<string, CommentSyntax> = {
  ...Object.fromEntries(
    [
      'c', 'h', 'cc', 'cpp', 'cxx', 'hh', 'hpp', 'hxx', 'cs', 'java', 'js', 'mjs', 'cjs', 'jsx', 'ts', 'mts',
      'cts', 'tsx', 'go', 'rs', 'rlib', 'kt', 'kts', 'swift', 'scala', 'glsl', 'dart', 'groovy', 'gradle',
      'm', 'mm', 'proto', 'zig', 'v', 'sv', 'scss', 'less', 'jsonc',
    ].map((e) => [e, C_LIKE]),
  ),
  css: { line: [], block: [['/*', '*/']] },
  php: { line: ['//', '#'], block: [['/*', '*/']] },
  py: { line: ['#'], block: [['"""', '"""'], ["'''", "'''"]] },
  pyi: { line: ['#'], block: [] },
  rb: { line: ['#'], block: [['=begin', '=end']] },
  ...Object.fromEntries(
    ['sh', 'bash', 'zsh', 'fish', 'pl', 'pm', 'r', 'yml', 'yaml', 'toml', 'cmake', 'mk', 'robot', 'po', 'pot',
      'ps1', 'psm1', 'tcl', 'nix', 'cfg', 'conf', 'ini', 'dockerfile', 'gitignore', 'gitattributes', 'mailmap']
      .map((e) => [e, HASH]),
  ),
  sql: { line: ['--'], block: [['/*', '*/']] },
  lua: { line: ['--'], block: [['--[[', ']]']] },
  hs: { line: ['--'], block: [['{-', '-}']] },
  elm: { line: ['--'], block: [['{-', '-}']] },
  ada: DASH,
  ads: DASH,
  adb: DASH,
  vhd: DASH,
  vhdl: DASH,
  html: MARKUP,
  htm: MARKUP,
  xhtml: MARKUP,
  xml: MARKUP,
  jspx: MARKUP,
  svg: MARKUP,
  vue: { line: ['//'], block: [['<!--', '-->'], ['/*', '*/']] },
  svelte: { line: ['//'], block: [['<!--', '-->'], ['/*', '*/']] },
  tex: { line: ['%'], block: [['\\begin{comment}', '\\end{comment}']] },
  sty: PERCENT,
  erl: PERCENT,
  hrl: PERCENT,
  ly: { line: ['%'], block: [['%{', '%}']] },
  ily: { line: ['%'], block: [['%{', '%}']] },
  ml: { line: [], block: [['(*', '*)']] },
  mli: { line: [], block: [['(*', '*)']] },
  clj: SEMI,
  cljs: SEMI,
  lisp: SEMI,
  el: SEMI,
  scm: SEMI,
  asm: SEMI,
  s: { line: [';', '#'], block: [] },
  vim: { line: ['"'], block: [] },
  bat: { line: ['rem ', 'REM ', '::'], block: [] },
  cmd: { line: ['rem ', 'REM ', '::'], block: [] },
  f90: { line: ['!'], block: [] },
  matlab: PERCENT,
};

/** Base names without a useful extension. */
export const FILE_NAMES: Record<string, CommentSyntax> = {
  makefile: HASH,
  dockerfile: HASH,
  cmakelists: HASH,
  '.gitignore': HASH,
  '.gitattributes': HASH,
  '.mailmap': HASH,
};

/**
 * The extension as gitinspector sees it (Python's os.path.splitext), lower case: the part after the
 * last dot, ignoring leading dots (`.gitignore` has none); '' when there is none.
 */
export function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/^\.+/, '');
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1).toLowerCase();
}

export function syntaxFor(path: string): CommentSyntax | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return FILE_NAMES[base] ?? FILE_NAMES[base.replace(/\.txt$/, '')] ?? COMMENT_SYNTAX[extensionOf(path)];
}

/** Per line of `lines`: true when it is a whole-line comment. */
export function classifyComments(path: string, lines: readonly string[]): boolean[] {
  const syntax = syntaxFor(path);
  const result = new Array<boolean>(lines.length).fill(false);
  if (!syntax) return result;
  let closer: string | undefined; // set while inside a block comment
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    let pos = 0;
    let code = false;
    while (pos < text.length) {
      if (closer !== undefined) {
        const end = text.indexOf(closer, pos);
        if (end < 0) {
          pos = text.length;
          break;
        }
        pos = end + closer.length;
        closer = undefined;
        continue;
      }
      // Outside a comment: skip whitespace, then a line comment ends the line, an opener starts a block.
      while (pos < text.length && /\s/.test(text[pos]!)) pos++;
      if (pos >= text.length) break;
      const rest = text.slice(pos);
      if (syntax.line.some((m) => rest.startsWith(m))) break;
      const opener = syntax.block.find(([open]) => rest.startsWith(open));
      if (opener) {
        closer = opener[1];
        pos += opener[0].length;
        continue;
      }
      // Code: the line is code, but a block opened later on it still carries on.
      code = true;
      let next: { at: number; open: string; close: string } | undefined;
      for (const [open, close] of syntax.block) {
        const at = text.indexOf(open, pos);
        if (at >= 0 && (!next || at < next.at)) next = { at, open, close };
      }
      const lineAt = Math.min(...syntax.line.map((m) => { const at = text.indexOf(m, pos); return at < 0 ? Infinity : at; }), Infinity);
      if (!next || lineAt < next.at) break;
      closer = next.close;
      pos = next.at + next.open.length;
    }
    result[i] = !code && text.trim() !== '';
  }
  return result;
}
