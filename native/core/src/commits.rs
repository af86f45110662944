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
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::cancel::Cancel;
use crate::error::Result;
use crate::filters::{Filters, Settings};
use crate::history::numstat::BlobCounter;
use crate::history::objects::CommitInfo;
use crate::history::tree_changes::{FileChange, TreeDiffer, TREE_READER_BYTES_ALONE};
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
    // Each commit is read once: the table keeps what the walk needs, `infos` the rest.
    let mut infos: Vec<Option<CommitInfo>> = Vec::new();
    let mut graph = CommitGraph::collect_with(&repo, head, mailmap.as_ref(), window.since, cancel, &mut |n, info| {
        let n = n as usize;
        if infos.len() <= n {
            infos.resize_with(n + 1, || None);
        }
        infos[n] = Some(info);
    })?;
    graph.mark_counted(|t| window.in_window(t), |_| false);
    let order: Vec<u32> = graph
        .topological_order()
        .into_iter()
        .filter(|&i| graph.commits[i as usize].counted)
        .collect();

    let totals = numstats(&repo, &graph, &order, cancel)?;
    let mut records = Vec::with_capacity(order.len());
    for (&i, (additions, deletions)) in order.iter().zip(totals) {
        let node = &graph.commits[i as usize];
        let info = infos[i as usize]
            .take()
            .ok_or_else(|| crate::error::Error::internal("BUG: a listed commit was not read"))?;
        let mut message = info.message;
        if message.ends_with('\n') {
            message.pop();
        }
        records.push(CommitRecord {
            sha: node.id.to_string(),
            message,
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
            is_merge: node.parent_count > 1,
        });
    }
    Ok(records)
}

/// Commits handed to a worker at once: consecutive commits (newest first) often share blobs, one
/// commit's new version being the next one's old version, which the worker's cache then keeps.
const CHUNK: usize = 64;

/// A chunk's index and the (additions, deletions) of each of its commits.
type ChunkTotals = (usize, Vec<(u32, u32)>);

/// (additions, deletions) of every commit of `order`, in order: tree diffs and line counts of
/// different commits on every thread of the pool, each worker with its own caches.
fn numstats(repo: &gix::Repository, graph: &CommitGraph, order: &[u32], cancel: &Cancel) -> Result<Vec<(u32, u32)>> {
    let shared = repo.clone().into_sync();
    let next = AtomicUsize::new(0);
    let chunks = order.len().div_ceil(CHUNK);
    let workers = rayon::current_num_threads().clamp(1, chunks.max(1));
    let results: Vec<Vec<ChunkTotals>> = (0..workers)
        .into_par_iter()
        .map(|_| -> Result<Vec<ChunkTotals>> {
            let mut out = Vec::new();
            if next.load(Ordering::Relaxed) >= chunks {
                return Ok(out);
            }
            let mut differ = TreeDiffer::new(shared.to_thread_local(), TREE_READER_BYTES_ALONE)?;
            let mut counter = BlobCounter::new(shared.to_thread_local(), false, crate::history::numstat::READER_BYTES_ALONE);
            loop {
                let c = next.fetch_add(1, Ordering::Relaxed);
                if c >= chunks {
                    break;
                }
                let range = c * CHUNK..((c + 1) * CHUNK).min(order.len());
                let mut totals = Vec::with_capacity(range.len());
                for &i in &order[range] {
                    cancel.check()?;
                    let node = &graph.commits[i as usize];
                    totals.push(if node.parent_count > 1 {
                        (0, 0)
                    } else {
                        let parent_tree = node.parents.first().map(|&p| graph.commits[p as usize].tree);
                        numstat_totals(&mut differ, &mut counter, parent_tree, node.tree)?
                    });
                }
                out.push((c, totals));
            }
            Ok(out)
        })
        .collect::<Result<_>>()?;
    let mut all: Vec<(usize, Vec<(u32, u32)>)> = results.into_iter().flatten().collect();
    all.sort_unstable_by_key(|(c, _)| *c);
    Ok(all.into_iter().flat_map(|(_, t)| t).collect())
}

fn numstat_totals(
    differ: &mut TreeDiffer,
    counter: &mut BlobCounter,
    parent_tree: Option<gix::ObjectId>,
    tree: gix::ObjectId,
) -> Result<(u32, u32)> {
    let mut totals = (0u32, 0u32);
    for change in differ.changes(parent_tree, tree, true)? {
        let (path, old, new) = match &change {
            FileChange::Added { path, id } => (path, None, Some(*id)),
            FileChange::Deleted { path, id } => (path, Some(*id), None),
            FileChange::Modified { path, old, new } | FileChange::Renamed { to: path, old, new, .. } => {
                (path, Some(*old), Some(*new))
            }
            FileChange::Gitlink { old, new, .. } => {
                totals.0 = totals.0.saturating_add(u32::from(new.is_some()));
                totals.1 = totals.1.saturating_add(u32::from(old.is_some()));
                continue;
            }
        };
        let (ins, del) = counter.count(path_key(path), old, new)?;
        totals.0 = totals.0.saturating_add(ins);
        totals.1 = totals.1.saturating_add(del);
    }
    Ok(totals)
}


/// A stable key per path, for the per-file caches of [`BlobCounter`].
fn path_key(path: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    path.hash(&mut h);
    h.finish()
}
