//! Finding a suspect's path in a parent commit: the same path (git's `find_origin`), or the
//! source of a rename (git's `find_rename`: a tree diff with git's rename detection, see
//! [`crate::rename`]).

use std::sync::Arc;

use gix::objs::tree::EntryMode;
use gix::ObjectId;
use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::packs::{LentObjects, ObjectReader};
use crate::{rename, repo};

/// A file version a suspect can have: blob id and whether it is a symlink (git treats a change
/// between file and symlink as a type change: no origin in the parent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileVersion {
    pub blob: ObjectId,
    pub is_link: bool,
}

impl FileVersion {
    pub fn from_mode(mode: EntryMode, id: ObjectId) -> Option<Self> {
        if mode.is_blob() {
            Some(FileVersion { blob: id, is_link: false })
        } else if mode.is_link() {
            Some(FileVersion { blob: id, is_link: true })
        } else {
            None
        }
    }
}

/// The file at `path` in `tree`, if it is a file (not a directory or submodule).
pub fn file_at(repo: &gix::Repository, tree: ObjectId, path: &str, buf: &mut Vec<u8>) -> Result<Option<FileVersion>> {
    Ok(repo::lookup_path(repo, tree, path.as_bytes(), buf)?.and_then(|(mode, id)| FileVersion::from_mode(mode, id)))
}

/// What a tree holds at a path: the entry's mode and object.
pub type TreeEntry = (EntryMode, ObjectId);

/// A path looked up below a tree (the rest of the path from that tree) and the entry found.
type RememberedLookup = (Box<[u8]>, Option<TreeEntry>);

/// Path lookups in trees, remembered by (subtree id, remaining path): consecutive commits share
/// most subtrees, so a lookup usually reads only the root tree and stops at the first shared
/// subtree. Lookups in root trees are not remembered: a walk looks a path up in a commit's root
/// tree once (as its child's parent), and about 1% of them were asked again (express's
/// package.json, History.md and every file at once; the generated repository's scheduler.ts),
/// where remembering each cost a table entry and two allocations.
#[derive(Default)]
pub struct TreeLookup {
    /// Per tree id: each remaining path looked up there, and the entry found.
    memo: FxHashMap<ObjectId, Vec<RememberedLookup>>,
    memo_len: usize,
    buf: Vec<u8>,
    visited: Vec<(ObjectId, usize)>,
}

/// Remembered lookups before the memo is dropped (bounds its memory).
const MEMO_MAX: usize = 1 << 20;

impl TreeLookup {
    /// The file at `path` in `tree`, if it is a file (not a directory or submodule).
    pub fn file_at(&mut self, repo: &gix::Repository, reader: &mut ObjectReader, tree: ObjectId, path: &str) -> Result<Option<FileVersion>> {
        Ok(self.entry_at(repo, reader, tree, path.as_bytes())?.and_then(|(mode, id)| FileVersion::from_mode(mode, id)))
    }

    /// The entry at `path` (`/`-separated, no empty components) in `tree`.
    pub fn entry_at(&mut self, repo: &gix::Repository, reader: &mut ObjectReader, tree: ObjectId, path: &[u8]) -> Result<Option<TreeEntry>> {
        if path.is_empty() || path.split(|&b| b == b'/').any(|c| c.is_empty()) {
            return repo::lookup_path(repo, tree, path, &mut self.buf);
        }
        self.visited.clear();
        let mut current = tree;
        let mut at = 0usize;
        let result = loop {
            let rest = &path[at..];
            if at > 0 {
                if let Some(found) = self.memo.get(&current).and_then(|v| v.iter().find(|(p, _)| **p == *rest)) {
                    break found.1;
                }
                self.visited.push((current, at));
            }
            let (name, next) = match memchr::memchr(b'/', rest) {
                Some(p) => (&rest[..p], Some(at + p + 1)),
                None => (rest, None),
            };
            let found = find_in_tree(repo, reader, current, name)?;
            match (found, next) {
                (None, _) => break None,
                (Some(e), None) => break Some(e),
                (Some((mode, id)), Some(n)) => {
                    if !mode.is_tree() {
                        break None;
                    }
                    current = id;
                    at = n;
                }
            }
        };
        if self.memo_len > MEMO_MAX {
            self.memo.clear();
            self.memo_len = 0;
        }
        for &(t, a) in &self.visited {
            self.memo.entry(t).or_default().push((path[a..].into(), result));
            self.memo_len += 1;
        }
        Ok(result)
    }
}

