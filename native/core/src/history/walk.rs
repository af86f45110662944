//! The walk itself: tracked names flow from children to parents in topological order; every
//! counted non-merge commit yields *jobs* (a blob pair to count lines of, and the cells it feeds).
//!
//! Three kinds of work overlap, so that both cores stay busy:
//! - tree diffs (without rename detection) of a window of commits run on the rayon pool while the
//!   walk thread applies the previous window's diffs to the tracked names, in order (rename
//!   detection, only when a tracked name was added, is redone there);
//! - jobs go to line-counting workers, routed by head file: the versions of one file go to one
//!   worker, whose [`BlobCounter`] then reads and tokenizes each blob about once;
//! - every worker sums its own cells; they are merged at the end.

use std::collections::HashMap;
use std::sync::{mpsc, Arc, Mutex};

use gix::ObjectId;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::graph::CommitGraph;
use super::numstat::BlobCounter;
use super::tree_changes::{FileChange, TreeDiff, TreeDiffer, TREE_READER_BYTES_SHARED};
use super::{History, HistoryCell, HistoryOptions, HistoryProgress};
use crate::cancel::Cancel;
use crate::error::{Error, Result};

/// Tracked name at a commit → the head files (indices) known under it there. Usually one file;
/// several when branches renamed different files to the same name.
type NameMap = HashMap<String, Vec<u32>>;

/// A blob pair whose numstat is needed (`None` is the missing side of an addition or deletion),
/// and the cells it feeds.
struct Job {
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    alias: u32,
    author_time: i64,
    files: Vec<u32>,
}

/// Jobs sent to a worker at once.
const BATCH: usize = 64;
/// Commits whose tree diffs are computed together, while the walk applies the previous window.
const WINDOW: usize = 128;

/// What a line-counting worker sums: (file, alias) → (insertions, deletions, Σ insertions × time).
type Sums = FxHashMap<(u32, u32), (u64, u64, f64)>;

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
    let shared = repo.clone().into_sync();
    let ignore_ws = options.ignore_whitespace;
    let workers = rayon::current_num_threads().max(1);

    std::thread::scope(|scope| {
        let mut senders = Vec::with_capacity(workers);
        let mut handles = Vec::with_capacity(workers);
        for _ in 0..workers {
            let (tx, rx) = mpsc::channel::<Vec<Job>>();
            senders.push(tx);
            let shared = &shared;
            let cancel = cancel.clone();
            handles.push(scope.spawn(move || count_worker(shared.to_thread_local(), rx, ignore_ws, &cancel)));
        }
        let walked = walk(&shared, graph, files, cancel, progress, senders);
        let mut sums = Vec::with_capacity(workers);
        let mut failure = None;
        for h in handles {
            match h.join().map_err(|_| Error::internal("BUG: a line-counting thread panicked"))? {
                Ok(s) => sums.push(s),
                Err(e) => failure = failure.or(Some(e)),
            }
        }
        let walk = walked?;
        if let Some(e) = failure {
            return Err(e);
        }
        Ok(finish(walk, sums))
    })
}

/// Count the jobs sent to this worker; stops at the first error (the walk then stops sending).
fn count_worker(repo: gix::Repository, rx: mpsc::Receiver<Vec<Job>>, ignore_ws: bool, cancel: &Cancel) -> Result<(Sums, u64)> {
    let mut counter = BlobCounter::new(repo, ignore_ws, super::numstat::READER_BYTES_SHARED);
    let mut sums = Sums::default();
    let mut jobs = 0u64;
    for batch in rx {
        cancel.check()?;
        for job in batch {
            let key = job.files.first().map_or(u64::MAX, |&f| u64::from(f));
            let (ins, del) = counter.count(key, job.old, job.new)?;
            jobs += 1;
            for f in job.files {
                let cell = sums.entry((f, job.alias)).or_default();
                cell.0 += u64::from(ins);
                cell.1 += u64::from(del);
                cell.2 += f64::from(ins) * job.author_time as f64;
            }
        }
    }
    Ok((sums, jobs))
}

/// What the walk itself produces, before line counts are known.
struct Walk {
    cells: HashMap<(u32, u32), HistoryCell>,
    alias_commits: Vec<u32>,
    former_paths: Vec<Vec<String>>,
    commits_walked: u32,
}

/// Jobs on their way to the workers, batched per worker.
struct Dispatch {
    senders: Vec<mpsc::Sender<Vec<Job>>>,
    batches: Vec<Vec<Job>>,
}

impl Dispatch {
    fn push(&mut self, job: Job) {
        // The versions of one file go to one worker, whose cache then holds both sides of its diffs.
        let w = job.files.first().map_or(0, |&f| f as usize % self.senders.len());
        self.batches[w].push(job);
        if self.batches[w].len() >= BATCH {
            let full = std::mem::replace(&mut self.batches[w], Vec::with_capacity(BATCH));
            // A closed channel means the worker stopped on an error it will report.
            let _ = self.senders[w].send(full);
        }
    }

    fn flush(&mut self) {
        for (w, batch) in self.batches.iter_mut().enumerate() {
            if !batch.is_empty() {
                let _ = self.senders[w].send(std::mem::take(batch));
            }
        }
    }
}

