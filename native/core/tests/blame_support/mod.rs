//! Comparing our blame with `git blame --line-porcelain`, field by field, on every line.
#![allow(dead_code)]

use git_authorship_core::blame::{blame_file, BlameOptions, FileBlame};
use git_authorship_core::Cancel;

use crate::common::{git_blame, Fixture, GitBlameLine};

pub const ZERO: &str = "0000000000000000000000000000000000000000";

/// Our blame of `path`, as porcelain-like lines.
pub fn ours(fx: &Fixture, path: &str, opts: &BlameOptions) -> Vec<GitBlameLine> {
    let b = blame_file(fx.path(), path, opts, &Cancel::new()).unwrap_or_else(|e| panic!("blame_file({path}) failed: {e:?}"));
    to_lines(&b)
}

pub fn to_lines(b: &FileBlame) -> Vec<GitBlameLine> {
    (0..b.origin.len())
        .map(|i| {
            let o = &b.origins[b.origin[i] as usize];
            let c = &b.commits[o.commit as usize];
            GitBlameLine {
                commit: c.id.clone(),
                source_line: b.source_line[i],
                final_line: i as u32 + 1,
                path: o.path.clone(),
                author: c.author_name.clone(),
                author_mail: format!("<{}>", c.author_email),
                author_time: c.author_time,
                author_tz: c.author_tz.clone(),
                committer: c.committer_name.clone(),
                committer_mail: format!("<{}>", c.committer_email),
                summary: c.summary.clone(),
                boundary: c.boundary,
                previous: o.previous.clone(),
            }
        })
        .collect()
}

/// Assert equality on every line; `git_args` are git blame's options matching `opts`.
pub fn assert_same(fx: &Fixture, path: &str, git_args: &[&str], opts: &BlameOptions) {
    let expected = git_blame(fx, git_args, path, None);
    let actual = ours(fx, path, opts);
    compare(&expected, &actual, &format!("{path} {git_args:?}"));
}

pub fn compare(expected: &[GitBlameLine], actual: &[GitBlameLine], what: &str) {
    let mut diffs = Vec::new();
    for (e, a) in expected.iter().zip(actual) {
        if e != a {
            diffs.push(format!("line {}:\n  git:  {:?}\n  ours: {:?}", e.final_line, e, a));
        }
    }
    assert!(
        diffs.is_empty() && expected.len() == actual.len(),
        "{what}: {} of {} lines differ (git {} lines, ours {}):\n{}",
        diffs.len(),
        expected.len(),
        expected.len(),
        actual.len(),
        diffs.iter().take(8).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// Lines `1..=n` with a prefix, each ending in `\n`.
pub fn numbered(prefix: &str, n: usize) -> String {
    (1..=n).map(|i| format!("{prefix} {i}\n")).collect()
}
