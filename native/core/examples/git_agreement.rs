//! Compares, on a real repository, what the Rust core finds with what the `git` CLI says:
//!
//! ```text
//! cargo run --release --example git_agreement -- REPO [renames] [commits] [follow]
//! ```
//! - `renames`: for every non-merge commit, our rename pairs and scores
//!   ([`rename::renames_between`]) against `git log --no-merges -M --raw` (`R<score>` lines);
//! - `commits`: `extract_commits`' additions and deletions summed per author against
//!   `git log --numstat --no-merges` summed the same way;
//! - `follow` (not run by default: one `git log --follow` per file): `file_history`'s insertions,
//!   deletions and commits per file and author against `git log --follow --numstat --no-merges`.
//!
//! Prints every difference and a summary; exits with status 1 if anything differs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use git_authorship_core::commits::{extract_commits, CommitsOptions};
use git_authorship_core::history::{file_history, CommitGraph, HistoryOptions};
use git_authorship_core::{rename, Cancel};

fn git(repo: &Path, args: &[&str]) -> String {
    let out = Command::new("git").arg("-C").arg(repo).args(args).output().expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// commit → [(from, to, percent)] from `git log --raw -M`.
fn git_renames(repo: &Path) -> BTreeMap<String, Vec<(String, String, u32)>> {
    let out = git(repo, &["-c", "core.quotePath=false", "log", "--no-merges", "-M", "--raw", "--no-abbrev", "--format=%x00%H"]);
    let mut map: BTreeMap<String, Vec<(String, String, u32)>> = BTreeMap::new();
    let mut current = String::new();
    for line in out.lines() {
        if let Some(id) = line.strip_prefix('\0') {
            current = id.to_string();
            map.entry(current.clone()).or_default();
        } else if line.starts_with(':') {
            let (meta, paths) = line.split_once('\t').unwrap_or((line, ""));
            let status = meta.rsplit(' ').next().unwrap_or("");
            if let Some(score) = status.strip_prefix('R') {
                let (from, to) = paths.split_once('\t').unwrap_or((paths, ""));
                map.entry(current.clone()).or_default().push((from.into(), to.into(), score.parse().unwrap_or(0)));
            }
        }
    }
    map
}

fn check_renames(repo_path: &Path) -> usize {
    let repo = gix::open(repo_path).expect("open repository");
    let expected = git_renames(repo_path);
    let mut differences = 0;
    let mut renames = 0;
    for (commit, want) in &expected {
        let id = gix::ObjectId::from_hex(commit.as_bytes()).expect("commit id");
        let c = repo.find_commit(id).expect("commit");
        let tree = c.tree_id().expect("tree").detach();
        let parent = c.parent_ids().next().map(|p| repo.find_commit(p).expect("parent").tree_id().expect("tree").detach());
        let got: Vec<(String, String, u32)> = rename::renames_between(&repo, parent, tree, &rename::Options::renames())
            .expect("renames")
            .into_iter()
            .map(|r| {
                let percent = r.percent();
                (r.from, r.to, percent)
            })
            .collect();
        let (mut want, mut got) = (want.clone(), got);
        want.sort();
        got.sort();
        renames += want.len();
        if want != got {
            differences += 1;
            println!("{commit}:\n  git:  {want:?}\n  ours: {got:?}");
        }
    }
    println!("renames: {} commits, {renames} renames, {differences} commits differ", expected.len());
    differences
}

fn check_commits(repo_path: &Path) -> usize {
    let records = extract_commits(repo_path, &CommitsOptions { mailmap: false, ..Default::default() }, &Cancel::new()).expect("extract");
    let mut ours: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
    for r in records.iter().filter(|r| !r.is_merge) {
        let e = ours.entry((r.author_name.clone(), r.author_email.clone())).or_default();
        e.0 += u64::from(r.additions);
        e.1 += u64::from(r.deletions);
    }
    let out = git(repo_path, &["log", "--numstat", "--no-merges", "--format=%x00%an%x09%ae"]);
    let mut theirs: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
    let mut author = (String::new(), String::new());
    for line in out.lines() {
        if let Some(h) = line.strip_prefix('\0') {
            let (n, e) = h.split_once('\t').unwrap_or((h, ""));
            author = (n.to_string(), e.to_string());
            theirs.entry(author.clone()).or_default();
        } else if !line.is_empty() {
            let mut cols = line.split('\t');
            let (a, d) = (cols.next().unwrap_or("-"), cols.next().unwrap_or("-"));
            let e = theirs.entry(author.clone()).or_default();
            e.0 += a.parse::<u64>().unwrap_or(0);
            e.1 += d.parse::<u64>().unwrap_or(0);
        }
    }
    let mut differences = 0;
    for (who, want) in &theirs {
        let got = ours.get(who).copied().unwrap_or_default();
        if got != *want {
            differences += 1;
            println!("{who:?}: git {want:?}, ours {got:?}");
        }
    }
    println!("commits: {} authors, {differences} differ", theirs.len());
    differences
}

fn check_follow(repo_path: &Path) -> usize {
    let repo = gix::open(repo_path).expect("open repository");
    let files: Vec<String> = git(repo_path, &["-c", "core.quotePath=false", "ls-tree", "-r", "--name-only", "HEAD"]).lines().map(str::to_string).collect();
    let cancel = Cancel::new();
    let head = repo.head_id().expect("HEAD").detach();
    let mut graph = CommitGraph::collect(&repo, head, None, None, &cancel).expect("graph");
    graph.mark_counted(|_| true, |_| false);
    let history = file_history(&repo, &graph, &files, &HistoryOptions::default(), &cancel, &mut |_| {}).expect("history");
    let mut differences = 0;
    for (i, file) in files.iter().enumerate() {
        let mut ours: BTreeMap<(String, String), (u64, u64, u32)> = BTreeMap::new();
        for c in history.cells.iter().filter(|c| c.file as usize == i) {
            let a = &graph.aliases[c.alias as usize];
            ours.insert((a.name.clone(), a.email.clone()), (c.insertions, c.deletions, c.commits));
        }
        let out = git(repo_path, &["log", "--follow", "--numstat", "--no-merges", "--format=%x00%an%x09%ae", "--", file]);
        let mut theirs: BTreeMap<(String, String), (u64, u64, u32)> = BTreeMap::new();
        let mut author = (String::new(), String::new());
        for line in out.lines() {
            if let Some(h) = line.strip_prefix('\0') {
                let (n, e) = h.split_once('\t').unwrap_or((h, ""));
                author = (n.to_string(), e.to_string());
                theirs.entry(author.clone()).or_default().2 += 1;
            } else if !line.is_empty() {
                let mut cols = line.split('\t');
                let (a, d) = (cols.next().unwrap_or("-"), cols.next().unwrap_or("-"));
                let e = theirs.entry(author.clone()).or_default();
                e.0 += a.parse::<u64>().unwrap_or(0);
                e.1 += d.parse::<u64>().unwrap_or(0);
            }
        }
        if ours != theirs {
            differences += 1;
            let authors: Vec<_> = theirs.keys().chain(ours.keys()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
            let diffs: Vec<String> = authors
                .into_iter()
                .filter(|a| theirs.get(*a) != ours.get(*a))
                .map(|a| format!("{}: git {:?}, ours {:?}", a.0, theirs.get(a), ours.get(a)))
                .collect();
            println!("{file}: {}", diffs.join("; "));
        }
    }
    println!("follow: {} files, {differences} differ", files.len());
    differences
}

fn main() {
    let mut args = std::env::args().skip(1);
    let repo = PathBuf::from(args.next().expect("usage: git_agreement REPO [renames] [commits]"));
    let steps: Vec<String> = args.collect();
    let all = steps.is_empty();
    let mut differences = 0;
    if all || steps.iter().any(|s| s == "renames") {
        differences += check_renames(&repo);
    }
    if all || steps.iter().any(|s| s == "commits") {
        differences += check_commits(&repo);
    }
    if steps.iter().any(|s| s == "follow") {
        differences += check_follow(&repo);
    }
    std::process::exit(i32::from(differences > 0));
}
