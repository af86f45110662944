//! Which files of a commit differ from its first parent: a diff of two raw trees (parsed by gix)
//! that descends only into subtrees whose ids differ, and lists only what blame needs: the files
//! of the new tree that are added or modified (a deleted file cannot be a suspect).
//!
//! gix's tree diff serves more (rename tracking, attributes for its resource cache), and setting
//! that up per commit cost more than the diff itself in a walk over tens of thousands of commits.

use std::cmp::Ordering;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use gix::objs::tree::EntryRef;
use gix::objs::TreeRefIter;
use gix::ObjectId;
use rustc_hash::FxHashMap;

use super::origin::FileVersion;
use crate::error::{Error, ErrorCode, Result};
use crate::packs::ObjectReader;

/// Changed paths of a commit, each with the old tree's file at that path (see [`changed_files`]).
pub type ChangedFiles = FxHashMap<String, Option<FileVersion>>;

/// Changed files shared between walks of the same history (one walk per core, each for its own
/// files): the walks visit the same commits in the same order, so each tree diff is done by the
/// walk that gets there first and taken by the others. An entry is dropped once every other walk
/// has taken it; entries a walk never asks for (it looked its few suspects up instead) are dropped
/// oldest first past a memory budget.
pub struct SharedChanges {
    /// How many walks besides the one that computes an entry will ask for it.
    takers: usize,
    budget: usize,
    inner: Mutex<SharedInner>,
}

#[derive(Default)]
struct SharedInner {
    /// Per pair of trees: the changed files, how many walks have yet to take them, their size.
    entries: FxHashMap<(ObjectId, ObjectId), (Arc<ChangedFiles>, usize, usize)>,
    /// Keys in insertion order, for dropping the oldest past the budget; keys already taken are
    /// skipped (and cleared from the front as they come up).
    order: VecDeque<(ObjectId, ObjectId)>,
    bytes: usize,
}

impl SharedInner {
    fn remove(&mut self, key: &(ObjectId, ObjectId)) {
        if let Some((_, _, size)) = self.entries.remove(key) {
            self.bytes -= size;
        }
    }
}

impl SharedChanges {
    pub fn new(walks: usize, budget: usize) -> Self {
        SharedChanges { takers: walks.saturating_sub(1), budget, inner: Mutex::default() }
    }

    /// The changed files between trees `old` and `new`, from another walk or from `compute`.
    pub fn get_or(&self, old: ObjectId, new: ObjectId, compute: impl FnOnce() -> Result<ChangedFiles>) -> Result<Arc<ChangedFiles>> {
        let key = (old, new);
        if let Some(found) = self.take(&key) {
            return Ok(found);
        }
        let changed = Arc::new(compute()?);
        if self.takers == 0 {
            return Ok(changed);
        }
        let size = 64 + changed.keys().map(|p| p.len() + 64).sum::<usize>();
        let mut inner = self.lock();
        if inner.entries.contains_key(&key) {
            // Another walk computed it meanwhile: this walk's share is taken.
            drop(inner);
            self.take(&key);
            return Ok(changed);
        }
        inner.entries.insert(key, (Arc::clone(&changed), self.takers, size));
        inner.order.push_back(key);
        inner.bytes += size;
        while let Some(front) = inner.order.front().copied() {
            if inner.entries.contains_key(&front) && inner.bytes <= self.budget {
                break;
            }
            inner.order.pop_front();
            inner.remove(&front);
        }
        Ok(changed)
    }

