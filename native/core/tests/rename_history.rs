//! Per-file insertions and deletions across renames near git's 50% threshold: the history walk
//! against `git log --follow --numstat`, author by author.

mod common;

use std::collections::BTreeMap;

use common::Fixture;
use git_authorship_core::history::{file_history, CommitGraph, HistoryOptions};
use git_authorship_core::Cancel;

/// (author name, email) → (insertions, deletions, commits).
type PerAuthor = BTreeMap<(String, String), (u64, u64, u32)>;

/// `git log --follow --numstat -- <file>` summed per author, merges skipped.
fn git_follow(fx: &Fixture, file: &str) -> PerAuthor {
    let out = fx.git(&["log", "--follow", "--numstat", "--no-merges", "--format=%x00%an%x09%ae", "--", file]);
    let mut result = PerAuthor::new();
    let mut current = (String::new(), String::new());
    for line in out.lines() {
        if let Some(header) = line.strip_prefix('\0') {
            let (name, email) = header.split_once('\t').unwrap();
            current = (name.to_string(), email.to_string());
            result.entry(current.clone()).or_default().2 += 1;
        } else if !line.is_empty() {
            let mut cols = line.split('\t');
            let (ins, del) = (cols.next().unwrap(), cols.next().unwrap());
            let e = result.entry(current.clone()).or_default();
            e.0 += ins.parse::<u64>().unwrap_or(0);
            e.1 += del.parse::<u64>().unwrap_or(0);
        }
    }
    result
}

fn assert_history_matches_git(fx: &Fixture) {
    let files: Vec<String> = fx.git(&["ls-tree", "-r", "--name-only", "HEAD"]).lines().map(str::to_string).collect();
    let repo = gix::open(fx.path()).unwrap();
    let head = repo.head_id().unwrap().detach();
    let cancel = Cancel::new();
    let mut graph = CommitGraph::collect(&repo, head, None, None, &cancel).unwrap();
    graph.mark_counted(|_| true, |_| false);
    let history = file_history(&repo, &graph, &files, &HistoryOptions::default(), &cancel, &mut |_| {}).unwrap();
    for (i, file) in files.iter().enumerate() {
        let ours: PerAuthor = history
            .cells
            .iter()
            .filter(|c| c.file as usize == i)
            .map(|c| {
                let a = &graph.aliases[c.alias as usize];
                ((a.name.clone(), a.email.clone()), (c.insertions, c.deletions, c.commits))
            })
            .collect();
        assert_eq!(ours, git_follow(fx, file), "{file}");
    }
}

const ALICE: &str = "Alice <alice@example.com>";
const BOB: &str = "Bob <bob@example.com>";

fn lines(tag: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{tag} {i} {}", "x".repeat(i % 7))).collect()
}

fn edited(base: &[String], changed: usize, tag: &str) -> String {
    base.iter()
        .enumerate()
        .map(|(i, l)| if i < changed { format!("{tag} new {i}\n") } else { format!("{l}\n") })
        .collect()
}

/// Renames with 8 to 16 of 24 lines changed (69% down to 35% similar), each file followed through
/// its rename only when git pairs it; the express case (no final newline, git scores 45%); a
/// same-name move to another folder; a CRLF conversion in a rename.
#[test]
fn renames_near_the_threshold_count_as_git_follow_counts_them() {
    let mut fx = Fixture::new();
    for changed in 8..=16 {
        fx.write(&format!("old/f{changed}.txt"), edited(&lines(&format!("f{changed}"), 24), 0, ""));
    }
    fx.write("views/layout.html", "<html>\n  <head>\n    <title>{title}</title>\n  </head>\n  <body>\n    {body}\n  </body>\n</html>");
    fx.write("a/util.c", edited(&lines("util", 20), 0, ""));
    fx.write("unix.txt", edited(&lines("unix", 20), 0, ""));
    fx.commit_as("start", ALICE);
    for changed in 8..=16 {
        std::fs::remove_file(fx.file(&format!("old/f{changed}.txt"))).unwrap();
        fx.write(&format!("new/g{changed}.txt"), edited(&lines(&format!("f{changed}"), 24), changed, "g"));
    }
    std::fs::remove_file(fx.file("views/layout.html")).unwrap();
    fx.write("views/layout.html.ejs", "<html>\n  <head>\n    <title><%= title %></title>\n  </head>\n  <body>\n    <%= body %>\n  </body>\n</html>");
    std::fs::remove_file(fx.file("a/util.c")).unwrap();
    fx.write("b/util.c", edited(&lines("util", 20), 6, "b"));
    std::fs::remove_file(fx.file("unix.txt")).unwrap();
    fx.write("dos.txt", edited(&lines("unix", 20), 8, "d").replace('\n', "\r\n"));
    fx.commit_as("renames with edits", BOB);
    fx.write("new/g12.txt", edited(&lines("f12", 24), 13, "h"));
    fx.commit_as("after", ALICE);
    assert_history_matches_git(&fx);
}

/// What only `git log --follow`'s own pairing gives: two new files similar to one deleted file
/// (each followed path takes it, git's `single_follow`), and a copy of a file that stays
/// (`find_copies_harder`).
#[test]
fn competing_destinations_and_copies_follow_as_git_does() {
    let mut fx = Fixture::new();
    let base = lines("base", 20);
    fx.write("src.txt", edited(&base, 0, ""));
    fx.write("keep.txt", edited(&lines("keep", 20), 0, ""));
    fx.commit_as("start", ALICE);
    fx.write("src.txt", edited(&base, 1, "a"));
    fx.commit_as("edit", BOB);
    std::fs::remove_file(fx.file("src.txt")).unwrap();
    fx.write("close.txt", edited(&base, 3, "c"));
    fx.write("far.txt", edited(&base, 8, "f"));
    fx.write("copy.txt", edited(&lines("keep", 20), 4, "k"));
    fx.commit_as("split and copy", ALICE);
    assert_history_matches_git(&fx);
}
