//! Whole-line comments and empty lines, as gitinspector's `comment.py` decides them.
//!
//! Terms:
//! - **empty line**: a line with nothing but whitespace.
//! - **comment line**: after trimming, the line starts a *line comment* (`//`, `#`, `--`, `%`…),
//!   or lies wholly inside a *block comment*, or opens/closes one with nothing else on the line
//!   (`/* note */`, `/**`, ` * text`, `*/`). A line with code before a comment (`x = 1; // y`) or
//!   after a block's end (`*/ x = 1;`) is code.
//!
//! The language comes from the file extension; files of unknown extensions have no comment
//! lines (only empty lines are recognised there).

/// What one line is, for the comment/empty-line rules of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Code,
    Comment,
    Empty,
}

/// The comment markers of one language family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommentSyntax {
    /// Markers that comment out the rest of the line.
    pub line: &'static [&'static str],
    /// (begin, end) pairs of block comments.
    pub block: &'static [(&'static str, &'static str)],
}

const C_LIKE: CommentSyntax = CommentSyntax { line: &["//"], block: &[("/*", "*/")] };
const HASH: CommentSyntax = CommentSyntax { line: &["#"], block: &[] };
const MARKUP: CommentSyntax = CommentSyntax { line: &[], block: &[("<!--", "-->")] };
const CSS: CommentSyntax = CommentSyntax { line: &[], block: &[("/*", "*/")] };
const SQL: CommentSyntax = CommentSyntax { line: &["--"], block: &[("/*", "*/")] };
const LUA: CommentSyntax = CommentSyntax { line: &["--"], block: &[("--[[", "]]")] };
const HASKELL: CommentSyntax = CommentSyntax { line: &["--"], block: &[("{-", "-}")] };
const TEX: CommentSyntax = CommentSyntax { line: &["%"], block: &[] };
const PHP: CommentSyntax = CommentSyntax { line: &["//", "#"], block: &[("/*", "*/")] };
const LISP: CommentSyntax = CommentSyntax { line: &[";"], block: &[] };
const OCAML: CommentSyntax = CommentSyntax { line: &[], block: &[("(*", "*)")] };
const ERLANG: CommentSyntax = CommentSyntax { line: &["%"], block: &[] };
const VB: CommentSyntax = CommentSyntax { line: &["'"], block: &[] };
const ADA: CommentSyntax = CommentSyntax { line: &["--"], block: &[] };
const VIM: CommentSyntax = CommentSyntax { line: &["\""], block: &[] };
const INI: CommentSyntax = CommentSyntax { line: &[";", "#"], block: &[] };
const FORTRAN: CommentSyntax = CommentSyntax { line: &["!"], block: &[] };
const PERL: CommentSyntax = CommentSyntax { line: &["#"], block: &[("=pod", "=cut"), ("=head1", "=cut")] };
const RUBY: CommentSyntax = CommentSyntax { line: &["#"], block: &[("=begin", "=end")] };
const JULIA: CommentSyntax = CommentSyntax { line: &["#"], block: &[("#=", "=#")] };
const PASCAL: CommentSyntax = CommentSyntax { line: &["//"], block: &[("{", "}"), ("(*", "*)")] };
const MATLAB: CommentSyntax = CommentSyntax { line: &["%"], block: &[("%{", "%}")] };

/// The comment syntax for a file extension (without dot, any case), if we know the language.
pub fn syntax_for_extension(ext: &str) -> Option<CommentSyntax> {
    let ext = ext.to_ascii_lowercase();
    Some(match ext.as_str() {
        "c" | "cc" | "cpp" | "cxx" | "c++" | "h" | "hh" | "hpp" | "hxx" | "ino" | "java" | "js" | "mjs"
        | "cjs" | "ts" | "mts" | "cts" | "jsx" | "tsx" | "cs" | "go" | "rs" | "swift" | "kt" | "kts"
        | "scala" | "sc" | "groovy" | "gradle" | "dart" | "m" | "mm" | "d" | "zig" | "v" | "sv" | "proto"
        | "less" | "scss" | "sass" | "jsonc" | "glsl" | "hlsl" | "cu" | "sol" => C_LIKE,
        "php" => PHP,
        "py" | "pyw" | "pyi" | "sh" | "bash" | "zsh" | "ksh" | "fish" | "yaml" | "yml" | "toml" | "r" | "cmake"
        | "mk" | "make" | "dockerfile" | "tcl" | "nim" | "cr" | "ex" | "exs" | "coffee" | "ps1" | "awk"
        | "conf" | "properties" | "gitignore" | "gitattributes" | "nix" | "tf" | "hcl" => HASH,
        "pl" | "pm" | "t" => PERL,
        "rb" | "rake" | "gemspec" => RUBY,
        "jl" => JULIA,
        "html" | "htm" | "xhtml" | "xml" | "xsd" | "xsl" | "xslt" | "svg" | "vue" | "svelte" | "md"
        | "markdown" | "jsp" | "aspx" | "cshtml" | "plist" | "csproj" | "vbproj" | "xaml" => MARKUP,
        "css" => CSS,
        "sql" => SQL,
        "lua" => LUA,
        "hs" | "lhs" | "elm" | "purs" => HASKELL,
        "ada" | "adb" | "ads" | "vhd" | "vhdl" => ADA,
        "tex" | "sty" | "cls" | "bib" => TEX,
        "erl" | "hrl" => ERLANG,
        "lisp" | "lsp" | "cl" | "el" | "clj" | "cljs" | "cljc" | "edn" | "scm" | "ss" | "rkt" | "asm" | "s" => LISP,
        "ml" | "mli" | "fs" | "fsi" | "fsx" => OCAML,
        "vb" | "vbs" | "bas" => VB,
        "vim" => VIM,
        "ini" | "cfg" => INI,
        "f" | "f90" | "f95" | "f03" | "for" => FORTRAN,
        "pas" | "pp" | "dpr" => PASCAL,
        "matlab" => MATLAB,
        _ => return None,
    })
}

