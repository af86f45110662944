//! The authorship report data of one repository (the TypeScript `RepositoryAnalysis`): per person
//! and per analysed file, surviving lines (blame) and history numbers (insertions, deletions,
//! commits), never mixed.
//!
//! Terms:
//! - **head**: the commit the report describes: `HEAD`, or with `until` the last commit on HEAD's
//!   first-parent chain whose committer time is `<= until`.
//! - **analysed file**, **skipped file**: see [`listing`].
//! - **person**: merged identities ([`crate::identity`]); `author` indices point into
//!   [`RepositoryAnalysis::authors`].
//! - **cell**: the numbers of one person on one file.
//! - **lines**: final lines at the head blamed on the person (`git blame -w` unless
//!   `whitespace`), after the comment/empty-line rules; excluded commits pass their lines on
//!   (`--ignore-rev`). Blame looks at all history: `since` does not limit it.
//! - **insertions / deletions / commits**: from [`crate::history`], inside the date window, without
//!   excluded commits.
//!
//! Steps: list files → read the commit table → blame and history walk **concurrently** (each on
//! its own thread, the history's line diffs on the rayon pool) → merge identities → cells.

mod assemble;
mod lines;
pub mod listing;

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant};

use crate::cancel::Cancel;
use crate::error::{Error, ErrorCode, Result, Warning};
use crate::filters::{Filters, Settings};
use crate::history::{file_history, head_at, CommitGraph, HistoryOptions, HistoryProgress};
use crate::identity::Alias;

/// The whole report data of one repository.
#[derive(Debug, Clone, PartialEq)]
pub struct RepositoryAnalysis {
    /// Folder name of the repository.
    pub name: String,
    /// Absolute path of the work tree (the git dir of a bare repository).
    pub path: String,
    /// 40-hex id of the head.
    pub head: String,
    /// Committer time of the head, unix seconds.
    pub head_time: i64,
    pub authors: Vec<AnalysisAuthor>,
    pub files: Vec<AnalysisFile>,
    pub cells: Vec<AnalysisCell>,
    pub skipped: Vec<SkippedFile>,
    pub warnings: Vec<Warning>,
    pub stats: AnalysisStats,
}

/// One person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalysisAuthor {
    pub name: String,
    pub email: String,
    pub aliases: Vec<Alias>,
    /// Distinct counted commits of this person that changed analysed files.
    pub commits: u32,
    /// Excluded by `exclude_authors` / `exclude_emails` (kept so the UI can show or hide).
    pub excluded: bool,
}

/// One analysed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalysisFile {
    /// Path at the head, `/`-separated.
    pub path: String,
    /// Earlier names, most recent first.
    pub former_paths: Vec<String>,
    /// Blob size in bytes at the head.
    pub size: u64,
    /// All lines at the head, before the comment/empty-line rules.
    pub total_lines: u32,
}

/// The raw numbers of one person on one file; derived columns are the report model's.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisCell {
    /// Index into [`RepositoryAnalysis::authors`].
    pub author: u32,
    /// Index into [`RepositoryAnalysis::files`].
    pub file: u32,
    pub lines: u32,
    pub insertions: u64,
    pub deletions: u64,
    pub commits: u32,
    /// Σ insertions × author time (unix seconds): Age = now − sum / insertions.
    pub insertion_time_sum: f64,
    /// Σ over surviving lines of the author time of the line's commit.
    pub line_time_sum: f64,
}

/// Why a file of the head is not analysed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    Binary,
    Submodule,
    Symlink,
    TooLarge,
    Unreadable,
}

