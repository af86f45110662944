//! The history walk against `git log --follow --numstat [-w]`, file by file, author by author.

mod common;

use std::collections::BTreeMap;

use common::{Fixture, BASE_TIME};
use git_authorship_core::history::{file_history, CommitGraph, History, HistoryOptions};
use git_authorship_core::Cancel;

/// (author name, author email) → (insertions, deletions, commits).
type PerAuthor = BTreeMap<(String, String), (u64, u64, u32)>;

/// What GitInspectorGUI computes for one file: `git log --follow --numstat [-w]`, merges skipped.
fn git_follow(fx: &Fixture, file: &str, ignore_ws: bool, extra: &[&str]) -> PerAuthor {
    let mut args = vec!["log", "--follow", "--numstat", "--format=%x00%H%x09%P%x09%an%x09%ae"];
    if ignore_ws {
        args.push("-w");
    }
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--", file]);
    let out = fx.git(&args);
    let mut result = PerAuthor::new();
    let mut current: Option<(String, String)> = None;
    for line in out.lines() {
        if let Some(header) = line.strip_prefix('\0') {
            let parts: Vec<&str> = header.split('\t').collect();
            let merge = parts[1].split(' ').filter(|p| !p.is_empty()).count() > 1;
            if merge {
                current = None;
                continue;
            }
            let key = (parts[2].to_string(), parts[3].to_string());
            result.entry(key.clone()).or_default().2 += 1;
            current = Some(key);
        } else if !line.is_empty() {
            let mut cols = line.split('\t');
            let (ins, del) = (cols.next().unwrap(), cols.next().unwrap());
            let key = current.clone().expect("numstat after a header");
            let e = result.entry(key).or_default();
            if ins != "-" {
                e.0 += ins.parse::<u64>().unwrap();
                e.1 += del.parse::<u64>().unwrap();
            }
        }
    }
    result
}

fn head_files(fx: &Fixture) -> Vec<String> {
    fx.git(&["ls-tree", "-r", "--name-only", "HEAD"]).lines().map(str::to_string).collect()
}

fn ours(fx: &Fixture, files: &[String], ignore_ws: bool, since: Option<i64>, until: Option<i64>) -> (CommitGraph, History) {
    let repo = gix::open(fx.path()).unwrap();
    let head = repo.head_id().unwrap().detach();
    let cancel = Cancel::new();
    let mut graph = CommitGraph::collect(&repo, head, None, since, &cancel).unwrap();
    graph.mark_counted(|t| until.is_none_or(|u| t <= u) && since.is_none_or(|s| t >= s), |_| false);
    let history = file_history(
        &repo,
        &graph,
        files,
        &HistoryOptions { ignore_whitespace: ignore_ws },
        &cancel,
        &mut |_| {},
    )
    .unwrap();
    (graph, history)
}

fn per_author(graph: &CommitGraph, history: &History, file: usize) -> PerAuthor {
    history
        .cells
        .iter()
        .filter(|c| c.file as usize == file)
        .map(|c| {
            let a = &graph.aliases[c.alias as usize];
            ((a.name.clone(), a.email.clone()), (c.insertions, c.deletions, c.commits))
        })
        .collect()
}

fn assert_matches_git(fx: &Fixture, extra: &[&str], since: Option<i64>, until: Option<i64>) {
    let files = head_files(fx);
    for ignore_ws in [false, true] {
        let (graph, history) = ours(fx, &files, ignore_ws, since, until);
        for (i, f) in files.iter().enumerate() {
            assert_eq!(
                per_author(&graph, &history, i),
                git_follow(fx, f, ignore_ws, extra),
                "file {f}, -w {ignore_ws}"
            );
        }
    }
}

const ALICE: &str = "Alice Smith <alice@example.com>";
const BOB: &str = "Bob <bob@example.com>";
const CAROL: &str = "Carol Jones <carol@example.com>";

fn numbered(n: std::ops::Range<u32>, tag: &str) -> String {
    n.map(|i| format!("{tag} line {i}\n")).collect()
}

