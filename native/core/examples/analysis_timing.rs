//! Timing of the whole-repository analysis, phase by phase, and of the history-only paths.
//!
//! ```text
//! cargo run --release --example analysis_timing -- REPO [analyze] [history] [commits] [--runs N]
//! ```
//!
//! With no step named, runs all three:
//! - `analyze`: `analyze_repository` as the benchmark runs it (whitespace, comments and empty lines
//!   counted: the question `git blame` without `-w` answers), with its phases
//!   (listing, history, blame, assemble; history and blame overlap);
//! - `history`: listing + commit table + `file_history` alone (no blame), with commits walked
//!   and blobs diffed;
//! - `commits`: `extract_commits` (the benchmark's row (c)), with its commit count and totals.
//!
//! Peak RSS is read from `/proc/self/status` (VmHWM) and reset between steps through
//! `/proc/self/clear_refs`, so each step shows its own peak.

use std::path::{Path, PathBuf};
use std::time::Instant;

use git_authorship_core::analysis::{analyze_repository, listing::list_files};
use git_authorship_core::commits::{extract_commits, CommitsOptions};
use git_authorship_core::filters::{Filters, Settings};
use git_authorship_core::history::{file_history, CommitGraph, HistoryOptions};
use git_authorship_core::Cancel;

/// The addon's allocator (built as the addon builds it), so that the times are the addon's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn reset_peak() {
    // "5" resets VmHWM to the current RSS (Linux ≥ 4.0).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_mib() -> f64 {
    status_kib("VmHWM:") as f64 / 1024.0
}

fn bench_settings() -> Settings {
    Settings { whitespace: true, comments: true, empty_lines: true, ..Settings::default() }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut repo_path: Option<PathBuf> = None;
    let mut steps: Vec<String> = Vec::new();
    let mut runs = 1usize;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(1),
            "analyze" | "history" | "commits" => steps.push(a),
            _ if repo_path.is_none() => repo_path = Some(PathBuf::from(a)),
            _ => {
                eprintln!("usage: analysis_timing REPO [analyze] [history] [commits] [--runs N]");
                std::process::exit(2);
            }
        }
    }
    let Some(repo_path) = repo_path else {
        eprintln!("usage: analysis_timing REPO [analyze] [history] [commits] [--runs N]");
        std::process::exit(2);
    };
    if steps.is_empty() {
        steps = vec!["analyze".into(), "history".into(), "commits".into()];
    }
    println!("repository: {}  (rayon threads: {})", repo_path.display(), rayon::current_num_threads());
    for _ in 0..runs {
        for step in &steps {
            reset_peak();
            match step.as_str() {
                "analyze" => analyze(&repo_path),
                "history" => history(&repo_path),
                "commits" => commits(&repo_path),
                _ => unreachable!(),
            }
        }
    }
}

fn analyze(repo_path: &Path) {
    let t = Instant::now();
    let a = analyze_repository(repo_path, &bench_settings(), &Cancel::new(), &mut |_| {}).expect("analysis");
    let total = t.elapsed().as_secs_f64() * 1000.0;
    let phases: Vec<String> = a.stats.phases.iter().map(|(n, ms)| format!("{n} {ms:.0}")).collect();
    println!(
        "analyze: total {total:.0} ms  [{}]  files {}  lines {}  authors {}  commits walked {}  blobs diffed {}  peak RSS {:.0} MiB",
        phases.join(", "),
        a.stats.files_analyzed,
        a.stats.lines_analyzed,
        a.authors.len(),
        a.stats.commits_walked,
        a.stats.blobs_diffed,
        peak_mib()
    );
}

fn history(repo_path: &Path) {
    let cancel = Cancel::new();
    let settings = bench_settings();
    let filters = Filters::compile(&settings).expect("settings");
    let t = Instant::now();
    let repo = git_authorship_core::repo::open(repo_path).expect("open");
    let head = git_authorship_core::repo::resolve_commit(&repo, "HEAD").expect("HEAD");
    let tree = git_authorship_core::repo::tree_of(&repo, head).expect("head tree");
    let (files, _) = list_files(&repo, tree, &filters).expect("listing");
    let listing_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let mailmap = git_authorship_core::repo::load_mailmap(&repo).0;
    let mut graph = CommitGraph::collect(&repo, head, Some(&mailmap), None, &cancel).expect("commit table");
    graph.mark_counted(|_| true, |_| false);
    let graph_ms = t.elapsed().as_secs_f64() * 1000.0;
    let paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
    let t = Instant::now();
    let h = file_history(&repo, &graph, &paths, &HistoryOptions { ignore_whitespace: false }, &cancel, &mut |_| {})
        .expect("history");
    let walk_ms = t.elapsed().as_secs_f64() * 1000.0;
    let insertions: u64 = h.cells.iter().map(|c| c.insertions).sum();
    let deletions: u64 = h.cells.iter().map(|c| c.deletions).sum();
    println!(
        "history: listing {listing_ms:.0} ms  commit table {graph_ms:.0} ms ({} commits)  walk {walk_ms:.0} ms  \
         files {}  commits walked {}  blobs diffed {}  +{insertions} -{deletions}  peak RSS {:.0} MiB",
        graph.commits.len(),
        paths.len(),
        h.commits_walked,
        h.blobs_diffed,
        peak_mib()
    );
}

fn commits(repo_path: &Path) {
    let t = Instant::now();
    let records = extract_commits(repo_path, &CommitsOptions::default(), &Cancel::new()).expect("commits");
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let additions: u64 = records.iter().map(|r| u64::from(r.additions)).sum();
    let deletions: u64 = records.iter().map(|r| u64::from(r.deletions)).sum();
    let merges = records.iter().filter(|r| r.is_merge).count();
    println!(
        "commits: extract_commits {ms:.0} ms  records {} (merges {merges})  +{additions} -{deletions}  peak RSS {:.0} MiB",
        records.len(),
        peak_mib()
    );
}