impl SkipReason {
    /// The TypeScript string.
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Binary => "binary",
            SkipReason::Submodule => "submodule",
            SkipReason::Symlink => "symlink",
            SkipReason::TooLarge => "too-large",
            SkipReason::Unreadable => "unreadable",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFile {
    pub path: String,
    pub reason: SkipReason,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AnalysisStats {
    pub commits_walked: u32,
    /// Blob pairs the history walk counted lines of.
    pub blobs_diffed: u64,
    pub files_analyzed: u32,
    /// Lines counted in cells (after the comment/empty-line rules).
    pub lines_analyzed: u64,
    /// (phase name, milliseconds), in the order they ran; `history` and `blame` overlap.
    pub phases: Vec<(String, f64)>,
}

/// Which step runs. While blame and history run together, the phase is `History` until the
/// history walk ends, then `Blame`; the counters always carry both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Listing,
    History,
    Blame,
    Done,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Listing => "listing",
            Phase::History => "history",
            Phase::Blame => "blame",
            Phase::Done => "done",
        }
    }
}

/// The TypeScript `AnalysisProgress`: files are blame's, commits the history walk's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub phase: Phase,
    pub files_done: u32,
    pub files_total: u32,
    pub commits_done: u32,
    pub commits_total: u32,
}

/// How often progress is reported while blame and history run.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(50);

/// Analyse the repository containing `repo_path`. Checks `cancel` throughout (an abort returns
/// [`ErrorCode::Aborted`]); calls `progress` on the calling thread only.
pub fn analyze_repository(
    repo_path: &Path,
    settings: &Settings,
    cancel: &Cancel,
    progress: &mut dyn FnMut(Progress),
) -> Result<RepositoryAnalysis> {
    let filters = Filters::compile(settings)?;
    let mut phases = Vec::new();
    let mut warnings = Vec::new();
    let started = Instant::now();
    progress(Progress { phase: Phase::Listing, files_done: 0, files_total: 0, commits_done: 0, commits_total: 0 });

    let repo = crate::repo::open(repo_path)?;
    let mut head = crate::repo::resolve_commit(&repo, "HEAD")?;
    if let Some(until) = filters.until {
        head = head_at(&repo, head, until)?;
    }
    let mailmap = if filters.mailmap {
        let (snapshot, mut w) = crate::repo::load_mailmap(&repo);
        warnings.append(&mut w);
        Some(snapshot)
    } else {
        None
    };
    let head_info = crate::history::objects::read_commit(&repo, head, None)?;
    let (files, skipped) = listing::list_files(&repo, head_info.tree, &filters)?;
    cancel.check()?;
    let mut graph = CommitGraph::collect(&repo, head, mailmap.as_ref(), filters.since, cancel)?;
    let excluded = excluded_commits(&graph, &filters, &mut warnings);
    graph.mark_counted(|t| filters.in_window(t), |n| excluded.binary_search(&n.id).is_ok());
    phases.push(("listing".to_string(), ms(started)));

    let paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
    let shared = repo.clone().into_sync();
    let inner = Cancel::new();
    let counters = Counters::default();
    counters.files_total.store(paths.len() as u32, Ordering::Relaxed);

    let (history, blame) = std::thread::scope(|scope| {
        let history = scope.spawn(|| {
            let repo = shared.to_thread_local();
            let t = Instant::now();
            let result = file_history(
                &repo,
                &graph,
                &paths,
                &HistoryOptions { ignore_whitespace: !filters.whitespace },
                &inner,
                &mut |p: HistoryProgress| {
                    counters.commits_done.store(p.commits_done, Ordering::Relaxed);
                    counters.commits_total.store(p.commits_total, Ordering::Relaxed);
                },
            );
            counters.history_done.store(true, Ordering::Relaxed);
            if result.is_err() {
                inner.cancel();
            }
            (result, ms(t))
        });
        let blame = scope.spawn(|| {
            let repo = shared.to_thread_local();
            let t = Instant::now();
            let options = crate::blame::ManyOptions { ignore_whitespace: !filters.whitespace, ignore_revs: excluded.clone() };
            let result = crate::blame::blame_many(&repo, head, &paths, &options, &inner, &mut |p| {
                counters.files_done.store(p.files_done as u32, Ordering::Relaxed);
            });
            if result.is_err() {
                inner.cancel();
            }
            (result, ms(t))
        });
        while !(history.is_finished() && blame.is_finished()) {
            if cancel.is_cancelled() {
                inner.cancel();
            }
            progress(counters.snapshot());
            std::thread::sleep(PROGRESS_INTERVAL);
        }
        (history.join(), blame.join())
    });
    let (history, history_ms) = history.map_err(|_| Error::internal("BUG: the history thread panicked"))?;
    let (blame, blame_ms) = blame.map_err(|_| Error::internal("BUG: the blame thread panicked"))?;
    cancel.check()?;
    // Report the error that started it, not the abort it caused on the other side.
    let (history, blame) = match (history, blame) {
        (Ok(h), Ok(b)) => (h, b),
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => return Err(e),
        (Err(h), Err(b)) => return Err(if h.code == ErrorCode::Aborted { b } else { h }),
    };
    phases.push(("history".to_string(), history_ms));
    phases.push(("blame".to_string(), blame_ms));

    let t = Instant::now();
    let line_counts = lines::count_lines(&repo, &files, &blame, mailmap.as_ref(), &filters)?;
    let mut analysis = assemble::assemble(&graph, &files, &history, line_counts, &filters);
    phases.push(("assemble".to_string(), ms(t)));

    let workdir = repo.workdir().unwrap_or_else(|| repo.git_dir());
    let workdir = std::fs::canonicalize(workdir).unwrap_or_else(|_| workdir.to_path_buf());
    analysis.name = workdir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    analysis.path = workdir.display().to_string();
    analysis.head = head.to_string();
    analysis.head_time = head_info.committer_time;
    analysis.skipped = skipped;
    analysis.warnings = warnings;
    analysis.stats.commits_walked = history.commits_walked;
    analysis.stats.blobs_diffed = history.blobs_diffed;
    analysis.stats.phases = phases;
    let done = counters.snapshot();
    progress(Progress { phase: Phase::Done, files_done: done.files_total, commits_done: done.commits_total, ..done });
    Ok(analysis)
}