#[test]
fn linear_history_with_renames_whitespace_and_readded_files() {
    let mut fx = Fixture::new();
    fx.write("src/a.rs", numbered(0..20, "a"));
    fx.write("b.txt", "one\ntwo\n");
    fx.write("gone.txt", "old\nold2\n");
    fx.commit_as("start", ALICE);
    fx.write("src/a.rs", numbered(0..20, "a").replace("line 3\n", "line three\n") + "tail\n");
    fx.commit_as("edit a", BOB);
    fx.mv("src/a.rs", "lib/renamed.rs");
    fx.commit_as("pure rename", CAROL);
    let text = numbered(0..20, "a").replace("line 3\n", "line three\n") + "tail\nmore\n";
    fx.mv("lib/renamed.rs", "lib/moved.rs");
    fx.write("lib/moved.rs", text.replace("line 10", "line ten"));
    fx.commit_as("rename with edits", BOB);
    fx.write("b.txt", "one\n  two\n");
    fx.commit_as("whitespace only", CAROL);
    fx.write("b.txt", "one\n  two\nthree");
    fx.commit_as("no newline at end", ALICE);
    fx.remove("gone.txt");
    fx.commit_as("delete", BOB);
    fx.write("gone.txt", "new life\n");
    fx.commit_as("re-add", CAROL);
    fx.write("bin.dat", b"\x00\x01binary\n");
    fx.commit_as("binary", ALICE);
    assert_matches_git(&fx, &[], None, None);
}

#[test]
fn merges_contribute_no_numstat_and_branches_are_followed() {
    let mut fx = Fixture::new();
    fx.write("shared.txt", numbered(0..30, "s"));
    fx.write("main.txt", "m\n");
    fx.commit_as("base", ALICE);
    fx.git(&["checkout", "-q", "-b", "side"]);
    fx.write("shared.txt", numbered(0..30, "s").replace("s line 25", "side edit"));
    fx.write("side.txt", "side file\nsecond\n");
    fx.commit_as("side work", BOB);
    fx.git(&["checkout", "-q", "main"]);
    fx.write("shared.txt", numbered(0..30, "s").replace("s line 2\n", "main edit\n"));
    fx.write("main.txt", "m\nm2\n");
    fx.commit_as("main work", CAROL);
    fx.git_at_next_tick(&["merge", "-q", "--no-edit", "side"]);
    fx.write("shared.txt", fx_read(&fx, "shared.txt") + "after merge\n");
    fx.commit_as("after merge", ALICE);
    assert_matches_git(&fx, &[], None, None);
}

/// A file created on a branch comes into main through the merge, where main has a similar file
/// of its own: `git log --follow` never searches a merge for a source, so main's file and its
/// history are not the branch file's.
#[test]
fn a_file_a_merge_takes_from_one_side_is_not_paired_with_the_other_side() {
    let mut fx = Fixture::new();
    fx.write("base.txt", "base\n");
    fx.commit_as("base", ALICE);
    fx.git(&["checkout", "-q", "-b", "side"]);
    fx.write("branch.txt", numbered(0..40, "shared"));
    fx.commit_as("created on the branch", BOB);
    fx.git(&["checkout", "-q", "main"]);
    fx.write("lookalike.txt", numbered(0..38, "shared") + "own line\n");
    fx.commit_as("a similar file on main", CAROL);
    fx.write("lookalike.txt", fx_read(&fx, "lookalike.txt") + "more\n");
    fx.commit_as("edited on main", CAROL);
    fx.git_at_next_tick(&["merge", "-q", "--no-edit", "side"]);
    assert_matches_git(&fx, &[], None, None);
}

#[test]
fn since_and_until_limit_the_counted_commits() {
    let mut fx = Fixture::new();
    for (i, who) in [ALICE, BOB, CAROL, ALICE, BOB].iter().enumerate() {
        fx.write("f.txt", numbered(0..(i as u32 + 2), "f"));
        fx.commit_as(&format!("c{i}"), who);
    }
    // Ticks are hours from BASE_TIME: commit i is at BASE_TIME + (i+1) h.
    let since = BASE_TIME + 2 * 3600;
    let until = BASE_TIME + 4 * 3600;
    let extra_since = format!("--since=@{since}");
    let extra_until = format!("--until=@{until}");
    assert_matches_git(&fx, &[&extra_since], Some(since), None);
    assert_matches_git(&fx, &[&extra_since, &extra_until], Some(since), Some(until));
}