/// The tree diffs (without rename detection) a walked commit needs: against its first parent
/// (the empty tree for a root), or against every parent of a merge.
fn diffs_of(differ: &mut TreeDiffer, graph: &CommitGraph, c: u32) -> Result<Vec<TreeDiff>> {
    let node = &graph.commits[c as usize];
    let tree_of = |p: u32| graph.commits[p as usize].tree;
    if node.parent_count > 1 {
        node.parents.iter().map(|&p| differ.diff(Some(tree_of(p)), node.tree)).collect()
    } else {
        Ok(vec![differ.diff(node.parents.first().copied().map(tree_of), node.tree)?])
    }
}

/// Tree diffs of a window of commits on the rayon pool; every pool thread keeps its differ.
fn window_diffs(differs: &[Mutex<Option<TreeDiffer>>], shared: &gix::ThreadSafeRepository, graph: &CommitGraph, window: &[u32]) -> Result<Vec<Vec<TreeDiff>>> {
    window
        .par_iter()
        .map(|&c| {
            let slot = rayon::current_thread_index().unwrap_or(differs.len() - 1).min(differs.len() - 1);
            let mut guard = differs[slot].lock().map_err(|_| Error::internal("BUG: a tree differ was poisoned"))?;
            if guard.is_none() {
                *guard = Some(TreeDiffer::new(shared.to_thread_local(), TREE_READER_BYTES_SHARED)?);
            }
            diffs_of(guard.as_mut().expect("set above"), graph, c)
        })
        .collect()
}

fn walk(
    shared: &gix::ThreadSafeRepository,
    graph: &CommitGraph,
    files: &[String],
    cancel: &Cancel,
    progress: &mut dyn FnMut(HistoryProgress),
    senders: Vec<mpsc::Sender<Vec<Job>>>,
) -> Result<Walk> {
    let order = graph.topological_order();
    let total = order.len() as u32;
    let mut out = Walk {
        cells: HashMap::new(),
        alias_commits: vec![0; graph.aliases.len()],
        former_paths: vec![Vec::new(); files.len()],
        commits_walked: 0,
    };
    let mut dispatch = Dispatch { batches: (0..senders.len()).map(|_| Vec::with_capacity(BATCH)).collect(), senders };
    let mut pending: Vec<Option<Arc<NameMap>>> = vec![None; graph.commits.len()];
    if !graph.commits.is_empty() {
        let mut initial = NameMap::new();
        for (i, f) in files.iter().enumerate() {
            initial.entry(f.clone()).or_default().push(i as u32);
        }
        pending[0] = Some(Arc::new(initial));
    }
    // One differ per pool thread, plus one for the walk thread's rename detection.
    let differs: Vec<Mutex<Option<TreeDiffer>>> = (0..=rayon::current_num_threads()).map(|_| Mutex::new(None)).collect();
    let mut own = TreeDiffer::new(shared.to_thread_local(), TREE_READER_BYTES_SHARED)?;
    progress(HistoryProgress { commits_done: 0, commits_total: total });

    let windows: Vec<&[u32]> = order.chunks(WINDOW).collect();
    let mut next: Option<Result<_>> = windows.first().map(|w| window_diffs(&differs, shared, graph, w));
    let mut done = 0usize;
    for (k, window) in windows.iter().enumerate() {
        let diffs = next.take().expect("computed ahead")?;
        let ahead = windows.get(k + 1);
        // The next window's tree diffs run on the pool while this one is applied.
        let mut computed = None;
        let applied = rayon::in_place_scope(|scope| {
            if let Some(w) = ahead {
                let (differs, computed) = (&differs, &mut computed);
                scope.spawn(move |_| *computed = Some(window_diffs(differs, shared, graph, w)));
            }
            for (&c, changes) in window.iter().zip(diffs) {
                cancel.check()?;
                if done.is_multiple_of(64) && done > 0 {
                    progress(HistoryProgress { commits_done: done as u32, commits_total: total });
                }
                done += 1;
                apply(&mut own, graph, files, c, changes, &mut pending, &mut out, &mut dispatch)?;
            }
            Ok::<(), Error>(())
        });
        applied?;
        next = computed;
        if next.is_none() && k + 1 < windows.len() {
            return Err(Error::internal("BUG: a window of tree diffs went missing"));
        }
    }
    dispatch.flush();
    progress(HistoryProgress { commits_done: total, commits_total: total });
    Ok(out)
}

