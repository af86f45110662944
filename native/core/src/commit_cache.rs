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
    // The header lines come first and take some 250 bytes (a line more per extra parent); the
    // message and any signature after them need not be inflated.
    let (kind, start) = reader.object_start(repo, id, HEADER_BYTES)?;
    if kind != gix::object::Kind::Commit {
        return Err(Error::internal(format!("{id} is a {kind}, not a commit")));
    }
    let h = match parse_header(&start, repo.object_hash().len_in_hex()) {
        Some(h) => Arc::new(h),
        None => {
            // Longer, or not in the usual order: the whole commit, parsed by gix.
            let data = reader.commit(repo, id)?;
            let c = gix::objs::CommitRef::from_bytes(&data, repo.object_hash())
                .map_err(|e| Error::internal(format!("commit {id} cannot be parsed: {e}")))?;
            Arc::new(CommitHeader { tree: c.tree(), time: committer_time(c.committer), parents: c.parents().collect() })
        }
    };
    if remember {
        put(id, Arc::clone(&h));
    }
    Ok(h)
}

/// Bytes of a commit inflated for its header: in 99% of the commits of express and of the
/// generated benchmark repository the committer line ends before byte 300 (`git rev-list HEAD |
/// git cat-file --batch`); a merge adds 48 bytes per parent.
const HEADER_BYTES: usize = 384;

/// Tree, parents and committer time from the complete lines at the start of a commit, when they
/// are there in git's order (`tree`, `parent`s, `author`, `committer`); None otherwise.
fn parse_header(start: &[u8], hex_len: usize) -> Option<CommitHeader> {
    let mut lines = start.split_inclusive(|&b| b == b'\n').map(|l| l.strip_suffix(b"\n"));
    let id = |hex: &[u8]| -> Option<ObjectId> {
        if hex.len() != hex_len || !hex.iter().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b)) {
            return None;
        }
        ObjectId::from_hex(hex).ok()
    };
    let tree = id(lines.next()??.strip_prefix(b"tree ")?)?;
    let mut parents = Vec::new();
    let mut line = lines.next()??;
    while let Some(p) = line.strip_prefix(b"parent ") {
        parents.push(id(p)?);
        line = lines.next()??;
    }
    line.strip_prefix(b"author ")?;
    let committer = lines.next()??.strip_prefix(b"committer ")?;
    Some(CommitHeader { tree, time: committer_time(committer.into()), parents: parents.into_boxed_slice() })
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
    fn headers_are_read_from_complete_lines_in_gits_order_only() {
        let tree = "4b825dc642cb6eb9a060e54bf8d69288fbe4904b";
        let p1 = "1111111111111111111111111111111111111111";
        let p2 = "2222222222222222222222222222222222222222";
        let person = "A U Thor <a@example.com>";
        let commit = |parents: &[&str], committer_time: &str| {
            let mut s = format!("tree {tree}\n");
            for p in parents {
                s += &format!("parent {p}\n");
            }
            s + &format!("author {person} 1600000000 +0200\ncommitter {person} {committer_time} -0100\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n -----END PGP SIGNATURE-----\n\nsubject\n")
        };
        let hex = |h: &str| ObjectId::from_hex(h.as_bytes()).unwrap();
        let merge = parse_header(commit(&[p1, p2], "1700000000").as_bytes(), 40).unwrap();
        assert_eq!(merge, CommitHeader { tree: hex(tree), time: 1_700_000_000, parents: vec![hex(p1), hex(p2)].into_boxed_slice() });
        assert_eq!(parse_header(commit(&[], "5").as_bytes(), 40).unwrap().parents.len(), 0);
        // As gix parses the same bytes.
        let raw = commit(&[p1], "1700000001");
        let c = gix::objs::CommitRef::from_bytes(raw.as_bytes(), gix::hash::Kind::Sha1).unwrap();
        let ours = parse_header(raw.as_bytes(), 40).unwrap();
        assert_eq!((ours.tree, ours.time, ours.parents.to_vec()), (c.tree(), committer_time(c.committer), c.parents().collect::<Vec<_>>()));
        // Cut inside the committer line (a partial read): not enough, whatever follows the cut.
        let cut = raw.find("committer").unwrap() + 20;
        assert_eq!(parse_header(&raw.as_bytes()[..cut], 40), None);
        assert_eq!(parse_header(&[raw.as_bytes()[..cut].to_vec(), vec![0; 50]].concat(), 40), None);
        // Out of order, a missing author, an id in capitals or of the wrong length: left to gix.
        let swapped = raw.replacen(&format!("tree {tree}\nparent {p1}\n"), &format!("parent {p1}\ntree {tree}\n"), 1);
        assert_ne!(swapped, raw);
        assert!(parse_header(swapped.as_bytes(), 40).is_none());
        assert!(parse_header(raw.replacen("author", "authr", 1).as_bytes(), 40).is_none());
        assert!(parse_header(raw.replacen(tree, &tree.to_uppercase(), 1).as_bytes(), 40).is_none());
        assert!(parse_header(raw.as_bytes(), 64).is_none());
    }

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
