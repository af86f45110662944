//! The walk itself: tracked names flow from children to parents in topological order; every
//! counted non-merge commit yields *jobs* (a blob pair to count lines of, and the cells it feeds),
//! which a consumer thread counts on the rayon pool while the walk continues.

use std::collections::HashMap;
use std::sync::{mpsc, Arc};

use gix::ObjectId;
use rayon::prelude::*;

use super::graph::CommitGraph;
use super::numstat::count_changes;
use super::objects::{is_binary, line_count, read_blob};
use super::tree_changes::{FileChange, TreeDiffer};
use super::{History, HistoryCell, HistoryOptions, HistoryProgress};
use crate::cancel::Cancel;
use crate::error::{Error, Result};

/// Tracked name at a commit → the head files (indices) known under it there. Usually one file;
/// several when branches renamed different files to the same name.
type NameMap = HashMap<String, Vec<u32>>;

/// A blob pair whose numstat is needed; `None` is the missing side of an addition or deletion.
#[derive(Debug, Clone, Copy)]
struct Job {
    old: Option<ObjectId>,
    new: Option<ObjectId>,
}

/// Where a job's counts go.
struct JobTarget {
    alias: u32,
    author_time: i64,
    files: Vec<u32>,
}

/// Jobs sent to the line-counting thread at once: large enough to spread over the pool, small
/// enough that counting starts early in the walk.
const BATCH: usize = 256;

/// Line counts of one batch: (index of its first job, (insertions, deletions) per job).
type CountedBatch = (usize, Vec<(u32, u32)>);

/// Walk the history of `graph` for the head files `files` (paths at `graph.commits[0]`).
///
/// Requires `graph` to have `counted` marked ([`CommitGraph::mark_counted`]). Checks `cancel` at
/// every commit; reports progress every few commits.
pub fn file_history(
    repo: &gix::Repository,
    graph: &CommitGraph,
    files: &[String],
    options: &HistoryOptions,
    cancel: &Cancel,
    progress: &mut dyn FnMut(HistoryProgress),
) -> Result<History> {
    let mut repo = repo.clone();
    // Trees are read again and again by the tree diffs: a small object cache pays for itself.
    repo.object_cache_size_if_unset(32 * 1024 * 1024);
    let shared = repo.clone().into_sync();
    let ignore_ws = options.ignore_whitespace;

    let (tx, rx) = mpsc::channel::<(usize, Vec<Job>)>();
    let consumer_cancel = cancel.clone();
    std::thread::scope(|scope| {
        let consumer = scope.spawn(move || -> Result<Vec<CountedBatch>> {
            let mut results = Vec::new();
            for (start, batch) in rx {
                consumer_cancel.check()?;
                let counted: Vec<(u32, u32)> = batch
                    .par_iter()
                    .map_init(
                        || shared.to_thread_local(),
                        |repo, job| count_job(repo, job, ignore_ws, &consumer_cancel),
                    )
                    .collect::<Result<_>>()?;
                results.push((start, counted));
            }
            Ok(results)
        });
        let walked = walk(&repo, graph, files, cancel, progress, tx);
        let counted = consumer
            .join()
            .map_err(|_| Error::internal("BUG: the line-counting thread panicked"))?;
        let (walk, targets) = walked?;
        let counted = counted?;
        Ok(finish(walk, targets, counted))
    })
}

/// What the walk itself produces, before line counts are known.
struct Walk {
    cells: HashMap<(u32, u32), HistoryCell>,
    alias_commits: Vec<u32>,
    former_paths: Vec<Vec<String>>,
    commits_walked: u32,
}