/// One commit of the walk: pass its names to its parents, and count its changes.
#[allow(clippy::too_many_arguments)]
fn apply(
    differ: &mut TreeDiffer,
    graph: &CommitGraph,
    files: &[String],
    c: u32,
    diffs: Vec<TreeDiff>,
    pending: &mut [Option<Arc<NameMap>>],
    out: &mut Walk,
    dispatch: &mut Dispatch,
) -> Result<()> {
    let Some(names) = pending[c as usize].take() else { return Ok(()) };
    let node = &graph.commits[c as usize];
    out.commits_walked += 1;

    if node.parent_count > 1 {
        // A merge: no numstat of its own; each parent learns the names its tree uses.
        // `git log --follow` never looks for a source at a merge (it does not diff merges), so a
        // file the merge took unchanged from one parent, or created itself, keeps its name in the
        // parents that lack it, without a rename search that could pair it with some similar file
        // of theirs. A file renamed on one side and edited on the other matches no parent: that
        // one is searched for per parent (our per-branch following).
        let kept = not_searched_at_merge(&diffs, &names);
        for ((&p, diff), kept) in node.parents.iter().zip(diffs).zip(kept) {
            let changes = with_renames_if_needed(differ, diff, &names, &|path| !kept.contains(path))?;
            let (parent_names, _) = names_for_parent(&names, &changes);
            merge_into(&mut pending[p as usize], parent_names);
        }
        return Ok(());
    }

    // A root commit, or a shallow boundary, diffs against the empty tree as git log shows it.
    let parent = node.parents.first().copied();
    let diff = diffs.into_iter().next().ok_or_else(|| Error::internal("BUG: a commit's tree diff went missing"))?;
    let changes = with_renames_if_needed(differ, diff, &names, &|_| true)?;
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
        return Ok(());
    }

    let mut touched: Vec<u32> = Vec::new();
    let mut push = |old: Option<ObjectId>, new: Option<ObjectId>, f: &Vec<u32>| {
        dispatch.push(Job { old, new, alias: node.author, author_time: node.author_time, files: f.clone() });
        touched.extend_from_slice(f);
    };
    for change in &changes {
        match change {
            FileChange::Modified { path, old, new } => {
                if let Some(f) = names.get(path) {
                    push(Some(*old), Some(*new), f);
                }
            }
            FileChange::Added { path, id } => {
                if let Some(f) = names.get(path) {
                    push(None, Some(*id), f);
                }
            }
            FileChange::Deleted { path, id } => {
                if let Some(f) = names.get(path) {
                    push(Some(*id), None, f);
                }
            }
            // Submodules are never analysed files (the listing skips them).
            FileChange::Gitlink { .. } => {}
            FileChange::Renamed { to, old, new, .. } => {
                // The source keeps its own change in the list (a deletion, or an edit of a copy's
                // source), which `git log --follow -- <from>` shows.
                if let Some(f) = names.get(to) {
                    push(Some(*old), Some(*new), f);
                }
            }
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
    Ok(())
}

/// Per parent of a merge: the tracked names it lacks (added by the merge, as seen from it) that
/// get no rename search there: those the merge took unchanged from another parent, and those no
/// parent has (the merge itself created them).
fn not_searched_at_merge(diffs: &[TreeDiff], names: &NameMap) -> Vec<FxHashSet<String>> {
    let touched: Vec<FxHashSet<&str>> = diffs.iter().map(|d| d.changes.iter().map(FileChange::path).collect()).collect();
    let added: Vec<FxHashSet<&str>> = diffs
        .iter()
        .map(|d| d.changes.iter().filter(|c| matches!(c, FileChange::Added { .. })).map(FileChange::path).collect())
        .collect();
    let unchanged_elsewhere = |i: usize, path: &str| touched.iter().enumerate().any(|(j, t)| j != i && !t.contains(path));
    let added_everywhere = |path: &str| added.iter().all(|a| a.contains(path));
    diffs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            d.changes
                .iter()
                .filter_map(|c| match c {
                    FileChange::Added { path, .. }
                        if names.contains_key(path) && (unchanged_elsewhere(i, path) || added_everywhere(path)) =>
                    {
                        Some(path.clone())
                    }
                    _ => None,
                })
                .collect()
        })
        .collect()
}

/// The diff's changes, with `git log --follow`'s rename detection when a tracked name that
/// `searched` accepts was added (only then can a rename matter to us, and similarity checks are
/// the expensive part).
fn with_renames_if_needed(differ: &mut TreeDiffer, diff: TreeDiff, names: &NameMap, searched: &dyn Fn(&str) -> bool) -> Result<Vec<FileChange>> {
    let followed = |p: &str| names.contains_key(p) && searched(p);
    if diff.changes.iter().any(|c| matches!(c, FileChange::Added { path, .. } if followed(path))) {
        differ.following(diff.old_tree, &diff.pairs, &followed)
    } else {
        Ok(diff.changes)
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

fn finish(walk: Walk, sums: Vec<(Sums, u64)>) -> History {
    let Walk { mut cells, alias_commits, former_paths, commits_walked } = walk;
    let mut blobs_diffed = 0u64;
    for (sums, jobs) in sums {
        blobs_diffed += jobs;
        for ((f, alias), (ins, del, time_sum)) in sums {
            let cell = cells.entry((f, alias)).or_insert_with(|| HistoryCell { alias, file: f, ..Default::default() });
            cell.insertions += ins;
            cell.deletions += del;
            cell.insertion_time_sum += time_sum;
        }
    }
    let mut cells: Vec<HistoryCell> = cells.into_values().collect();
    cells.sort_by_key(|c| (c.file, c.alias));
    History { cells, alias_commits, former_paths, commits_walked, blobs_diffed }
}