/// Commits excluded by id prefix or subject, sorted. A prefix naming no commit of the history is
/// a warning.
fn excluded_commits(graph: &CommitGraph, filters: &Filters, warnings: &mut Vec<Warning>) -> Vec<gix::ObjectId> {
    let mut used = vec![false; filters.exclude_revisions.len()];
    let mut out = Vec::new();
    for node in &graph.commits {
        let hex = node.id.to_string();
        let mut excluded = false;
        for (i, prefix) in filters.exclude_revisions.iter().enumerate() {
            if hex.starts_with(prefix.as_str()) {
                used[i] = true;
                excluded = true;
            }
        }
        if excluded || filters.message_excluded(&node.subject) {
            out.push(node.id);
        }
    }
    for (prefix, used) in filters.exclude_revisions.iter().zip(used) {
        if !used {
            warnings.push(Warning {
                code: "EXCLUDE_REVISION_UNKNOWN",
                message: format!("excluded revision '{prefix}' names no commit in the analysed history"),
            });
        }
    }
    out.sort();
    out
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

/// Progress shared by the blame and history threads, read by the calling thread.
#[derive(Default)]
struct Counters {
    files_done: AtomicU32,
    files_total: AtomicU32,
    commits_done: AtomicU32,
    commits_total: AtomicU32,
    history_done: AtomicBool,
}

impl Counters {
    fn snapshot(&self) -> Progress {
        let phase = if self.history_done.load(Ordering::Relaxed) { Phase::Blame } else { Phase::History };
        Progress {
            phase,
            files_done: self.files_done.load(Ordering::Relaxed),
            files_total: self.files_total.load(Ordering::Relaxed),
            commits_done: self.commits_done.load(Ordering::Relaxed),
            commits_total: self.commits_total.load(Ordering::Relaxed),
        }
    }
}
