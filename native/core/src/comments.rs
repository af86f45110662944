//! Whole-line comments and empty lines, as gitinspector's `comment.py` decides them.
//!
//! Terms:
//! - **empty line**: a line with nothing but (ASCII) whitespace.
//! - **comment line**: after trimming, the line starts a *line comment* (`//`, `#`, `--`, `%`…),
//!   or lies wholly inside a *block comment*, or opens/closes one with nothing else on the line
//!   (`/* note */`, `/**`, ` * text`, `*/`). A line with code before a comment (`x = 1; // y`) or
//!   after a block's end (`*/ x = 1;`) is code. A block opened after code carries on to the next
//!   lines. Block openers are tried before line markers, so that `--[[` (Lua), `%{` and `#=` open
//!   blocks. Markers inside string literals are not recognised (neither does gitinspector).
//!
//! The syntax comes from the file name (`Makefile`, `.gitignore`, …) or else the extension as
//! gitinspector takes it ([`crate::filters::extension`]); other files have no comment lines.
//!
//! ## One table for both engines
//! The table is `data/comment-syntax.json`; the TypeScript engine (`src/engine/git/comments.ts`)
//! bundles the same file and applies the same rules, so both count the same lines. Its choices:
//! - **Python docstrings are comments**: `"""` opens and closes a block, as in gitinspector's and
//!   GitInspectorGUI's `comment.py`, whose users expect it; `'''` strings stay code, as there.
//!   (Like theirs, a string that starts after code on a line, `x = """…`, comments out the lines
//!   after it until it closes.)
//! - **TeX's `\begin{comment}` counts only at the start of a line** (their
//!   `COMMENT_MARKER_MUST_BE_AT_BEGINNING`), so a `%` line comment is the usual TeX comment.
//! - **Extensions**: the union of what both engines knew and what GitInspectorGUI lists (`cif`,
//!   `tooldef`, `jspx`, `robot`, `po`, `pot`, `rlib`, `ly`, `ily`), each in one family only; Perl
//!   POD (`=pod`…`=cut`) counts as comment like docstrings do.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// What one line is, for the comment/empty-line rules of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Code,
    Comment,
    Empty,
}

/// The comment markers of one language family (an entry of `data/comment-syntax.json`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CommentSyntax {
    pub name: String,
    /// Markers that comment out the rest of the line.
    pub line: Vec<String>,
    /// (begin, end) pairs of block comments.
    pub block: Vec<(String, String)>,
    /// A block comment opens only at the start of a line (after whitespace), not after code.
    #[serde(default)]
    pub block_only_at_line_start: bool,
    /// Extensions (lower case, no dot).
    pub extensions: Vec<String>,
    /// Whole file names (lower case) for files without a telling extension.
    #[serde(default)]
    pub file_names: Vec<String>,
}

#[derive(Deserialize)]
struct Table {
    languages: Vec<CommentSyntax>,
}

/// The languages, and where to find each by extension and by file name.
struct Syntaxes {
    languages: Vec<CommentSyntax>,
    by_extension: HashMap<String, usize>,
    by_file_name: HashMap<String, usize>,
}

const TABLE_JSON: &str = include_str!("../data/comment-syntax.json");

fn syntaxes() -> &'static Syntaxes {
    static SYNTAXES: OnceLock<Syntaxes> = OnceLock::new();
    SYNTAXES.get_or_init(|| {
        // The file is part of the crate and checked by the tests below: a parse failure is a bug
        // in the build, and no comments are recognised rather than the analysis failing.
        let languages = serde_json::from_str::<Table>(TABLE_JSON).map(|t| t.languages).unwrap_or_default();
        let mut by_extension = HashMap::new();
        let mut by_file_name = HashMap::new();
        for (i, language) in languages.iter().enumerate() {
            for ext in &language.extensions {
                by_extension.entry(ext.clone()).or_insert(i);
            }
            for name in &language.file_names {
                by_file_name.entry(name.clone()).or_insert(i);
            }
        }
        Syntaxes { languages, by_extension, by_file_name }
    })
}

/// The comment syntax for a file extension (without dot, any case), if we know the language.
pub fn syntax_for_extension(ext: &str) -> Option<&'static CommentSyntax> {
    let s = syntaxes();
    s.by_extension.get(&ext.to_ascii_lowercase()).map(|&i| &s.languages[i])
}