fn walk(
    repo: &gix::Repository,
    graph: &CommitGraph,
    files: &[String],
    cancel: &Cancel,
    progress: &mut dyn FnMut(HistoryProgress),
    tx: mpsc::Sender<(usize, Vec<Job>)>,
) -> Result<(Walk, Vec<JobTarget>)> {
    let order = graph.topological_order();
    let total = order.len() as u32;
    let mut out = Walk {
        cells: HashMap::new(),
        alias_commits: vec![0; graph.aliases.len()],
        former_paths: vec![Vec::new(); files.len()],
        commits_walked: 0,
    };
    let mut targets: Vec<JobTarget> = Vec::new();
    let mut batch: Vec<Job> = Vec::with_capacity(BATCH);
    let mut batch_start = 0usize;
    let mut pending: Vec<Option<Arc<NameMap>>> = vec![None; graph.commits.len()];
    if !graph.commits.is_empty() {
        let mut initial = NameMap::new();
        for (i, f) in files.iter().enumerate() {
            initial.entry(f.clone()).or_default().push(i as u32);
        }
        pending[0] = Some(Arc::new(initial));
    }
    let mut differ = TreeDiffer::new(repo)?;
    progress(HistoryProgress { commits_done: 0, commits_total: total });

    for (done, &c) in order.iter().enumerate() {
        cancel.check()?;
        if done % 64 == 0 && done > 0 {
            progress(HistoryProgress { commits_done: done as u32, commits_total: total });
        }
        let Some(names) = pending[c as usize].take() else { continue };
        let node = &graph.commits[c as usize];
        out.commits_walked += 1;
        let tree_of = |p: u32| graph.commits[p as usize].tree;

        if node.parent_count > 1 {
            // A merge: no numstat of its own; each parent learns the names its tree uses.
            for &p in &node.parents {
                let changes = changes_with_renames_if_needed(&mut differ, Some(tree_of(p)), node.tree, &names)?;
                let (parent_names, _) = names_for_parent(&names, &changes);
                merge_into(&mut pending[p as usize], parent_names);
            }
            continue;
        }

        // A root commit, or a shallow boundary, diffs against the empty tree as git log shows it.
        let parent = node.parents.first().copied();
        let changes = changes_with_renames_if_needed(&mut differ, parent.map(tree_of), node.tree, &names)?;
        let (parent_names, renamed) = names_for_parent(&names, &changes);
        for (file, from) in renamed {
            let former = &mut out.former_paths[file as usize];
            if files[file as usize] != from && !former.contains(&from) {
                former.push(from);
            }
        }
        if let Some(p) = parent {
            merge_into(&mut pending[p as usize], parent_names);
        }
        if !node.counted {
            continue;
        }

        let mut touched: Vec<u32> = Vec::new();
        for change in &changes {
            let (job, path) = match change {
                FileChange::Modified { path, old, new } => (Job { old: Some(*old), new: Some(*new) }, path),
                FileChange::Added { path, id } => (Job { old: None, new: Some(*id) }, path),
                FileChange::Deleted { path, id } => (Job { old: Some(*id), new: None }, path),
                FileChange::Renamed { from, to, old, new } => {
                    // `git log --follow -- <from>` would show the source's disappearance as a deletion.
                    if let Some(f) = names.get(from) {
                        push_job(&mut batch, &mut targets, Job { old: Some(*old), new: None }, node, f, &mut touched);
                    }
                    (Job { old: Some(*old), new: Some(*new) }, to)
                }
            };
            if let Some(f) = names.get(path) {
                push_job(&mut batch, &mut targets, job, node, f, &mut touched);
            }
            if batch.len() >= BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                let start = std::mem::replace(&mut batch_start, targets.len());
                // A closed channel means the consumer stopped on an error it will report.
                let _ = tx.send((start, full));
            }
        }
        touched.sort_unstable();
        touched.dedup();
        if !touched.is_empty() {
            out.alias_commits[node.author as usize] += 1;
        }
        for f in touched {
            let cell = out.cells.entry((f, node.author)).or_insert_with(|| HistoryCell {
                alias: node.author,
                file: f,
                ..Default::default()
            });
            cell.commits += 1;
        }
    }
    if !batch.is_empty() {
        let _ = tx.send((batch_start, batch));
    }
    progress(HistoryProgress { commits_done: total, commits_total: total });
    Ok((out, targets))
}

fn push_job(
    batch: &mut Vec<Job>,
    targets: &mut Vec<JobTarget>,
    job: Job,
    node: &super::graph::CommitNode,
    files: &[u32],
    touched: &mut Vec<u32>,
) {
    batch.push(job);
    targets.push(JobTarget { alias: node.author, author_time: node.author_time, files: files.to_vec() });
    touched.extend_from_slice(files);
}

