//! History statistics per head file and author: insertions, deletions, distinct commits and the
//! insertion-weighted commit time (for GitInspectorGUI's *Age*), following renames, in **one walk**
//! over the commits for all files at once.
//!
//! Terms:
//! - **head file**: a file of the analysed head tree we report on (given by the caller).
//! - **tracked name**: a path under which a head file existed at some commit; across renames a
//!   head file has several (its *former paths*).
//! - **numstat** of a commit on a file: the lines added and removed against the commit's first
//!   (only) parent, as `git log --numstat [-w]` prints them. Merge commits contribute none.
//! - **walked**, **counted**: see [`graph`].
//!
//! ## What we match
//! GitInspectorGUI runs `git log --follow --numstat [-w] -- <file>` per file and sums by author.
//! For every non-merge commit the walk diffs the commit's tree against its parent once, maps each
//! changed path to the head files known under that name at that commit, and counts the change for
//! them. A path that was added keeps being tracked in older commits (git's pathspec stays the same:
//! a file deleted and later re-added under the same name keeps its earlier history, as `git log
//! --follow` shows it). A rename whose destination is tracked moves the tracking to the source name,
//! paired as `git log --follow` pairs it (each followed path on its own, renames and copies from
//! any file of the parent tree, 50% similarity: [`crate::rename::follow_source`]), and the rename's
//! numstat is the edit between the two blobs; the source keeps its own change (a deletion, or an
//! edit of a copy's source).
//!
//! ## Where we differ from `git log --follow` on purpose: renames on branches
//! git's `--follow` keeps **one** pathspec for the whole walk and switches it when it meets the
//! rename, in commit-date order; commits on another branch that still use the old name are counted
//! or missed depending on their dates. We track names **per branch**: at a merge, each parent gets
//! the names its own tree uses (a tree diff from that parent to the merge, with rename detection
//! when a tracked path appears), so an edit made on a branch under a file's old name is always
//! counted, whatever the dates. On linear histories, and on branches without renames, both agree.
//!
//! ## Cost
//! One tree diff per walked non-merge commit and one per merge parent; rename detection only when
//! a tracked path was added. Line diffs run on the rayon pool while the walk goes on.

pub mod graph;
pub(crate) mod numstat;
pub(crate) mod objects;
pub(crate) mod tree_changes;
mod walk;

pub use graph::{head_at, CommitGraph, CommitNode};
pub use walk::file_history;

/// Options of the history walk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HistoryOptions {
    /// git's `-w`: whitespace-only changes add nothing to insertions and deletions.
    pub ignore_whitespace: bool,
}

/// Progress of the walk: commits whose tree diff is done, of all walked commits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HistoryProgress {
    pub commits_done: u32,
    pub commits_total: u32,
}

/// The numbers of one author (an alias of [`CommitGraph::aliases`]) on one head file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoryCell {
    /// Index into [`CommitGraph::aliases`].
    pub alias: u32,
    /// Index into the head files given to [`file_history`].
    pub file: u32,
    pub insertions: u64,
    pub deletions: u64,
    /// Distinct counted commits of this alias that changed this file.
    pub commits: u32,
    /// Σ insertions × author time (unix seconds) of the commit.
    pub insertion_time_sum: f64,
}

/// The result of [`file_history`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// Sorted by file, then alias.
    pub cells: Vec<HistoryCell>,
    /// Per alias of [`CommitGraph::aliases`]: distinct counted commits that changed any head file.
    pub alias_commits: Vec<u32>,
    /// Per head file: its earlier names, most recent first.
    pub former_paths: Vec<Vec<String>>,
    /// Commits whose trees were diffed.
    pub commits_walked: u32,
    /// Blob pairs whose lines were counted.
    pub blobs_diffed: u64,
}