/// Our documented difference from `git log --follow`: a rename on one branch, while another branch
/// edits the file under its old name. We count the edit whatever the commit dates are.
#[test]
fn renames_are_followed_per_branch() {
    let mut fx = Fixture::new();
    fx.write("old.txt", numbered(0..30, "o"));
    fx.commit_as("base", ALICE);
    fx.git(&["checkout", "-q", "-b", "side"]);
    fx.write("old.txt", numbered(0..30, "o").replace("o line 28\n", "side edit\nside more\n"));
    fx.commit_as("edit under the old name", BOB);
    fx.git(&["checkout", "-q", "main"]);
    fx.mv("old.txt", "new.txt");
    fx.commit_as("rename", CAROL);
    fx.git_at_next_tick(&["merge", "-q", "--no-edit", "side"]);
    assert_eq!(fx_read(&fx, "new.txt").matches("side edit").count(), 1, "the merge carried the edit");
    let files = vec!["new.txt".to_string()];
    let (graph, history) = ours(&fx, &files, false, None, None);
    let got = per_author(&graph, &history, 0);
    let key = |s: &str, e: &str| (s.to_string(), e.to_string());
    assert_eq!(got.get(&key("Alice Smith", "alice@example.com")), Some(&(30, 0, 1)));
    assert_eq!(got.get(&key("Bob", "bob@example.com")), Some(&(2, 1, 1)), "the branch edit under the old name");
    assert_eq!(got.get(&key("Carol Jones", "carol@example.com")), Some(&(0, 0, 1)), "a pure rename");
    assert_eq!(history.former_paths[0], vec!["old.txt".to_string()]);
}

#[test]
fn cancel_aborts_the_walk() {
    let mut fx = Fixture::new();
    fx.write("f.txt", "x\n");
    fx.commit("one");
    let repo = gix::open(fx.path()).unwrap();
    let head = repo.head_id().unwrap().detach();
    let cancel = Cancel::new();
    let mut graph = CommitGraph::collect(&repo, head, None, None, &cancel).unwrap();
    graph.mark_counted(|_| true, |_| false);
    cancel.cancel();
    let err = file_history(&repo, &graph, &["f.txt".into()], &HistoryOptions::default(), &cancel, &mut |_| {})
        .unwrap_err();
    assert_eq!(err.code, git_authorship_core::ErrorCode::Aborted);
}

/// Random linear histories: edits, whitespace changes, renames with edits, deletions and
/// re-additions, by three authors; every head file must match `git log --follow --numstat`.
#[test]
fn random_linear_histories_match_git() {
    for seed in 1..=4u64 {
        let mut rng = common::rng(seed);
        let mut fx = Fixture::new();
        let mut files: Vec<(String, Vec<String>)> = (0..4)
            .map(|i| (format!("f{i}.txt"), (0..15).map(|k| format!("f{i} {k}")).collect()))
            .collect();
        let mut deleted: Vec<String> = Vec::new();
        let authors = [ALICE, BOB, CAROL];
        for (name, lines) in &files {
            fx.write(name, lines.join("\n") + "\n");
        }
        fx.commit_as("start", ALICE);
        for step in 0..25 {
            let f = rng.usize(..files.len());
            match rng.u8(..10) {
                0 if files.len() > 2 => {
                    let (name, _) = files.remove(f);
                    fx.remove(&name);
                    deleted.push(name);
                }
                1 if !deleted.is_empty() => {
                    let name = deleted.remove(rng.usize(..deleted.len()));
                    let lines: Vec<String> = (0..5).map(|k| format!("reborn {step} {k}")).collect();
                    fx.write(&name, lines.join("\n") + "\n");
                    files.push((name, lines));
                }
                2 => {
                    let new_name = format!("dir{step}/moved{step}.txt");
                    fx.mv(&files[f].0, &new_name);
                    files[f].0 = new_name;
                    if rng.bool() {
                        files[f].1.push(format!("after move {step}"));
                    }
                    let (name, lines) = &files[f];
                    fx.write(name, lines.join("\n") + "\n");
                }
                3 => {
                    let k = rng.usize(..files[f].1.len().max(1));
                    if let Some(line) = files[f].1.get_mut(k) {
                        *line = format!("  {line}  ");
                    }
                    let (name, lines) = &files[f];
                    fx.write(name, lines.join("\n") + "\n");
                }
                _ => {
                    let lines = &mut files[f].1;
                    for _ in 0..rng.usize(1..4) {
                        match rng.u8(..3) {
                            0 if !lines.is_empty() => {
                                lines.remove(rng.usize(..lines.len()));
                            }
                            1 if !lines.is_empty() => {
                                let k = rng.usize(..lines.len());
                                lines[k] = format!("changed {step} {k}");
                            }
                            _ => {
                                let k = rng.usize(..=lines.len());
                                lines.insert(k, format!("new {step} {k}"));
                            }
                        }
                    }
                    let (name, lines) = &files[f];
                    fx.write(name, lines.join("\n") + "\n");
                }
            }
            fx.commit_as(&format!("step {step}"), authors[rng.usize(..authors.len())]);
        }
        assert_matches_git(&fx, &[], None, None);
    }
}

fn fx_read(fx: &Fixture, rel: &str) -> String {
    std::fs::read_to_string(fx.file(rel)).unwrap()
}
