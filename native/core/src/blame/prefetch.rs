//! Reading commits ahead of a blame, on another core.
//!
//! Without a commit-graph file (a fresh clone has none until `git gc` writes one), a blame spends
//! about half its time inflating and parsing commits, one at a time, between its diffs. The walk's
//! order is predictable: newest committer date first, from the starting commit. So a second
//! thread walks the same ancestry in the same order, reading only commit headers, and leaves them
//! in [`crate::commit_cache`], where the blame finds them. It stops when the blame ends (the
//! [`Prefetch`] is dropped), when it has read [`MAX_AHEAD`] commits, or at the first commit it
//! cannot read (a shallow clone's edge, a missing object): the blame then reads for itself, as it
//! always could.

use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use gix::ObjectId;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::commit_cache::{self, CommitHeader};
use crate::packs::{ObjectReader, Packs};

/// Commits read ahead at most per blame: well under the cache's capacity, so that reading ahead
/// never empties the table the blame is reading from.
const MAX_AHEAD: usize = 64 * 1024;
/// Objects the reading-ahead thread's reader keeps: commits are read once each, so this only
/// bounds what it holds (the odd deltified commit's base).
const READER_CACHE_BYTES: usize = 4 * 1024 * 1024;
/// Headers handed to the cache under one lock. Few: when the blame catches up with this thread,
/// it reads for itself every commit still held back here (with 64, express's package.json took
/// 29 ms in a fresh process instead of 25).
const BATCH: usize = 2;

/// The reading-ahead thread of one blame; dropping it stops the thread (and lets the blame's
/// thread leave its core).
pub struct Prefetch {
    stop: Arc<AtomicBool>,
    _pinned: Option<crate::cpus::Pinned>,
}

impl Prefetch {
    /// Starts reading the ancestry of `start` when the machine has a core to spare.
    pub fn start(repo: &gix::Repository, start: ObjectId) -> Prefetch {
        let stop = Arc::new(AtomicBool::new(false));
        let spare_core = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
        let mut pinned = None;
        if spare_core {
            let shared = repo.clone().into_sync();
            let flag = Arc::clone(&stop);
            // Each thread on a core of its own (see crate::cpus).
            let placement = crate::cpus::Placement::here();
            // Not joined: it stops after the commit it is reading, and what it leaves behind (its
            // reader's cache, its queue, its mapping of the packs) is freed on its own thread,
            // not on the blame's (waiting for that took 1-4 ms of a 30 ms blame).
            let _ = std::thread::Builder::new()
                .name("git-authorship-prefetch".into())
                .spawn(move || {
                    if let Some(p) = placement {
                        p.take_another();
                    }
                    read_ahead(&shared.to_thread_local(), start, &flag)
                });
            pinned = placement.map(|p| p.pin());
        }
        Prefetch { stop, _pinned: pinned }
    }
}

impl Drop for Prefetch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// git's revision walk order (newest committer date first), reading each commit's parents as it
/// is taken from the queue.
fn read_ahead(repo: &gix::Repository, start: ObjectId, stop: &AtomicBool) {
    let mut queue: BinaryHeap<(i64, ObjectId)> = BinaryHeap::new();
    let mut seen: FxHashSet<ObjectId> = FxHashSet::default();
    // Headers of the queued commits (the shared table may be emptied by another call meanwhile).
    let mut queued: FxHashMap<ObjectId, Arc<CommitHeader>> = FxHashMap::default();
    let mut batch: Vec<(ObjectId, Arc<CommitHeader>)> = Vec::with_capacity(BATCH);
    let mut reader = ObjectReader::new(Packs::open(repo), READER_CACHE_BYTES);
    let Ok(first) = commit_cache::header(repo, &mut reader, start, true) else { return };
    seen.insert(start);
    queue.push((first.time, start));
    queued.insert(start, first);
    let mut read = 0;
    'walk: while let Some((_, id)) = queue.pop() {
        let header = queued.remove(&id).expect("BUG: a queued commit without its header");
        for &p in header.parents.iter() {
            if !seen.insert(p) {
                continue;
            }
            if stop.load(Ordering::Relaxed) || read >= MAX_AHEAD {
                break 'walk;
            }
            let h = match commit_cache::get(&p) {
                Some(h) => h,
                None => {
                    let Ok(h) = commit_cache::header(repo, &mut reader, p, false) else { break 'walk };
                    read += 1;
                    batch.push((p, Arc::clone(&h)));
                    h
                }
            };
            queue.push((h.time, p));
            queued.insert(p, h);
        }
        if batch.len() >= BATCH {
            commit_cache::put_many(batch.drain(..));
        }
    }
    commit_cache::put_many(batch);
}