/// The entry called `name` in tree `id`: a scan of the raw tree that compares names first and
/// stops once git's tree order has passed `name`.
fn find_in_tree(repo: &gix::Repository, reader: &mut ObjectReader, id: ObjectId, name: &[u8]) -> Result<Option<TreeEntry>> {
    let hash_len = repo.object_hash().len_in_bytes();
    let (kind, data) = reader.object(repo, id)?;
    if kind != gix::object::Kind::Tree {
        return Ok(None);
    }
    let d = &data[..];
    let mut i = 0;
    while i < d.len() {
        let bad = || Error::internal(format!("tree {id} cannot be parsed"));
        let sp = i + memchr::memchr(b' ', &d[i..]).ok_or_else(bad)?;
        let nul = sp + 1 + memchr::memchr(0, &d[sp + 1..]).ok_or_else(bad)?;
        let end = nul + 1 + hash_len;
        if end > d.len() {
            return Err(bad());
        }
        let ename = &d[sp + 1..nul];
        let is_dir = &d[i..sp] == b"40000" || &d[i..sp] == b"040000";
        if ename == name {
            let mode = EntryMode::from_bytes(&d[i..sp]).ok_or_else(bad)?;
            return Ok(Some((mode, ObjectId::from_bytes_or_panic(&d[nul + 1..end]))));
        }
        // Entries are sorted as if directories ended in '/'; `name` (file or directory)
        // sorts no later than `name/`, so an entry after `name/` ends the search.
        let after = ename.iter().chain(if is_dir { &b"/"[..] } else { &b""[..] }).cmp(name.iter().chain(&b"/"[..]));
        if after == std::cmp::Ordering::Greater {
            return Ok(None);
        }
        i = end;
    }
    Ok(None)
}

fn tree(objects: &LentObjects<'_>, id: ObjectId) -> Result<Arc<Vec<u8>>> {
    match objects.object(id) {
        Ok((gix::object::Kind::Tree, data)) => Ok(data),
        Ok((kind, _)) => Err(Error::internal(format!("cannot read tree {id}: it is a {kind}"))),
        Err(e) => Err(Error::internal(format!("cannot read tree {id}: {}", e.message))),
    }
}

/// Sizes from object headers, as gix reads them; contents through the lent reader's cache.
impl rename::Blobs for LentObjects<'_> {
    fn size(&self, id: &ObjectId) -> Result<u64> {
        self.repo().size(id)
    }

    fn read(&self, id: &ObjectId) -> Result<Vec<u8>> {
        self.object(*id).map(|(_, data)| data.to_vec())
    }
}

/// Renames from a parent tree to a child tree: destination path → (source path, source version).
pub type Renames = FxHashMap<String, (String, FileVersion)>;

/// git's `find_rename` for every created file at once: each one is paired on its own, as blame's
/// `single_follow` does (renames only, 50% similarity, rename limit 1000, empty files only when
/// identical), so a file never loses its source to another created file.
/// Trees and blobs are read through `objects`.
pub fn renames(objects: &LentObjects<'_>, parent_tree: ObjectId, tree_id: ObjectId) -> Result<Renames> {
    renames_of(objects, parent_tree, tree_id, &|_| true)
}

/// [`renames`] for the created files whose path `wanted` accepts (the similarity matrix of each
/// costs a comparison with every deleted file).
pub fn renames_of(objects: &LentObjects<'_>, parent_tree: ObjectId, tree_id: ObjectId, wanted: &dyn Fn(&str) -> bool) -> Result<Renames> {
    let (a, b) = (tree(objects, parent_tree)?, tree(objects, tree_id)?);
    let old = gix::objs::TreeRefIter::from_bytes(&a, parent_tree.kind());
    let new = gix::objs::TreeRefIter::from_bytes(&b, tree_id.kind());
    let pairs = rename::diff_trees(objects, old, new, &mut Default::default())
        .map_err(|e| Error::internal(format!("cannot diff trees {parent_tree} and {tree_id}: {e}")))?;
    let sources = rename::diff_sources(&pairs, false);
    let mut out = Renames::default();
    if sources.is_empty() {
        return Ok(out);
    }
    let mut cache = rename::SimilarityCache::default();
    for pair in &pairs {
        let rename::FilePair::Created(destination) = pair else { continue };
        let to = String::from_utf8_lossy(&destination.path).into_owned();
        if !wanted(&to) {
            continue;
        }
        let found = rename::detect(&sources, std::slice::from_ref(destination), &rename::Options::renames(), &mut cache, objects)?;
        let Some(Some(p)) = found.first() else { continue };
        let source = &sources[p.source].entry;
        if let Some(v) = FileVersion::from_mode(source.mode, source.id) {
            out.insert(to, (String::from_utf8_lossy(&source.path).into_owned(), v));
        }
    }
    Ok(out)
}
