//! What one walk computes from a pair of trees and the other walks of the same history take
//! instead of computing it again: the walks of one [`super::blame_files`] call (one per core, each
//! for its own files) visit the same commits in the same order, so each answer is computed by the
//! walk that gets there first. An entry is dropped once every other walk has taken it; entries a
//! walk never asks for (it looked its few suspects up instead, or had no file to follow there)
//! are dropped oldest first past a memory budget.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use gix::ObjectId;
use rustc_hash::FxHashMap;

use super::changed::ChangedFiles;
use super::origin::Renames;
use crate::error::Result;

/// The files that differ between a first parent's tree and its child's ([`super::changed`]).
pub type SharedChanges = SharedByTrees<ChangedFiles>;
/// The renames from a parent's tree to its child's ([`super::origin::renames`]).
pub type SharedRenames = SharedByTrees<Renames>;

/// Answers per pair of trees (old, new), shared between walks.
pub struct SharedByTrees<T> {
    /// How many walks besides the one that computes an entry will ask for it.
    takers: usize,
    budget: usize,
    inner: Mutex<Inner<T>>,
}

struct Inner<T> {
    /// Per pair of trees: the answer, how many walks have yet to take it, its size.
    entries: FxHashMap<(ObjectId, ObjectId), (Arc<T>, usize, usize)>,
    /// Keys in insertion order, for dropping the oldest past the budget; keys already taken are
    /// skipped (and cleared from the front as they come up).
    order: VecDeque<(ObjectId, ObjectId)>,
    bytes: usize,
}

impl<T> Inner<T> {
    fn remove(&mut self, key: &(ObjectId, ObjectId)) {
        if let Some((_, _, size)) = self.entries.remove(key) {
            self.bytes -= size;
        }
    }
}

/// Bytes an answer holds: paths, mostly.
pub trait Weigh {
    fn weigh(&self) -> usize;
}

impl Weigh for ChangedFiles {
    fn weigh(&self) -> usize {
        64 + self.keys().map(|p| p.len() + 64).sum::<usize>()
    }
}

impl Weigh for Renames {
    fn weigh(&self) -> usize {
        64 + self.iter().map(|(to, (from, _))| to.len() + from.len() + 96).sum::<usize>()
    }
}

impl<T: Weigh> SharedByTrees<T> {
    pub fn new(walks: usize, budget: usize) -> Self {
        SharedByTrees { takers: walks.saturating_sub(1), budget, inner: Mutex::new(Inner { entries: FxHashMap::default(), order: VecDeque::new(), bytes: 0 }) }
    }

    /// The answer for trees `old` and `new`, from another walk or from `compute`.
    pub fn get_or(&self, old: ObjectId, new: ObjectId, compute: impl FnOnce() -> Result<T>) -> Result<Arc<T>> {
        let key = (old, new);
        if let Some(found) = self.take(&key) {
            return Ok(found);
        }
        let answer = Arc::new(compute()?);
        if self.takers == 0 {
            return Ok(answer);
        }
        let size = answer.weigh();
        let mut inner = self.lock();
        if inner.entries.contains_key(&key) {
            // Another walk computed it meanwhile: this walk's share is taken.
            drop(inner);
            self.take(&key);
            return Ok(answer);
        }
        inner.entries.insert(key, (Arc::clone(&answer), self.takers, size));
        inner.order.push_back(key);
        inner.bytes += size;
        while let Some(front) = inner.order.front().copied() {
            if inner.entries.contains_key(&front) && inner.bytes <= self.budget {
                break;
            }
            inner.order.pop_front();
            inner.remove(&front);
        }
        Ok(answer)
    }

    fn take(&self, key: &(ObjectId, ObjectId)) -> Option<Arc<T>> {
        let mut inner = self.lock();
        let (answer, left, _) = inner.entries.get_mut(key)?;
        let answer = Arc::clone(answer);
        *left -= 1;
        if *left == 0 {
            inner.remove(key);
        }
        Some(answer)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner<T>> {
        // A walk that panicked holding the lock left the map whole: entries are inserted and
        // removed in one step.
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Commits the walks of one call found guilty, in the order found, for a walk that has finished
/// to read their details while the others still walk ([`super::assemble::SharedDetails::read_ahead`]):
/// the last walk's assembly then finds them read, instead of reading them after every walk ended.
#[derive(Default)]
pub struct GuiltyCommits(Mutex<Vec<(ObjectId, bool)>>);

impl GuiltyCommits {
    /// Commit `id` owns lines of a file now; `boundary` as [`super::walk::Node::is_boundary`].
    pub fn push(&self, id: ObjectId, boundary: bool) {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push((id, boundary));
    }

    /// Everything pushed since the last take.
    pub fn take(&self) -> Vec<(ObjectId, bool)> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> ObjectId {
        ObjectId::from_bytes_or_panic(&[n; 20])
    }

    fn one_file(path: &str) -> Result<ChangedFiles> {
        Ok([(path.to_string(), None)].into_iter().collect())
    }

    #[test]
    fn each_tree_diff_is_computed_once_and_dropped_when_every_walk_took_it() {
        let shared = SharedChanges::new(3, 1 << 20);
        let mut computed = 0;
        for _ in 0..3 {
            let changed = shared.get_or(id(1), id(2), || { computed += 1; one_file("a") }).unwrap();
            assert!(changed.contains_key("a"));
        }
        assert_eq!(computed, 1);
        assert!(shared.lock().entries.is_empty() && shared.lock().bytes == 0);
        // A fourth walk asking again (the same trees in another commit) computes it again.
        shared.get_or(id(1), id(2), || { computed += 1; one_file("a") }).unwrap();
        assert_eq!(computed, 2);
    }

    #[test]
    fn entries_never_taken_are_dropped_oldest_first_past_the_budget() {
        let one = 64 + 1 + 64;
        let shared = SharedChanges::new(2, 2 * one);
        for n in 0..3 {
            shared.get_or(id(n), id(100), || one_file("x")).unwrap();
        }
        let inner = shared.lock();
        assert_eq!(inner.bytes, 2 * one);
        assert!(!inner.entries.contains_key(&(id(0), id(100))));
        assert!(inner.entries.contains_key(&(id(1), id(100))) && inner.entries.contains_key(&(id(2), id(100))));
        drop(inner);
        // One walk alone shares nothing.
        let alone = SharedChanges::new(1, 1 << 20);
        alone.get_or(id(1), id(2), || one_file("a")).unwrap();
        assert!(alone.lock().entries.is_empty());
    }
}