/// The tree diff, redone with rename detection only when a tracked name was added (only then can
/// a rename matter to us, and similarity checks are the expensive part).
fn changes_with_renames_if_needed(
    differ: &mut TreeDiffer<'_>,
    old: Option<ObjectId>,
    new: ObjectId,
    names: &NameMap,
) -> Result<Vec<FileChange>> {
    let changes = differ.changes(old, new, false)?;
    let tracked_addition = changes
        .iter()
        .any(|c| matches!(c, FileChange::Added { path, .. } if names.contains_key(path)));
    let any_deletion = changes.iter().any(|c| matches!(c, FileChange::Deleted { .. }));
    if tracked_addition && any_deletion {
        differ.changes(old, new, true)
    } else {
        Ok(changes)
    }
}

/// The names of the parent side of `changes`: a rename whose destination is tracked moves the
/// tracking to its source. Returns the map and the (file, source name) pairs of those renames.
fn names_for_parent(names: &Arc<NameMap>, changes: &[FileChange]) -> (Arc<NameMap>, Vec<(u32, String)>) {
    let renames: Vec<(&String, &String, &Vec<u32>)> = changes
        .iter()
        .filter_map(|c| match c {
            FileChange::Renamed { from, to, .. } => names.get(to).map(|f| (from, to, f)),
            _ => None,
        })
        .collect();
    if renames.is_empty() {
        return (Arc::clone(names), Vec::new());
    }
    let mut map: NameMap = (**names).clone();
    // Remove every destination first, so that swaps (a→b, b→a) do not clobber each other.
    for (_, to, _) in &renames {
        map.remove(*to);
    }
    let mut moved = Vec::new();
    for (from, _, files) in renames {
        let entry = map.entry(from.clone()).or_default();
        for &f in files {
            if !entry.contains(&f) {
                entry.push(f);
            }
            moved.push((f, from.clone()));
        }
    }
    (Arc::new(map), moved)
}

/// Union the names reaching a commit from another child.
fn merge_into(slot: &mut Option<Arc<NameMap>>, names: Arc<NameMap>) {
    match slot {
        None => *slot = Some(names),
        Some(existing) if Arc::ptr_eq(existing, &names) || **existing == *names => {}
        Some(existing) => {
            let map = Arc::make_mut(existing);
            for (name, files) in names.iter() {
                let entry = map.entry(name.clone()).or_default();
                for &f in files {
                    if !entry.contains(&f) {
                        entry.push(f);
                    }
                }
            }
        }
    }
}

/// Insertions and deletions of one job; binary blobs count nothing (`git log --numstat` prints
/// `-` for them).
fn count_job(repo: &gix::Repository, job: &Job, ignore_ws: bool, cancel: &Cancel) -> Result<(u32, u32)> {
    cancel.check()?;
    if job.old == job.new {
        return Ok((0, 0));
    }
    let old = job.old.map(|id| read_blob(repo, id)).transpose()?;
    let new = job.new.map(|id| read_blob(repo, id)).transpose()?;
    if old.as_deref().is_some_and(is_binary) || new.as_deref().is_some_and(is_binary) {
        return Ok((0, 0));
    }
    Ok(match (old, new) {
        (Some(old), Some(new)) => count_changes(&old, &new, ignore_ws),
        (None, Some(new)) => (line_count(&new), 0),
        (Some(old), None) => (0, line_count(&old)),
        (None, None) => (0, 0),
    })
}

fn finish(walk: Walk, targets: Vec<JobTarget>, counted: Vec<CountedBatch>) -> History {
    let Walk { mut cells, alias_commits, former_paths, commits_walked } = walk;
    let mut blobs_diffed = 0u64;
    for (start, results) in counted {
        for (offset, (ins, del)) in results.into_iter().enumerate() {
            blobs_diffed += 1;
            let Some(target) = targets.get(start + offset) else { continue };
            for &f in &target.files {
                let cell = cells.entry((f, target.alias)).or_insert_with(|| HistoryCell {
                    alias: target.alias,
                    file: f,
                    ..Default::default()
                });
                cell.insertions += u64::from(ins);
                cell.deletions += u64::from(del);
                cell.insertion_time_sum += f64::from(ins) * target.author_time as f64;
            }
        }
    }
    let mut cells: Vec<HistoryCell> = cells.into_values().collect();
    cells.sort_by_key(|c| (c.file, c.alias));
    History { cells, alias_commits, former_paths, commits_walked, blobs_diffed }
}
