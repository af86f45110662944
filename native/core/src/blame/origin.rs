//! Finding a suspect's path in a parent commit: the same path (git's `find_origin`), or the
//! source of a rename (git's `find_rename`: a tree diff with rename detection, 50% similarity).

use gix::objs::tree::EntryMode;
use gix::ObjectId;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::{Error, Result};
use crate::repo;

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

/// Path lookups in trees, remembered by (tree id, remaining path): consecutive commits share most
/// subtrees, so a lookup usually reads only the root tree and stops at the first shared subtree.
#[derive(Default)]
pub struct TreeLookup {
    /// Per tree id: (remaining path, entry found there).
    memo: FxHashMap<ObjectId, Vec<(Box<[u8]>, Option<(EntryMode, ObjectId)>)>>,
    memo_len: usize,
    buf: Vec<u8>,
    visited: Vec<(ObjectId, usize)>,
}

/// Remembered lookups before the memo is dropped (bounds its memory).
const MEMO_MAX: usize = 1 << 20;

impl TreeLookup {
    /// The file at `path` in `tree`, if it is a file (not a directory or submodule).
    pub fn file_at(&mut self, repo: &gix::Repository, tree: ObjectId, path: &str) -> Result<Option<FileVersion>> {
        Ok(self.entry_at(repo, tree, path.as_bytes())?.and_then(|(mode, id)| FileVersion::from_mode(mode, id)))
    }

    /// The entry at `path` (`/`-separated, no empty components) in `tree`.
    pub fn entry_at(&mut self, repo: &gix::Repository, tree: ObjectId, path: &[u8]) -> Result<Option<(EntryMode, ObjectId)>> {
        if path.is_empty() || path.split(|&b| b == b'/').any(|c| c.is_empty()) {
            return repo::lookup_path(repo, tree, path, &mut self.buf);
        }
        self.visited.clear();
        let mut current = tree;
        let mut at = 0usize;
        let result = loop {
            let rest = &path[at..];
            if let Some(found) = self.memo.get(&current).and_then(|v| v.iter().find(|(p, _)| **p == *rest)) {
                break found.1;
            }
            self.visited.push((current, at));
            let (name, next) = match memchr::memchr(b'/', rest) {
                Some(p) => (&rest[..p], Some(at + p + 1)),
                None => (rest, None),
            };
            let found = self.find_in_tree(repo, current, name)?;
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

    /// The entry called `name` in tree `id`: a scan of the raw tree that compares names first
    /// and stops once git's tree order has passed `name`.
    fn find_in_tree(&mut self, repo: &gix::Repository, id: ObjectId, name: &[u8]) -> Result<Option<(EntryMode, ObjectId)>> {
        use gix::prelude::Find;
        let hash_len = repo.object_hash().len_in_bytes();
        let data = match repo.objects.try_find(&id, &mut self.buf) {
            Ok(Some(d)) => d,
            Ok(None) => return Err(Error::new(crate::error::ErrorCode::MissingObject, format!("object {id} is missing from the repository"))),
            Err(e) => return Err(Error::internal(format!("cannot read tree {id}: {e}"))),
        };
        if data.kind != gix::object::Kind::Tree {
            return Ok(None);
        }
        let d = data.data;
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
}

fn tree(repo: &gix::Repository, id: ObjectId) -> Result<gix::Tree<'_>> {
    repo.find_tree(id).map_err(|e| Error::internal(format!("cannot read tree {id}: {e}")))
}

/// Paths of files that differ between two trees (added, deleted, modified), without renames.
/// One diff serves every suspect path of a commit.
pub fn changed_paths(repo: &gix::Repository, old: ObjectId, new: ObjectId) -> Result<FxHashSet<String>> {
    let (a, b) = (tree(repo, old)?, tree(repo, new)?);
    let opts = gix::diff::Options::default().with_rewrites(None);
    let changes = repo
        .diff_tree_to_tree(&a, &b, opts)
        .map_err(|e| Error::internal(format!("cannot diff trees {old} and {new}: {e}")))?;
    let mut out = FxHashSet::default();
    for c in changes {
        use gix::object::tree::diff::ChangeDetached as C;
        let (loc, mode) = match &c {
            C::Addition { location, entry_mode, .. } | C::Deletion { location, entry_mode, .. } => (location, *entry_mode),
            C::Modification { location, entry_mode, .. } => (location, *entry_mode),
            C::Rewrite { location, entry_mode, .. } => (location, *entry_mode),
        };
        if !mode.is_tree() {
            out.insert(String::from_utf8_lossy(loc).into_owned());
        }
        // A modification that turned a file into a directory lists the old file too.
        if let C::Modification { previous_entry_mode, .. } = &c {
            if !previous_entry_mode.is_tree() {
                out.insert(String::from_utf8_lossy(loc).into_owned());
            }
        }
    }
    Ok(out)
}

/// Renames from a parent tree to a child tree: destination path → (source path, source version).
pub type Renames = FxHashMap<String, (String, FileVersion)>;

/// git's `find_rename` for all destinations at once: tree diff with rename detection (copies off,
/// 50% similarity, rename limit 1000, empty files not paired), as `diff.renames` defaults.
pub fn renames(repo: &gix::Repository, parent_tree: ObjectId, tree_id: ObjectId) -> Result<Renames> {
    let (a, b) = (tree(repo, parent_tree)?, tree(repo, tree_id)?);
    let rewrites = gix::diff::Rewrites { copies: None, percentage: Some(0.5), limit: 1000, track_empty: false };
    let opts = gix::diff::Options::default().with_rewrites(Some(rewrites));
    let changes = repo
        .diff_tree_to_tree(&a, &b, opts)
        .map_err(|e| Error::internal(format!("cannot diff trees {parent_tree} and {tree_id}: {e}")))?;
    let mut out = Renames::default();
    for c in changes {
        if let gix::object::tree::diff::ChangeDetached::Rewrite {
            source_location, source_entry_mode, source_id, location, entry_mode, ..
        } = c
        {
            if entry_mode.is_tree() {
                continue;
            }
            if let Some(v) = FileVersion::from_mode(source_entry_mode, source_id) {
                out.insert(String::from_utf8_lossy(&location).into_owned(), (String::from_utf8_lossy(&source_location).into_owned(), v));
            }
        }
    }
    Ok(out)
}