/// The comment syntax for a file (its name, without folders): by whole name, else by extension.
pub fn syntax_for_file(file_name: &str) -> Option<&'static CommentSyntax> {
    let s = syntaxes();
    if let Some(&i) = s.by_file_name.get(&file_name.to_ascii_lowercase()) {
        return Some(&s.languages[i]);
    }
    crate::filters::extension(file_name).and_then(syntax_for_extension)
}

/// Whether a line has nothing but whitespace.
pub fn is_empty_line(line: &[u8]) -> bool {
    line.iter().all(|b| b.is_ascii_whitespace())
}

/// Classify every line of a file, given its name (without folders). `lines` are the file's lines
/// without their line ending (a trailing `\r` is treated as whitespace).
pub fn classify_lines<'a>(file_name: &str, lines: impl IntoIterator<Item = &'a [u8]>) -> Vec<LineKind> {
    let syntax = syntax_for_file(file_name);
    let mut inside: Option<&'static str> = None;
    lines
        .into_iter()
        .map(|line| {
            if is_empty_line(line) {
                return LineKind::Empty;
            }
            match syntax {
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
fn classify(syntax: &'static CommentSyntax, line: &[u8], inside: &mut Option<&'static str>) -> LineKind {
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
        // Block openers before line markers, so `--[[` wins over `--` in Lua.
        if let Some((begin, end)) = syntax.block.iter().find(|(b, _)| rest.starts_with(b.as_bytes())) {
            *inside = Some(end.as_str());
            rest = &rest[begin.len()..];
            continue;
        }
        if syntax.line.iter().any(|m| rest.starts_with(m.as_bytes())) {
            return if all_comment { LineKind::Comment } else { LineKind::Code };
        }
        // Code on this line: the line is code, but a block comment may still open after it and
        // carry over to the next lines.
        all_comment = false;
        if syntax.block_only_at_line_start {
            return LineKind::Code;
        }
        match syntax
            .block
            .iter()
            .filter_map(|(b, e)| find(rest, b.as_bytes()).map(|i| (i, b.as_str(), e.as_str())))
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
    syntax.line.iter().any(|m| find(rest, m.as_bytes()).is_some_and(|at| at < i))
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
        classify_lines(&format!("file.{ext}"), text.lines().map(str::as_bytes))
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

    #[test]
    fn the_shared_table_parses_and_names_each_extension_once() {
        let table: Table = serde_json::from_str(TABLE_JSON).expect("data/comment-syntax.json parses");
        let mut seen = std::collections::HashSet::new();
        for language in &table.languages {
            for ext in &language.extensions {
                assert!(seen.insert(ext.clone()), "{ext} is listed twice");
                assert_eq!(*ext, ext.to_ascii_lowercase());
            }
        }
        assert!(syntax_for_extension("PY").is_some());
        assert_eq!(syntax_for_file("Makefile").map(|s| s.name.as_str()), Some("Shell, scripts and configuration"));
        assert_eq!(syntax_for_file("CMakeLists.txt").map(|s| s.line.clone()), Some(vec!["#".to_string()]));
        assert!(syntax_for_file("notes.txt").is_none());
    }

    #[test]
    fn docstrings_tex_blocks_and_block_openers_before_line_markers() {
        assert_eq!(kinds("py", "\"\"\"Doc.\"\"\"\n\"\"\"\nmore\n\"\"\"\nx = 1\n'''not'''\n"), vec![Comment, Comment, Comment, Comment, Code, Code]);
        assert_eq!(kinds("py", "s = \"\"\"abc\"\"\"\ny = 2\n"), vec![Code, Code]);
        assert_eq!(kinds("tex", "\\begin{comment}\nx\n\\end{comment}\ntext \\begin{comment}\nmore\n"), vec![Comment, Comment, Comment, Code, Code]);
        assert_eq!(kinds("ly", "%{\nx\n%}\n% c\n"), vec![Comment, Comment, Comment, Comment]);
        // A line marker that starts before a block opener comments it out.
        assert_eq!(kinds("lua", "x ---[[\ny\n"), vec![Code, Code]);
    }
}
