//! Every commit with its numstat totals (GitFleet's `extract_commits` record), for timelines and
//! commit lists.
//!
//! Terms:
//! - **additions / deletions** of a commit: the sums of `git log --numstat` over its files, against
//!   its first parent with git's default rename detection; 0 for merges (git log prints no
//!   numstat for them) and for binary files (`-`). A root commit is diffed against the empty tree.
//! - The list holds the commits `git log [--since] [--until] <rev>` shows, newest first (commit
//!   date order, every commit before its parents).

use std::path::Path;

use rayon::prelude::*;

use crate::cancel::Cancel;
use crate::error::Result;
use crate::filters::{Filters, Settings};
use crate::history::numstat::count_changes;
use crate::history::objects::{is_binary, line_count, read_blob, read_commit};
use crate::history::tree_changes::{FileChange, TreeDiffer};
use crate::history::CommitGraph;

/// What to list. Dates take the forms of [`Settings::since`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitsOptions {
    pub since: Option<String>,
    pub until: Option<String>,
    /// Revision to walk from; `None` = `HEAD`.
    pub rev: Option<String>,
    /// Apply `.mailmap` to author and committer. Default true.
    pub mailmap: bool,
}

impl Default for CommitsOptions {
    fn default() -> Self {
        CommitsOptions { since: None, until: None, rev: None, mailmap: true }
    }
}

/// One commit (the TypeScript `CommitRecord`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitRecord {
    /// 40-hex id.
    pub sha: String,
    /// The whole message, without its final newline.
    pub message: String,
    pub author_name: String,
    pub author_email: String,
    /// Unix seconds.
    pub author_time: i64,
    /// Minutes east of UTC.
    pub author_offset: i32,
    pub committer_name: String,
    pub committer_email: String,
    pub committer_time: i64,
    pub committer_offset: i32,
    pub additions: u32,
    pub deletions: u32,
    pub is_merge: bool,
}

/// List the commits of `repo_path` as [`CommitsOptions`] asks. Checks `cancel` at every commit.
pub fn extract_commits(repo_path: &Path, options: &CommitsOptions, cancel: &Cancel) -> Result<Vec<CommitRecord>> {
    let window = Filters::compile(&Settings {
        since: options.since.clone(),
        until: options.until.clone(),
        ..Settings::default()
    })?;
    let repo = crate::repo::open(repo_path)?;
    let head = crate::repo::resolve_commit(&repo, options.rev.as_deref().unwrap_or("HEAD"))?;
    let mailmap = options.mailmap.then(|| crate::repo::load_mailmap(&repo).0);
    let mut graph = CommitGraph::collect(&repo, head, mailmap.as_ref(), window.since, cancel)?;
    graph.mark_counted(|t| window.in_window(t), |_| false);
    let order: Vec<u32> = graph
        .topological_order()
        .into_iter()
        .filter(|&i| graph.commits[i as usize].counted)
        .collect();

    let shared = repo.clone().into_sync();
    // Chunks keep one tree differ (and its caches) per task.
    order
        .par_chunks(64)
        .map(|chunk| -> Result<Vec<CommitRecord>> {
            let repo = shared.to_thread_local();
            let mut differ = TreeDiffer::new(&repo)?;
            chunk
                .iter()
                .map(|&i| {
                    cancel.check()?;
                    let node = &graph.commits[i as usize];
                    let info = read_commit(&repo, node.id, mailmap.as_ref())?;
                    let is_merge = info.parents.len() > 1;
                    let (additions, deletions) = if is_merge {
                        (0, 0)
                    } else {
                        let parent_tree = node.parents.first().map(|&p| graph.commits[p as usize].tree);
                        numstat_totals(&repo, &mut differ, parent_tree, node.tree)?
                    };
                    Ok(CommitRecord {
                        sha: node.id.to_string(),
                        message: info.message.strip_suffix('\n').unwrap_or(&info.message).to_string(),
                        author_name: info.author.name,
                        author_email: info.author.email,
                        author_time: info.author_time,
                        author_offset: info.author_offset,
                        committer_name: info.committer.name,
                        committer_email: info.committer.email,
                        committer_time: info.committer_time,
                        committer_offset: info.committer_offset,
                        additions,
                        deletions,
                        is_merge,
                    })
                })
                .collect()
        })
        .collect::<Result<Vec<Vec<CommitRecord>>>>()
        .map(|chunks| chunks.into_iter().flatten().collect())
}

fn numstat_totals(
    repo: &gix::Repository,
    differ: &mut TreeDiffer<'_>,
    parent_tree: Option<gix::ObjectId>,
    tree: gix::ObjectId,
) -> Result<(u32, u32)> {
    let mut totals = (0u32, 0u32);
    for change in differ.changes(parent_tree, tree, true)? {
        let (old, new) = match change {
            FileChange::Added { id, .. } => (None, Some(id)),
            FileChange::Deleted { id, .. } => (Some(id), None),
            FileChange::Modified { old, new, .. } | FileChange::Renamed { old, new, .. } => (Some(old), Some(new)),
        };
        if old == new {
            continue;
        }
        let old = old.map(|id| read_blob(repo, id)).transpose()?;
        let new = new.map(|id| read_blob(repo, id)).transpose()?;
        if old.as_deref().is_some_and(is_binary) || new.as_deref().is_some_and(is_binary) {
            continue;
        }
        let (ins, del) = match (old, new) {
            (Some(o), Some(n)) => count_changes(&o, &n, false),
            (None, Some(n)) => (line_count(&n), 0),
            (Some(o), None) => (0, line_count(&o)),
            (None, None) => (0, 0),
        };
        totals.0 = totals.0.saturating_add(ins);
        totals.1 = totals.1.saturating_add(del);
    }
    Ok(totals)
}