    fn take(&self, key: &(ObjectId, ObjectId)) -> Option<Arc<ChangedFiles>> {
        let mut inner = self.lock();
        let (changed, left, _) = inner.entries.get_mut(key)?;
        let changed = Arc::clone(changed);
        *left -= 1;
        if *left == 0 {
            inner.remove(key);
        }
        Some(changed)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SharedInner> {
        // A walk that panicked holding the lock left the map whole: entries are inserted and
        // removed in one step.
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The next entry of a raw tree, in stored (git's) order, parsed by gix.
fn next_entry<'a>(id: &ObjectId, entries: &mut TreeRefIter<'a>) -> Result<Option<EntryRef<'a>>> {
    entries.next().transpose().map_err(|e| Error::internal(format!("tree {id} cannot be parsed: {e}")))
}

/// git's `base_name_compare`: names compare as if trees ended in '/'.
fn tree_order(a: &EntryRef<'_>, b: &EntryRef<'_>) -> Ordering {
    let (x, y): (&[u8], &[u8]) = (a.filename, b.filename);
    let n = x.len().min(y.len());
    // Past the common length, each side has its next byte, or '/' for a tree, or nothing.
    let next = |name: &[u8], e: &EntryRef<'_>| name.get(n).copied().or(e.mode.is_tree().then_some(b'/'));
    x[..n].cmp(&y[..n]).then_with(|| next(x, a).cmp(&next(y, b)))
}

/// The files and symlinks of `new` that are not identical in `old`: each path (`/`-separated) with
/// the file at that path in `old`, if there is one (what a lookup of the path in `old` would find:
/// the walk needs it next, and the diff has just passed it). Trees are read through `reader`, whose
/// cache keeps those that consecutive commits share.
pub fn changed_files(repo: &gix::Repository, reader: &mut ObjectReader, old: ObjectId, new: ObjectId) -> Result<ChangedFiles> {
    let mut out = ChangedFiles::default();
    let mut prefix = Vec::new();
    diff(repo, reader, Some(old), new, &mut prefix, &mut out)?;
    Ok(out)
}

fn tree(repo: &gix::Repository, reader: &mut ObjectReader, id: ObjectId) -> Result<Arc<Vec<u8>>> {
    let (kind, data) = reader.object(repo, id)?;
    if kind != gix::object::Kind::Tree {
        return Err(Error::new(ErrorCode::Internal, format!("{id} is a {kind} where a tree was expected")));
    }
    Ok(data)
}

fn diff(
    repo: &gix::Repository,
    reader: &mut ObjectReader,
    old: Option<ObjectId>,
    new: ObjectId,
    prefix: &mut Vec<u8>,
    out: &mut ChangedFiles,
) -> Result<()> {
    if old == Some(new) {
        return Ok(());
    }
    let new_data = tree(repo, reader, new)?;
    let old_data = match old {
        Some(o) => Some(tree(repo, reader, o)?),
        None => None,
    };
    let old_id = old.unwrap_or(new);
    // Both trees are in git's order: one pass over each, holding the current old entry.
    let mut olds = TreeRefIter::from_bytes(old_data.as_deref().map_or(&[][..], |d| &d[..]), old_id.kind());
    let mut current = next_entry(&old_id, &mut olds)?;
    let mut news = TreeRefIter::from_bytes(&new_data, new.kind());
    while let Some(e) = next_entry(&new, &mut news)? {
        if e.mode.is_commit() {
            continue;
        }
        // Skip old entries that sort before this one (deleted: not suspects).
        while current.as_ref().is_some_and(|o| tree_order(o, &e) == Ordering::Less) {
            current = next_entry(&old_id, &mut olds)?;
        }
        let same = current.as_ref().filter(|o| tree_order(o, &e) == Ordering::Equal);
        let len = prefix.len();
        prefix.extend_from_slice(e.filename);
        if e.mode.is_tree() {
            let old_id = same.map(|o| o.oid.to_owned());
            prefix.push(b'/');
            diff(repo, reader, old_id, e.oid.to_owned(), prefix, out)?;
        } else if same.is_none_or(|o| o.oid != e.oid || o.mode != e.mode) {
            // A submodule of the same name is no file (a tree of the same name is never `same`:
            // it sorts as if it ended in '/').
            let before = same.and_then(|o| FileVersion::from_mode(o.mode, o.oid.to_owned()));
            out.insert(String::from_utf8_lossy(prefix).into_owned(), before);
        }
        prefix.truncate(len);
    }
    // The rest of the old tree is only parsed, so that a damaged tree is still an error.
    while next_entry(&old_id, &mut olds)?.is_some() {}
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use gix::objs::tree::EntryKind;

    fn entry(name: &[u8], kind: EntryKind) -> EntryRef<'_> {
        EntryRef { mode: kind.into(), filename: name.into(), oid: gix::hash::Kind::Sha1.null_ref() }
    }

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

    #[test]
    fn trees_sort_as_if_they_ended_in_a_slash() {
        use EntryKind::{Blob, Tree};
        assert_eq!(tree_order(&entry(b"a", Tree), &entry(b"a.c", Blob)), Ordering::Greater);
        assert_eq!(tree_order(&entry(b"a", Blob), &entry(b"a.c", Blob)), Ordering::Less);
        assert_eq!(tree_order(&entry(b"a", Tree), &entry(b"a", Blob)), Ordering::Greater);
        assert_eq!(tree_order(&entry(b"b", Tree), &entry(b"b", Tree)), Ordering::Equal);
    }
}