/// Whether a line has nothing but whitespace.
pub fn is_empty_line(line: &[u8]) -> bool {
    line.iter().all(|b| b.is_ascii_whitespace())
}

/// Classify every line of a file, given its extension (`None` = no extension). `lines` are the
/// file's lines without their line ending (a trailing `\r` is treated as whitespace).
pub fn classify_lines<'a>(ext: Option<&str>, lines: impl IntoIterator<Item = &'a [u8]>) -> Vec<LineKind> {
    let syntax = ext.and_then(syntax_for_extension);
    let mut inside: Option<&'static str> = None;
    lines
        .into_iter()
        .map(|line| {
            if is_empty_line(line) {
                return LineKind::Empty;
            }
            match &syntax {
                Some(syntax) => classify(syntax, trim(line), &mut inside),
                None => LineKind::Code,
            }
        })
        .collect()
}

fn trim(line: &[u8]) -> &[u8] {
    let start = line.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(line.len());
    let end = line.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(start, |e| e + 1);
    &line[start..end]
}

/// Classify one trimmed, non-empty line; `inside` is the end marker of an open block comment.
///
/// A line is a comment only if every part of it is comment: starting inside a block (or with a
/// block opener or a line marker) and, whenever a block closes, what follows is again a comment
/// or nothing.
fn classify(syntax: &CommentSyntax, line: &[u8], inside: &mut Option<&'static str>) -> LineKind {
    let mut rest = line;
    let mut all_comment = true;
    loop {
        if let Some(end) = *inside {
            match find(rest, end.as_bytes()) {
                Some(i) => {
                    *inside = None;
                    rest = trim(&rest[i + end.len()..]);
                }
                None => return if all_comment { LineKind::Comment } else { LineKind::Code },
            }
            continue;
        }
        if rest.is_empty() {
            return if all_comment { LineKind::Comment } else { LineKind::Code };
        }
        // Longer markers first so `--[[` wins over `--` in Lua.
        if let Some((begin, end)) = syntax.block.iter().find(|(b, _)| rest.starts_with(b.as_bytes())) {
            *inside = Some(end);
            rest = &rest[begin.len()..];
            continue;
        }
        if syntax.line.iter().any(|m| rest.starts_with(m.as_bytes())) {
            return if all_comment { LineKind::Comment } else { LineKind::Code };
        }
        // Code on this line: the line is code, but a block comment may still open after it and
        // carry over to the next lines.
        all_comment = false;
        match syntax
            .block
            .iter()
            .filter_map(|(b, e)| find(rest, b.as_bytes()).map(|i| (i, *b, *e)))
            .min_by_key(|(i, _, _)| *i)
        {
            Some((i, begin, end)) if !line_marker_before(syntax, rest, i) => {
                *inside = Some(end);
                rest = &rest[i + begin.len()..];
            }
            _ => return LineKind::Code,
        }
    }
}

/// Whether a line comment starts before byte `i` (then a block opener after it is commented out).
fn line_marker_before(syntax: &CommentSyntax, rest: &[u8], i: usize) -> bool {
    syntax.line.iter().any(|m| find(&rest[..i], m.as_bytes()).is_some())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use LineKind::*;

    fn kinds(ext: &str, text: &str) -> Vec<LineKind> {
        classify_lines(Some(ext), text.lines().map(str::as_bytes))
    }

    #[test]
    fn c_like_lines_and_blocks() {
        let text = "int a; // x\n// only\n/* one */\n/*\n * inside\n */\n/* a */ int b;\nint c; /* open\nstill */\n   \n*/ x\n";
        assert_eq!(kinds("c", text), vec![Code, Comment, Comment, Comment, Comment, Comment, Code, Code, Comment, Empty, Code]);
    }

    #[test]
    fn hash_markup_sql_tex_and_unknown() {
        assert_eq!(kinds("py", "# c\nx = 1  # y\n\n"), vec![Comment, Code, Empty]);
        assert_eq!(kinds("html", "<!-- a -->\n<p>\n<!--\nb\n-->\n"), vec![Comment, Code, Comment, Comment, Comment]);
        assert_eq!(kinds("sql", "-- c\nSELECT 1;\n"), vec![Comment, Code]);
        assert_eq!(kinds("tex", "% c\n\\section{a}\n"), vec![Comment, Code]);
        assert_eq!(kinds("lua", "--[[\nx\n]]\n-- y\nz()\n"), vec![Comment, Comment, Comment, Comment, Code]);
        assert_eq!(kinds("txt", "# not a comment\n \n"), vec![Code, Empty]);
    }
}
