//! Which files of a commit differ from its first parent: a diff of two trees on their raw bytes
//! that descends only into subtrees whose ids differ, and lists only what blame needs: the files
//! of the new tree that are added or modified (a deleted file cannot be a suspect).
//!
//! gix's tree diff serves more (rename tracking, attributes for its resource cache), and setting
//! that up per commit cost more than the diff itself in a walk over tens of thousands of commits.

use std::cmp::Ordering;
use std::sync::Arc;

use gix::ObjectId;
use rustc_hash::FxHashSet;

use crate::error::{Error, ErrorCode, Result};
use crate::packs::ObjectReader;

/// One entry of a raw tree.
struct TreeEntry<'a> {
    name: &'a [u8],
    mode: &'a [u8],
    id: &'a [u8],
}

impl TreeEntry<'_> {
    fn is_tree(&self) -> bool {
        self.mode == b"40000" || self.mode == b"040000"
    }

    fn is_gitlink(&self) -> bool {
        self.mode == b"160000"
    }
}

/// The entries of a raw tree, in stored (git's) order.
fn entries<'a>(id: &ObjectId, data: &'a [u8], hash_len: usize) -> Result<Vec<TreeEntry<'a>>> {
    let bad = || Error::internal(format!("tree {id} cannot be parsed"));
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let sp = i + memchr::memchr(b' ', &data[i..]).ok_or_else(bad)?;
        let nul = sp + 1 + memchr::memchr(0, &data[sp + 1..]).ok_or_else(bad)?;
        let end = nul + 1 + hash_len;
        if end > data.len() {
            return Err(bad());
        }
        out.push(TreeEntry { mode: &data[i..sp], name: &data[sp + 1..nul], id: &data[nul + 1..end] });
        i = end;
    }
    Ok(out)
}

/// git's `base_name_compare`: names compare as if trees ended in '/'.
fn tree_order(a: &TreeEntry<'_>, b: &TreeEntry<'_>) -> Ordering {
    let suffix = |e: &TreeEntry<'_>| if e.is_tree() { &b"/"[..] } else { &b""[..] };
    a.name.iter().chain(suffix(a)).cmp(b.name.iter().chain(suffix(b)))
}

/// Paths (`/`-separated) of the files and symlinks of `new` that are not identical in `old`.
/// Trees are read through `reader`, whose cache keeps those that consecutive commits share.
pub fn changed_files(repo: &gix::Repository, reader: &mut ObjectReader, old: ObjectId, new: ObjectId) -> Result<FxHashSet<String>> {
    let mut out = FxHashSet::default();
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
    out: &mut FxHashSet<String>,
) -> Result<()> {
    if old == Some(new) {
        return Ok(());
    }
    let hash_len = repo.object_hash().len_in_bytes();
    let new_data = tree(repo, reader, new)?;
    let new_entries = entries(&new, &new_data, hash_len)?;
    let old_data = match old {
        Some(o) => Some(tree(repo, reader, o)?),
        None => None,
    };
    let old_entries = match (&old, &old_data) {
        (Some(o), Some(d)) => entries(o, d, hash_len)?,
        _ => Vec::new(),
    };
    let mut k = 0;
    for e in &new_entries {
        if e.is_gitlink() {
            continue;
        }
        // Skip old entries that sort before this one (deleted: not suspects).
        while k < old_entries.len() && tree_order(&old_entries[k], e) == Ordering::Less {
            k += 1;
        }
        let same = old_entries.get(k).filter(|o| tree_order(o, e) == Ordering::Equal);
        let len = prefix.len();
        prefix.extend_from_slice(e.name);
        if e.is_tree() {
            let old_id = same.map(|o| ObjectId::from_bytes_or_panic(o.id));
            prefix.push(b'/');
            diff(repo, reader, old_id, ObjectId::from_bytes_or_panic(e.id), prefix, out)?;
        } else if same.is_none_or(|o| o.id != e.id || o.mode != e.mode) {
            out.insert(String::from_utf8_lossy(prefix).into_owned());
        }
        prefix.truncate(len);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'a>(name: &'a [u8], mode: &'a [u8]) -> TreeEntry<'a> {
        TreeEntry { name, mode, id: &[] }
    }

    #[test]
    fn trees_sort_as_if_they_ended_in_a_slash() {
        assert_eq!(tree_order(&entry(b"a", b"40000"), &entry(b"a.c", b"100644")), Ordering::Greater);
        assert_eq!(tree_order(&entry(b"a", b"100644"), &entry(b"a.c", b"100644")), Ordering::Less);
        assert_eq!(tree_order(&entry(b"a", b"40000"), &entry(b"a", b"100644")), Ordering::Greater);
        assert_eq!(tree_order(&entry(b"b", b"40000"), &entry(b"b", b"40000")), Ordering::Equal);
    }
}
