//! Which files of a commit differ from its first parent: a diff of two raw trees (parsed by gix)
//! that descends only into subtrees whose ids differ, and lists only what blame needs: the files
//! of the new tree that are added or modified (a deleted file cannot be a suspect).
//!
//! gix's tree diff serves more (rename tracking, attributes for its resource cache), and setting
//! that up per commit cost more than the diff itself in a walk over tens of thousands of commits.

use std::cmp::Ordering;
use std::sync::Arc;

use gix::objs::tree::EntryRef;
use gix::objs::TreeRefIter;
use gix::ObjectId;
use rustc_hash::FxHashMap;

use super::origin::FileVersion;
use crate::error::{Error, ErrorCode, Result};
use crate::packs::ObjectReader;

/// Changed paths of a commit, each with the old tree's file at that path (see [`changed_files`]).
pub type ChangedFiles = FxHashMap<String, Option<FileVersion>>;

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

    #[test]
    fn trees_sort_as_if_they_ended_in_a_slash() {
        use EntryKind::{Blob, Tree};
        assert_eq!(tree_order(&entry(b"a", Tree), &entry(b"a.c", Blob)), Ordering::Greater);
        assert_eq!(tree_order(&entry(b"a", Blob), &entry(b"a.c", Blob)), Ordering::Less);
        assert_eq!(tree_order(&entry(b"a", Tree), &entry(b"a", Blob)), Ordering::Greater);
        assert_eq!(tree_order(&entry(b"b", Tree), &entry(b"b", Tree)), Ordering::Equal);
    }
}
