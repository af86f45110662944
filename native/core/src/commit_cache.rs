//! Parsed commit headers (tree, committer time, parents) kept between calls in this process.
//!
//! A repository without a commit-graph file (a fresh clone has none until `git gc` writes one)
//! makes every blame inflate and parse each commit it passes; in an editor that blames file after
//! file of one repository, most of those commits are the same. A commit's id names its content,
//! so an entry can never go stale, and the same id means the same commit in any repository.
//! The table is bounded: when full it is emptied and refilled.

use std::sync::{Arc, OnceLock, RwLock};

use gix::ObjectId;
use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::packs::ObjectReader;

/// What a history walk needs of a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitHeader {
    pub tree: ObjectId,
    /// Committer time, unix seconds.
    pub time: i64,
    pub parents: Box<[ObjectId]>,
}

/// Headers kept at most: about 100 bytes each, so a few tens of MiB.
const MAX_ENTRIES: usize = 256 * 1024;

fn table() -> &'static RwLock<FxHashMap<ObjectId, Arc<CommitHeader>>> {
    static TABLE: OnceLock<RwLock<FxHashMap<ObjectId, Arc<CommitHeader>>>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

/// The header of `id`, if a call parsed it before.
pub fn get(id: &ObjectId) -> Option<Arc<CommitHeader>> {
    // A poisoned lock only means another thread panicked while holding it; the map is still whole.
    let map = table().read().unwrap_or_else(|e| e.into_inner());
    map.get(id).cloned()
}

/// Remembers the header of `id`.
pub fn put(id: ObjectId, header: Arc<CommitHeader>) {
    let mut map = table().write().unwrap_or_else(|e| e.into_inner());
    if map.len() >= MAX_ENTRIES {
        map.clear();
    }
    map.insert(id, header);
}

/// Remembers several headers under one lock.
pub fn put_many(headers: impl IntoIterator<Item = (ObjectId, Arc<CommitHeader>)>) {
    let mut map = table().write().unwrap_or_else(|e| e.into_inner());
    for (id, header) in headers {
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        map.insert(id, header);
    }
}

/// The header of commit `id`: from the table, or read through `reader` and remembered (unless
/// `remember` is false: the caller puts it later, e.g. in a batch).
pub fn header(repo: &gix::Repository, reader: &mut ObjectReader, id: ObjectId, remember: bool) -> Result<Arc<CommitHeader>> {
    if let Some(h) = get(&id) {
        return Ok(h);
    }
    let (kind, data) = reader.object(repo, id)?;
    if kind != gix::object::Kind::Commit {
        return Err(Error::internal(format!("{id} is a {kind}, not a commit")));
    }
    let c = gix::objs::CommitRef::from_bytes(&data, repo.object_hash())
        .map_err(|e| Error::internal(format!("commit {id} cannot be parsed: {e}")))?;
    let h = Arc::new(CommitHeader { tree: c.tree(), time: committer_time(c.committer), parents: c.parents().collect() });
    if remember {
        put(id, Arc::clone(&h));
    }
    Ok(h)
}

/// The unix seconds of a raw committer line (`Name <email> 1700000000 +0100`); 0 when unreadable.
fn committer_time(raw: &gix::bstr::BStr) -> i64 {
    use gix::bstr::ByteSlice;
    let after = match raw.rfind_byte(b'>') {
        Some(p) => &raw[p + 1..],
        None => raw,
    };
    after.fields().next().and_then(|t| std::str::from_utf8(t).ok()).and_then(|t| t.parse().ok()).unwrap_or(0)
}

/// Headers kept now.
pub fn len() -> usize {
    table().read().unwrap_or_else(|e| e.into_inner()).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_put_is_found_again_and_the_table_stays_bounded() {
        let id = |n: u32| {
            let mut bytes = [0u8; 20];
            bytes[..4].copy_from_slice(&n.to_be_bytes());
            bytes[19] = 0xab; // not the null id
            ObjectId::from_bytes_or_panic(&bytes)
        };
        let header = Arc::new(CommitHeader { tree: id(1), time: 42, parents: vec![id(2)].into_boxed_slice() });
        put(id(7), Arc::clone(&header));
        assert_eq!(get(&id(7)).as_deref(), Some(&*header));
        assert_eq!(get(&id(8)), None);
        for n in 0..(MAX_ENTRIES as u32 + 10) {
            put(id(1_000_000 + n), Arc::clone(&header));
        }
        assert!(len() <= MAX_ENTRIES);
    }
}
